package io.spread.hub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.spread.history.RoomHistory;

/**
 * A room: its members on this replica, its epoch, the offset of its last message and its history. The room's monitor
 * guards membership, numbering and history together, so that a joiner's answer, presence, replayed and numbered
 * messages reach every member in one order. It lives while it has members or keeps history: then it is closed and
 * forgotten, and a room of that name made later has a new epoch, since its numbering starts again.
 */
public final class Room {

	private final String name;

	// written with the monitor held; a clustered room takes its numbering from Redis (see Rooms.join)
	private volatile String epoch = newEpoch();

	// guarded by this: whether a clustered room's epoch and offset have been read from Redis
	private boolean synced;

	// guarded by this: whether a clustered room is numbered on this replica alone, Redis being out of reach
	private boolean alone;

	// guarded by this
	private final Set<Session> members = new LinkedHashSet<>();

	// guarded by this
	private long lastOffset;

	// guarded by this; null when history is off
	private final RoomHistory history;

	// guarded by this: members that joined and are not yet live, with the offset they joined at (see Recovery)
	private final Map<Session, Long> catchingUp = new HashMap<>();

	// guarded by this: live members that resumed here having had offsets this replica has not received yet (from
	// another replica), with the last of them; those are not queued on them again when they arrive (see Router)
	private final Map<Session, Long> ahead = new HashMap<>();

	// guarded by this: emptied and removed from Rooms; a joiner that still holds it must look the room up again
	private boolean closed;

	// guarded by this: messages in the current and the previous second, for the admin endpoint
	private long second;

	private long inSecond;

	private long inPreviousSecond;

	Room(String name, RoomHistory history) {
		this.name = name;
		this.history = history;
	}

	public String name() {
		return this.name;
	}

	public String epoch() {
		return this.epoch;
	}

	public synchronized long lastOffset() {
		return this.lastOffset;
	}

	/** Its members' names, sorted. */
	public synchronized List<String> memberNames() {
		List<String> names = new ArrayList<>(this.members.size());
		for (Session member : this.members) {
			names.add(member.name());
		}
		Collections.sort(names);
		return names;
	}

	public synchronized int memberCount() {
		return this.members.size();
	}

	/** Messages published in the last full second. */
	public synchronized long messagesPerSecond() {
		long now = System.currentTimeMillis() / 1000;
		if (now == this.second) {
			return this.inPreviousSecond;
		}
		return (now == this.second + 1) ? this.inSecond : 0;
	}

	/**
	 * Called with the monitor held: numbers messages and keeps them in the history; returns the first one's offset.
	 */
	long number(String from, List<byte[]> payloads) {
		return numbered(from, this.lastOffset + 1, payloads);
	}

	/**
	 * Called with the monitor held: takes messages numbered elsewhere (by Redis, for a clustered room) from
	 * {@code first}, which is past the last offset, and keeps them in the history; returns {@code first}.
	 */
	long numbered(String from, long first, List<byte[]> payloads) {
		int count = payloads.size();
		long now = System.currentTimeMillis() / 1000;
		if (now != this.second) {
			this.inPreviousSecond = (now == this.second + 1) ? this.inSecond : 0;
			this.inSecond = 0;
			this.second = now;
		}
		this.inSecond += count;
		this.lastOffset = first + count - 1;
		if (this.history != null) {
			this.history.keep(from, first, payloads, System.currentTimeMillis());
		}
		return first;
	}

	/**
	 * Called with the monitor held: its numbering restarts under another epoch, after {@code lastOffset}; what its
	 * history kept belongs to the old numbering and goes.
	 */
	void restart(String epoch, long lastOffset) {
		this.alone = false;
		this.ahead.clear();
		this.epoch = epoch;
		this.lastOffset = lastOffset;
		if (this.history != null) {
			this.history.clear();
		}
	}

	/**
	 * Called with the monitor held: from now on numbered on this replica alone, under an epoch of its own.
	 * @return true if that starts now (the numbering restarted)
	 */
	boolean numberAlone() {
		if (this.alone) {
			return false;
		}
		restart(newEpoch(), this.lastOffset);
		this.alone = true;
		return true;
	}

	/** Called with the monitor held: messages up to {@code lastOffset}, if it is past the last, are not to come. */
	void skipTo(long lastOffset) {
		this.lastOffset = Math.max(this.lastOffset, lastOffset);
	}

	/** Called with the monitor held. */
	boolean isSynced() {
		return this.synced;
	}

	/** Called with the monitor held. */
	void synced() {
		this.synced = true;
	}

	/** Called with the monitor held: its history, or null when history is off. */
	RoomHistory history() {
		return this.history;
	}

	/** Called with the monitor held: members not yet live, with the offset each joined at. */
	Map<Session, Long> catchingUp() {
		return this.catchingUp;
	}

	/** Called with the monitor held: live members ahead of this replica, with the last offset each has had. */
	Map<Session, Long> ahead() {
		return this.ahead;
	}

	/** Called with the monitor held: whether it has members or history to keep it. */
	boolean isInUse() {
		return !this.members.isEmpty() || (this.history != null && !this.history.isEmpty());
	}

	/** Retained history for the admin endpoint: messages and the offsets they span (earliest past last if none). */
	public synchronized Retained retained() {
		if (this.history == null) {
			return new Retained(0, this.lastOffset + 1, this.lastOffset, 0);
		}
		return new Retained(this.history.size(), this.history.earliest(this.lastOffset + 1), this.lastOffset,
				this.history.bytes());
	}

	/** What a room's history holds. */
	public record Retained(int messages, long earliestOffset, long lastOffset, long bytes) {
	}

	/** Called with the monitor held. */
	Set<Session> members() {
		return this.members;
	}

	/** Called with the monitor held. */
	boolean isClosed() {
		return this.closed;
	}

	/** Called with the monitor held, once it has neither members nor history: lets its history go. */
	void close() {
		this.closed = true;
		if (this.history != null) {
			this.history.clear();
		}
	}

	/** A token that differs for every room made: the time it was made and a random part, base 36. */
	public static String newEpoch() {
		return Long.toString(System.currentTimeMillis(), 36)
				+ Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
	}

}
