package io.spread.hub;

import java.util.List;

/** The other replicas of a clustered hub, as the broadcast service sees them; {@link #NONE} on a single node. */
public interface Peers {

	Peers NONE = new Peers() {
	};

	/** Passes frames a local client sent to the other replicas (without blocking). */
	default void forward(String originConnectionId, List<byte[]> payloads) {
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

}
