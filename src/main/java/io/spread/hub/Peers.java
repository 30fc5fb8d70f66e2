package io.spread.hub;

import java.util.List;

import io.spread.history.RoomHistory;

/** The other replicas of a clustered hub, as the broadcast service sees them; {@link #NONE} on a single node. */
public interface Peers {

	Peers NONE = new Peers() {
	};

	/**
	 * Whether rooms are numbered cluster-wide: then what local clients publish goes through
	 * {@link #publishRoom}, and every replica (this one too) delivers it when it comes back numbered.
	 */
	default boolean numbersRooms() {
		return false;
	}

	/**
	 * Queues messages for a room, to be numbered cluster-wide and delivered to its members on every replica, in the
	 * order queued, without blocking.
	 * @param exceptConnection the local connection not to deliver to (the sender), or null
	 * @return whether they were queued; if not, why
	 */
	default Publishing publishRoom(String room, String from, String exceptConnection, List<byte[]> payloads) {
		return Publishing.UNREACHABLE;
	}

	/** What became of messages given to {@link #publishRoom}. */
	enum Publishing {

		/** Queued: every replica, this one too, delivers them once they are numbered. */
		QUEUED,

		/** Not taken: the queue to the other replicas is full. */
		BUSY,

		/** Not taken: the other replicas are out of reach; this replica numbers and delivers alone. */
		UNREACHABLE

	}

	/** Tells the other replicas' members of a room that a local client joined or left it. */
	default void presence(String room, String name, boolean joined) {
	}

	/**
	 * A room's numbering as the cluster holds it, made now if it has none; null on a single node or when it cannot
	 * be read.
	 */
	default RoomState roomState(String room) {
		return null;
	}

	/**
	 * What the cluster keeps of a room after an offset; null on a single node, when it cannot be read, or when the
	 * cluster has no numbering for the room.
	 */
	default KeptMessages history(String room, long after) {
		return null;
	}

	/** Clients connected to the other replicas, as last heard. */
	default int remoteClientCount() {
		return 0;
	}

	/** Sessions on the other replicas, as last heard. */
	default List<SessionInfo> remoteSessions() {
		return List.of();
	}

	/** This replica's id; empty on a single node. */
	default String replicaId() {
		return "";
	}

	/** Asks another replica to disconnect one of its clients; false if it could not be asked. */
	default boolean disconnectRemote(String replica, String connectionId) {
		return false;
	}

	/**
	 * Takes a client's name cluster-wide; false if a client of another replica has it. A single node has no other
	 * replicas, so the name is free if no local client has it.
	 */
	default boolean claimName(String name) {
		return true;
	}

	/** Gives a name taken with {@link #claimName} back. */
	default void releaseName(String name) {
	}

	/** Passes a direct message to the replica whose client has that name; false if no other replica has it. */
	default boolean directRemote(String from, String to, byte[] payload) {
		return false;
	}

	/** Asks every other replica to send a notice to its clients; returns how many were asked. */
	default int announceRemote(String text) {
		return 0;
	}

	/** A room's epoch and the offset of its last message, cluster-wide. */
	record RoomState(String epoch, long lastOffset) {
	}

	/**
	 * A room's kept messages after an offset, cluster-wide, oldest first, none past their time to live, with the
	 * room's epoch and last offset; {@code earliest} is the first kept offset after the one asked for, or
	 * {@code lastOffset + 1} if none.
	 */
	record KeptMessages(String epoch, long lastOffset, long earliest, List<RoomHistory.Entry> entries) {
	}

}
