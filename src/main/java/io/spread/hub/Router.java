package io.spread.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.spread.connection.Chunk;
import io.spread.connection.MemoryBudget;
import io.spread.history.RoomHistory;
import io.spread.protocol.ErrorText;

/**
 * Delivers to rooms and to names: the one place where frames are queued on receivers. Each delivery is encoded once
 * per front end among its receivers (a relay client gets the bare payload, a gateway client the {@code MSG}
 * envelope) and the encoded chunk is shared by every receiver of that front end; queuing never blocks, so no client
 * waits on another.
 */
public class Router {

	private final SessionRegistry registry;

	private final MemoryBudget budget;

	private final RoomMeters meters;

	private final Peers peers;

	private final HubNotices notices;

	public Router(SessionRegistry registry, MemoryBudget budget, RoomMeters meters, Peers peers, HubNotices notices) {
		this.notices = notices;
		this.peers = peers;
		this.registry = registry;
		this.budget = budget;
		this.meters = meters;
	}

	/**
	 * Publishes messages a member sent to a room to every other member. Called on the sender's reader thread, so
	 * one sender's messages are numbered and queued in the order it sent them.
	 */
	public void publish(Room room, Session from, List<byte[]> payloads) {
		if (!this.peers.numbersRooms()) {
			publishHere(room, from.name(), from, payloads);
			return;
		}
		switch (this.peers.publishRoom(room.name(), from.name(), from.id(), payloads)) {
			case UNREACHABLE -> publishAlone(room, from.name(), from, payloads);
			// not accepted: renumbering the room here would split it from the other replicas
			case BUSY -> this.notices.send(from.connection(), ErrorText.dropped(payloads.size()));
			// numbered cluster-wide, and delivered here too when they come back (deliver)
			default -> {
			}
		}
	}

	/**
	 * A clustered replica that cannot reach the others numbers and delivers a room's messages here, under an epoch
	 * of its own, so that its clients can tell this numbering from the cluster's; the cluster's next message
	 * restarts the room's numbering on its epoch ({@link #deliver}).
	 */
	public void publishAlone(Room room, String from, Session except, List<byte[]> payloads) {
		synchronized (room) {
			if (room.numberAlone()) {
				restarted(room, room.epoch(), room.lastOffset() + 1);
			}
			publishHere(room, from, except, payloads);
		}
	}

	/**
	 * Numbers messages on this replica and queues them on every member here but {@code except}: a single node's
	 * publishing.
	 * @param except the local session not to deliver to (the sender), or null
	 */
	private void publishHere(Room room, String from, Session except, List<byte[]> payloads) {
		synchronized (room) {
			if (room.isClosed()) {
				// its last member left meanwhile (the sender among them, going): nobody is to hear it
				return;
			}
			long first = room.number(from, payloads);
			queue(room, from, except, first, payloads);
		}
	}

	/**
	 * Queues messages numbered cluster-wide on the room's members here but {@code except}, as every replica
	 * receives them. Offsets it has had already are skipped (a subscription that came back may repeat them); an
	 * epoch other than the room's restarts its numbering (the cluster lost it, or this replica numbered alone while
	 * the others were out of reach), and its members are told.
	 * @return false if the room was closed meanwhile (look it up again)
	 */
	public boolean deliver(Room room, String epoch, long first, String from, Session except, List<byte[]> payloads) {
		synchronized (room) {
			if (room.isClosed()) {
				return false;
			}
			if (!epoch.equals(room.epoch())) {
				room.restart(epoch, first - 1);
				restarted(room, epoch, first);
			}
			long had = room.lastOffset() - first + 1;
			if (had >= payloads.size()) {
				return true;
			}
			List<byte[]> fresh = (had > 0) ? payloads.subList((int) had, payloads.size()) : payloads;
			// a first offset past the last one means messages this replica missed while it was not subscribed
			long firstFresh = room.numbered(from, first + Math.max(0, had), fresh);
			queue(room, from, except, firstFresh, fresh);
			return true;
		}
	}

	/**
	 * Called with the room's monitor held once its numbering restarted: members catching up are live now (what they
	 * waited for was numbered in the old epoch), and every member whose front end numbers messages is told the
	 * room's new epoch and the offset its numbering goes on from (gateway clients: {@code ERR history-gone}).
	 */
	private void restarted(Room room, String epoch, long next) {
		room.catchingUp().clear();
		fanOut(room.members(), null, Set.of(), frontEnd -> frontEnd.numberingRestarted(room.name(), epoch, next), 1);
	}

	/** Called with the room's monitor held: queues numbered messages on its members. */
	private void queue(Room room, String from, Session except, long first, List<byte[]> payloads) {
		// members catching up get these from the history when Recovery brings them up to date
		Set<Session> skip = room.catchingUp().keySet();
		if (!room.ahead().isEmpty()) {
			skip = new HashSet<>(skip);
			skip.addAll(room.ahead().keySet());
			queueOnAhead(room, from, except, first, payloads);
		}
		fanOut(room.members(), except, skip,
				frontEnd -> frontEnd.roomMessages(room.name(), from, first, payloads), payloads.size());
		this.meters.published(room.name(), payloads.size());
	}

	/**
	 * Called with the room's monitor held: queues on members ahead of this replica only the messages past the last
	 * one each has had; one this reaches is an ordinary member again.
	 */
	private void queueOnAhead(Room room, String from, Session except, long first, List<byte[]> payloads) {
		long last = first + payloads.size() - 1;
		Iterator<Map.Entry<Session, Long>> members = room.ahead().entrySet().iterator();
		while (members.hasNext()) {
			Map.Entry<Session, Long> member = members.next();
			long had = member.getValue();
			if (had < last) {
				int skipped = (int) Math.max(0, had - first + 1);
				List<byte[]> fresh = payloads.subList(skipped, payloads.size());
				fanOut(List.of(member.getKey()), except, Set.of(),
						frontEnd -> frontEnd.roomMessages(room.name(), from, first + skipped, fresh), fresh.size());
			}
			if (had <= last) {
				members.remove();
			}
		}
	}

	/**
	 * Tells a room's members but {@code who}, here and on the other replicas, that it joined or left. Called with
	 * the room's monitor held.
	 */
	void presence(Room room, Session who, boolean joined) {
		fanOut(room.members(), who, Set.of(), frontEnd -> frontEnd.presence(room.name(), who.name(), joined), 1);
		this.peers.presence(room.name(), who.name(), joined);
	}

	/** Tells a room's members here that a client of another replica joined or left it. */
	public void remotePresence(Room room, String name, boolean joined) {
		synchronized (room) {
			fanOut(room.members(), null, Set.of(), frontEnd -> frontEnd.presence(room.name(), name, joined), 1);
		}
	}

	/**
	 * Queues kept messages of a room on one client, in order, each run of one sender's messages as one delivery.
	 * Called with the room's monitor held when it is a member, so nothing numbered later can be queued before them.
	 */
	void replay(String room, Session to, List<RoomHistory.Entry> entries) {
		int start = 0;
		while (start < entries.size()) {
			RoomHistory.Entry first = entries.get(start);
			int end = start + 1;
			while (end < entries.size() && entries.get(end).from().equals(first.from())) {
				end++;
			}
			List<byte[]> payloads = new ArrayList<>(end - start);
			for (int i = start; i < end; i++) {
				payloads.add(entries.get(i).payload());
			}
			fanOut(List.of(to), null, Set.of(),
					frontEnd -> frontEnd.roomMessages(room, first.from(), first.offset(), payloads),
					payloads.size());
			start = end;
		}
	}

	/**
	 * Delivers a direct message to the client of that name, on this replica or, through {@link Peers}, another.
	 * @return false if no client of any replica has that name
	 */
	public boolean direct(String from, String to, byte[] payload) {
		return directLocal(from, to, payload) || this.peers.directRemote(from, to, payload);
	}

	/**
	 * Queues a direct message on this replica's client of that name.
	 * @return false if no local client has that name
	 */
	public boolean directLocal(String from, String to, byte[] payload) {
		Session target = this.registry.named(to);
		if (target == null) {
			return false;
		}
		fanOut(List.of(target), null, Set.of(), frontEnd -> frontEnd.direct(from, payload), 1);
		return true;
	}

	/** Queues a notice of the hub's own on every local client; returns how many took it. */
	public int announce(String text) {
		return fanOut(this.registry.sessions(), null, Set.of(), frontEnd -> frontEnd.notice(text), 1);
	}

	/**
	 * The one fan-out loop: queues what {@code encoder} makes of a delivery for each receiver's front end on every
	 * receiver but {@code except} and those in {@code skip}, encoding once per front end. A front end that answers
	 * null gets nothing.
	 * @return how many receivers took it
	 */
	private int fanOut(Iterable<Session> receivers, Session except, Set<Session> skip,
			Function<FrontEnd, byte[]> encoder, int frames) {
		Encodings encodings = new Encodings(encoder, frames, this.budget);
		boolean skipping = !skip.isEmpty();
		int receivedBy = 0;
		try {
			for (Session receiver : receivers) {
				if (receiver != except && !(skipping && skip.contains(receiver)) && encodings.offer(receiver)) {
					receivedBy++;
				}
			}
		}
		finally {
			// always, so that the budget lets each chunk go once its receivers have
			encodings.offered();
		}
		return receivedBy;
	}

	/** One delivery's chunks, made the first time a receiver of each front end is met. There are few front ends. */
	private static final class Encodings {

		private final Function<FrontEnd, byte[]> encoder;

		private final int frames;

		private final MemoryBudget budget;

		private FrontEnd[] frontEnds = new FrontEnd[2];

		private Chunk[] chunks = new Chunk[2];

		private int[] takers = new int[2];

		private int count;

		Encodings(Function<FrontEnd, byte[]> encoder, int frames, MemoryBudget budget) {
			this.encoder = encoder;
			this.frames = frames;
			this.budget = budget;
		}

		boolean offer(Session receiver) {
			int index = indexOf(receiver.frontEnd());
			Chunk chunk = this.chunks[index];
			if (chunk != null && receiver.connection().offer(chunk)) {
				this.takers[index]++;
				return true;
			}
			return false;
		}

		private int indexOf(FrontEnd frontEnd) {
			for (int i = 0; i < this.count; i++) {
				if (this.frontEnds[i] == frontEnd) {
					return i;
				}
			}
			if (this.count == this.frontEnds.length) {
				this.frontEnds = Arrays.copyOf(this.frontEnds, this.count * 2);
				this.chunks = Arrays.copyOf(this.chunks, this.count * 2);
				this.takers = Arrays.copyOf(this.takers, this.count * 2);
			}
			byte[] encoded = this.encoder.apply(frontEnd);
			this.frontEnds[this.count] = frontEnd;
			this.chunks[this.count] = (encoded != null) ? this.budget.share(encoded, this.frames) : null;
			return this.count++;
		}

		void offered() {
			for (int i = 0; i < this.count; i++) {
				if (this.chunks[i] != null) {
					this.chunks[i].offered(this.takers[i]);
				}
			}
		}

	}

}
