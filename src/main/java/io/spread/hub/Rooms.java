package io.spread.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

import io.spread.history.HistoryStore;
import io.spread.history.RoomHistory;
import io.spread.protocol.ErrorText;

/**
 * The rooms of this replica and who is in them: joins, leaves, and leaving everything on disconnect, each told to
 * the room's other members through the {@link Router}. Relay clients are members of the relay room from the moment
 * they are registered until they go. A room is kept while it has members or history ({@link #sweep}).
 */
public class Rooms implements SessionRegistry.Listener {

	private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();

	private final Router router;

	private final String relayRoom;

	private final int maxRoomsPerClient;

	private final HistoryStore history;

	private final Peers peers;

	private final HubNotices notices;

	public Rooms(Router router, String relayRoom, int maxRoomsPerClient, HistoryStore history, Peers peers,
			HubNotices notices) {
		this.notices = notices;
		this.peers = peers;
		this.router = router;
		this.history = history;
		this.relayRoom = relayRoom;
		this.maxRoomsPerClient = maxRoomsPerClient;
	}

	/** What a client learns when it joins: the room's state as of its joining. */
	public record Joined(Room room, int members, String epoch, long lastOffset) {
	}

	/**
	 * Adds a client to a room, made if it does not exist; the room's other members are told. {@code answer} runs
	 * with the room's monitor held, so that the joiner's answer is queued before any message numbered after it.
	 * @param catchUp whether the joiner may ask for history before it gets messages live: if so, and the room keeps
	 * history, messages published after its answer wait in the history until {@link Recovery} brings it up to date
	 * @return false if the client is in as many rooms as it may be (and not in this one)
	 */
	public boolean join(Session session, String name, boolean catchUp, Consumer<Joined> answer) {
		if (!session.isIn(name) && session.roomCount() >= this.maxRoomsPerClient) {
			return false;
		}
		while (true) {
			Room room = this.rooms.computeIfAbsent(name, made -> new Room(made, this.history.newRoom()));
			syncWithCluster(room);
			synchronized (room) {
				if (room.isClosed()) {
					continue;
				}
				if (room.members().add(session)) {
					session.joined(name, room.lastOffset());
					if (session.connection().isClosed()) {
						// it went while joining: its disconnect may have missed this room
						room.members().remove(session);
						session.left(name);
						closeIfUnused(room);
						return true;
					}
					if (catchUp && room.history() != null) {
						room.catchingUp().put(session, room.lastOffset());
						session.catchingUp(name);
					}
					this.router.presence(room, session, true);
				}
				int members = room.members().size() + remoteMembers(name).size();
				answer.accept(new Joined(room, members, room.epoch(), room.lastOffset()));
				return true;
			}
		}
	}

	/**
	 * Removes a client from a room; the other members are told, and an emptied room is forgotten.
	 * @return false if it was not a member
	 */
	public boolean leave(Session session, String name) {
		Room room = this.rooms.get(name);
		if (room == null) {
			return false;
		}
		synchronized (room) {
			if (!room.members().contains(session)) {
				return false;
			}
			// what was published while it was a member reaches it before it has left
			bringLive(room, session);
			room.members().remove(session);
			room.ahead().remove(session);
			session.left(name);
			this.router.presence(room, session, false);
			closeIfUnused(room);
			return true;
		}
	}

	/**
	 * A clustered room takes its epoch and last offset from the cluster when it is first joined here. It is in the
	 * map already, so what other replicas publish to it meanwhile reaches it and is not lost: messages newer than
	 * the numbering read are kept, older ones skipped ({@link Router#deliver}). Read once per room, off the monitor.
	 */
	private void syncWithCluster(Room room) {
		if (!this.peers.numbersRooms()) {
			return;
		}
		synchronized (room) {
			if (room.isSynced()) {
				return;
			}
		}
		Peers.RoomState state = this.peers.roomState(room.name());
		synchronized (room) {
			if (room.isSynced()) {
				return;
			}
			room.synced();
			if (state == null) {
				// out of reach: numbered here until messages numbered by the cluster arrive again
				return;
			}
			if (state.epoch().equals(room.epoch())) {
				room.skipTo(state.lastOffset());
			}
			else if (room.lastOffset() == 0) {
				room.restart(state.epoch(), state.lastOffset());
			}
		}
	}

	/** Names of other replicas' clients in a room, as last heard. */
	private List<String> remoteMembers(String room) {
		List<String> names = new ArrayList<>();
		for (SessionInfo session : this.peers.remoteSessions()) {
			if (session.rooms() != null && session.rooms().contains(room) && session.name() != null) {
				names.add(session.name());
			}
		}
		return names;
	}

	/** A room's members on every replica (others' as last heard), sorted. */
	public List<String> memberNames(String name) {
		Room room = this.rooms.get(name);
		List<String> names = new ArrayList<>((room != null) ? room.memberNames() : List.of());
		names.addAll(remoteMembers(name));
		names.sort(null);
		return names;
	}

	/** Rooms with members on any replica (others' as last heard), sorted. */
	public List<String> namesWithMembers() {
		TreeSet<String> names = new TreeSet<>();
		withMembers().forEach(room -> names.add(room.name()));
		for (SessionInfo session : this.peers.remoteSessions()) {
			if (session.rooms() != null) {
				names.addAll(session.rooms());
			}
		}
		return List.copyOf(names);
	}

	/**
	 * Called with the room's monitor held: a member catching up gets what was published since it joined, but its
	 * own messages, and gets the room's messages live from now on (see {@link Recovery}).
	 */
	void bringLive(Room room, Session member) {
		Long joinedAt = room.catchingUp().remove(member);
		if (joinedAt == null || joinedAt >= room.lastOffset()) {
			return;
		}
		List<RoomHistory.Entry> missed = room.history().between(joinedAt, room.lastOffset());
		long lost = room.lastOffset() - joinedAt - missed.size();
		this.router.replay(room.name(), member, withoutOwn(missed, member, joinedAt));
		this.history.replayed(missed.size());
		if (lost > 0) {
			// let go under memory pressure before it could be replayed: told as any other gap in its delivery
			this.notices.send(member.connection(), ErrorText.dropped(lost));
		}
	}

	/**
	 * Kept messages but those {@code member} published after {@code joinedAt}: what it published while a member it
	 * does not get back, as it would not have live. (A HISTORY replays its earlier messages like anyone's.)
	 */
	static List<RoomHistory.Entry> withoutOwn(List<RoomHistory.Entry> entries, Session member, long joinedAt) {
		List<RoomHistory.Entry> others = new ArrayList<>(entries.size());
		for (RoomHistory.Entry entry : entries) {
			if (entry.offset() <= joinedAt || !entry.from().equals(member.name())) {
				others.add(entry);
			}
		}
		return others;
	}

	/** Called with the room's monitor held: forgets a room that has neither members nor history left. */
	private void closeIfUnused(Room room) {
		if (!room.isInUse()) {
			room.close();
			this.rooms.remove(room.name(), room);
		}
	}

	/**
	 * Lets go of history older than its time to live, and forgets the rooms left with neither members nor history.
	 * Called every second.
	 */
	public void sweep() {
		long now = System.currentTimeMillis();
		for (Room room : this.rooms.values()) {
			synchronized (room) {
				if (room.history() != null) {
					room.history().expire(now);
				}
				if (!room.isClosed()) {
					closeIfUnused(room);
				}
			}
		}
	}

	/** The room of that name, or null if it has neither members nor history. */
	public Room get(String name) {
		return this.rooms.get(name);
	}

	/** Rooms kept now, with members or history, by name. */
	public List<Room> all() {
		List<Room> all = new ArrayList<>(this.rooms.values());
		all.sort(Comparator.comparing(Room::name));
		return all;
	}

	/** Rooms with members now, by name. */
	public List<Room> withMembers() {
		return all().stream().filter(room -> room.memberCount() > 0).toList();
	}

	public String relayRoom() {
		return this.relayRoom;
	}

	/** A relay client is in the relay room from the start. */
	@Override
	public void registered(Session session) {
		if (session.frontEnd() instanceof RelayFrontEnd) {
			join(session, this.relayRoom, false, joined -> {
			});
		}
	}

	/** A client that goes leaves every room it was in; a second call finds it in none. */
	@Override
	public void leaving(Session session) {
		for (String room : session.rooms()) {
			leave(session, room);
		}
	}

}
