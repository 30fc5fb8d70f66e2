package io.spread.hub;

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

	private final HubNotices notices;

	public Recovery(Rooms rooms, Router router, HistoryStore store, HubNotices notices) {
		this.notices = notices;
		this.rooms = rooms;
		this.router = router;
		this.store = store;
	}

	/**
	 * {@code HISTORY <room> <epoch> <after>}: replays the kept messages after {@code after} that the client did not
	 * get live, then answers {@code OK HISTORY <room> <last>}; or answers {@code ERR history-gone} with the room's
	 * epoch and earliest kept offset when its epoch is another or messages after {@code after} are no longer kept.
	 * {@code answer} runs with the room's monitor held, so it is queued right after the replay.
	 */
	public void history(Session client, String name, String epoch, long after, Consumer<String> answer) {
		Room room = this.rooms.get(name);
		if (room == null) {
			// no room of that name now: whatever numbering the client knew has ended
			this.store.gap();
			answer.accept(ErrorText.historyGone(name, "-", 1));
			return;
		}
		synchronized (room) {
			if (room.isClosed()) {
				this.store.gap();
				answer.accept(ErrorText.historyGone(name, "-", 1));
				return;
			}
			long last = room.lastOffset();
			RoomHistory history = room.history();
			if (history != null) {
				history.expire(System.currentTimeMillis());
			}
			long earliest = (history != null) ? history.earliest(last + 1) : last + 1;
			Long joinedAt = room.catchingUp().remove(client);
			// a member that is live already got what came after it joined; anyone else may have all of it
			long upTo = (joinedAt == null && client.isIn(name)) ? Math.min(last, client.liveAfter(name)) : last;
			if (!room.epoch().equals(epoch) || (after < upTo && after + 1 < earliest)) {
				this.store.gap();
				answer.accept(ErrorText.historyGone(name, room.epoch(), earliest));
				if (joinedAt != null) {
					bringLive(room, client, joinedAt, last);
				}
				return;
			}
			if (after < upTo) {
				replay(room, client, history.between(after, upTo));
			}
			answer.accept("OK HISTORY " + name + " " + Math.max(after, upTo));
		}
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
				Long joinedAt = room.catchingUp().remove(client);
				if (joinedAt != null) {
					bringLive(room, client, joinedAt, room.lastOffset());
				}
			}
		}
	}

	/** Called with the monitor held: replays what was published since the client joined; it is live from now. */
	private void bringLive(Room room, Session client, long joinedAt, long last) {
		if (joinedAt >= last) {
			return;
		}
		List<RoomHistory.Entry> missed = room.history().between(joinedAt, last);
		replay(room, client, missed);
		long lost = last - joinedAt - missed.size();
		if (lost > 0) {
			// let go under memory pressure before it could be replayed: told as any other gap in its delivery
			this.notices.send(client.connection(), ErrorText.dropped(lost));
		}
	}

	private void replay(Room room, Session client, List<RoomHistory.Entry> entries) {
		this.router.replay(room, client, entries);
		this.store.replayed(entries.size());
	}

}
