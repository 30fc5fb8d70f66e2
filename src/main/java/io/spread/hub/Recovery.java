package io.spread.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.spread.history.HistoryStore;
import io.spread.history.RoomHistory;
import io.spread.protocol.ErrorText;

/**
 * Brings clients up to date from room history (SPEC section 9), so that what they are replayed and what they get
 * live never interleave out of order.
 * <p>
 * A gateway client that joins a room that keeps history is <em>catching up</em>: the room's messages published
 * after its {@code OK JOIN} are kept in the history but not queued on it. Its {@code HISTORY} for that room (sent
 * with the {@code JOIN}, in the same read) replays what it missed from its offset to the room's last message and
 * then makes it live; if it asks for nothing, it is made live once the read that held the {@code JOIN} has been
 * handled, with the messages since its {@code OK JOIN}. Both happen with the room's monitor held, which publishing
 * takes too, so no message can slip in between.
 */
public class Recovery {

	private final Rooms rooms;

	private final Router router;

	private final HistoryStore store;

	private final Peers peers;

	public Recovery(Rooms rooms, Router router, HistoryStore store, Peers peers) {
		this.peers = peers;
		this.rooms = rooms;
		this.router = router;
		this.store = store;
	}

	/**
	 * {@code HISTORY <room> <epoch> <after>}: replays the kept messages after {@code after} that the client did not
	 * get live, then answers {@code OK HISTORY <room> <last>}; or answers {@code ERR history-gone} with the room's
	 * epoch and earliest kept offset when its epoch is another or messages after {@code after} are no longer kept.
	 * A clustered hub reads what the cluster keeps first, off the room's monitor, and adds what this replica has
	 * received since. {@code answer} runs with the room's monitor held, so it is queued right after the replay.
	 */
	public void history(Session client, String name, String epoch, long after, Consumer<String> answer) {
		Peers.KeptMessages kept = this.peers.numbersRooms() ? this.peers.history(name, after) : null;
		Room room = this.rooms.get(name);
		if (room == null) {
			historyNotHere(client, name, epoch, after, kept, answer);
			return;
		}
		synchronized (room) {
			if (room.isClosed()) {
				historyNotHere(client, name, epoch, after, kept, answer);
				return;
			}
			long last = room.lastOffset();
			RoomHistory history = room.history();
			if (history != null) {
				history.expire(System.currentTimeMillis());
			}
			long earliest = (history != null) ? history.earliest(last + 1) : last + 1;
			if (kept != null && kept.epoch().equals(room.epoch())) {
				earliest = Math.min(earliest, kept.earliest());
			}
			else {
				kept = null;
			}
			Long joinedAt = room.catchingUp().get(client);
			// a member that is live already got what came after it joined; anyone else may have all of it
			long upTo = (joinedAt == null && client.isIn(name)) ? Math.min(last, client.liveAfter(name)) : last;
			if (cannotResume(epoch, after, room.epoch(), upTo, earliest)) {
				gone(name, room.epoch(), earliest, answer);
				this.rooms.bringLive(room, client);
				return;
			}
			if (after < upTo) {
				List<RoomHistory.Entry> entries = kept(kept, history, after, upTo);
				replay(name, client, (joinedAt != null) ? Rooms.withoutOwn(entries, client, joinedAt) : entries);
			}
			room.catchingUp().remove(client);
			if (kept != null && after > last && room.members().contains(client)) {
				// it had, on another replica, messages still on their way here: they are not to reach it twice
				room.ahead().merge(client, Math.min(after, kept.lastOffset()), Math::max);
			}
			answer.accept("OK HISTORY " + name + " " + Math.max(after, upTo));
		}
	}

	/** Kept messages in {@code (after, upTo]}: the cluster's, then what this replica received after them. */
	private static List<RoomHistory.Entry> kept(Peers.KeptMessages cluster, RoomHistory here, long after, long upTo) {
		List<RoomHistory.Entry> entries = new ArrayList<>();
		long next = after;
		if (cluster != null) {
			for (RoomHistory.Entry entry : cluster.entries()) {
				if (entry.offset() > upTo) {
					break;
				}
				entries.add(entry);
				next = entry.offset();
			}
		}
		if (here != null && next < upTo) {
			entries.addAll(here.between(next, upTo));
		}
		return entries;
	}

	/** HISTORY of a room this replica has no state for: the cluster may keep it; a single node has nothing. */
	private void historyNotHere(Session client, String name, String epoch, long after, Peers.KeptMessages kept,
			Consumer<String> answer) {
		if (kept == null) {
			// no room of that name anywhere now: whatever numbering the client knew has ended
			gone(name, "-", 1, answer);
		}
		else if (cannotResume(epoch, after, kept.epoch(), kept.lastOffset(), kept.earliest())) {
			gone(name, kept.epoch(), kept.earliest(), answer);
		}
		else {
			replay(name, client, kept.entries());
			answer.accept("OK HISTORY " + name + " " + Math.max(after, kept.lastOffset()));
		}
	}

	/**
	 * Whether a client that had a room's messages up to {@code after} in {@code epoch} cannot be brought up to
	 * {@code upTo}: the numbering is another, or messages it missed are no longer kept.
	 */
	private static boolean cannotResume(String epoch, long after, String currentEpoch, long upTo, long earliest) {
		return !currentEpoch.equals(epoch) || (after < upTo && after + 1 < earliest);
	}

	private void gone(String room, String epoch, long earliest, Consumer<String> answer) {
		this.store.gap();
		answer.accept(ErrorText.historyGone(room, epoch, earliest));
	}

	/**
	 * Makes live the rooms a client joined in the read just handled and did not ask {@code HISTORY} of, with what
	 * was published since its {@code OK JOIN}. Called on the client's reader thread once a read has been handled.
	 */
	public void catchUp(Session client) {
		for (String name : client.takeCatchingUp()) {
			Room room = this.rooms.get(name);
			if (room == null) {
				continue;
			}
			synchronized (room) {
				this.rooms.bringLive(room, client);
			}
		}
	}

	private void replay(String room, Session client, List<RoomHistory.Entry> entries) {
		this.router.replay(room, client, entries);
		this.store.replayed(entries.size());
	}

}
