package io.spread.hub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A room: its members on this replica, its epoch and the offset of its last message. The room's monitor guards
 * membership and numbering together, so that a joiner's answer, presence and numbered messages reach every member in
 * one order. It lives while it has members: an emptied room is closed and forgotten, and a room of that name made
 * later has a new epoch, since its numbering starts again.
 */
public final class Room {

	private final String name;

	private final String epoch = newEpoch();

	// guarded by this
	private final Set<Session> members = new LinkedHashSet<>();

	// guarded by this
	private long lastOffset;

	// guarded by this: emptied and removed from Rooms; a joiner that still holds it must look the room up again
	private boolean closed;

	// guarded by this: messages in the current and the previous second, for the admin endpoint
	private long second;

	private long inSecond;

	private long inPreviousSecond;

	Room(String name) {
		this.name = name;
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

	/** Called with the monitor held: numbers {@code count} messages; returns the first one's offset. */
	long number(int count) {
		long now = System.currentTimeMillis() / 1000;
		if (now != this.second) {
			this.inPreviousSecond = (now == this.second + 1) ? this.inSecond : 0;
			this.inSecond = 0;
			this.second = now;
		}
		this.inSecond += count;
		long first = this.lastOffset + 1;
		this.lastOffset += count;
		return first;
	}

	/** Called with the monitor held. */
	Set<Session> members() {
		return this.members;
	}

	/** Called with the monitor held. */
	boolean isClosed() {
		return this.closed;
	}

	/** Called with the monitor held, once its last member has left. */
	void close() {
		this.closed = true;
	}

	/** A token that differs for every room made: the time it was made and a random part, base 36. */
	private static String newEpoch() {
		return Long.toString(System.currentTimeMillis(), 36)
				+ Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
	}

}
