package io.spread.hub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

import io.spread.connection.ClientConnection;
import io.spread.connection.TokenBucket;

/** A connected client, as the hub's registry knows it: its connection, front end, name and rooms. */
public final class Session {

	private final ClientConnection connection;

	private final FrontEnd frontEnd;

	private final Instant connectedAt;

	/** Its frame rate limit, or null when there is none. Used by the client's reader only. */
	private final TokenBucket rate;

	/** Frames dropped for rate so far. Used by the client's reader only. */
	private int rateLimited;

	/** The rooms it may join and publish to (its token's), all unless HELLO said otherwise. */
	private volatile Predicate<String> mayUse = room -> true;

	/** Null until it has one; set once (relay clients at once, gateway clients by HELLO). */
	private volatile String name;

	// guarded by itself: the rooms it is a member of, as Rooms keeps them, each with the offset after which it gets
	// the room's messages live (what it may ask HISTORY for is up to there)
	private final TreeMap<String, Long> rooms = new TreeMap<>();

	// guarded by itself: rooms it joined whose messages since then it has not been brought up to (see Recovery)
	private final List<String> catchingUp = new ArrayList<>(2);

	Session(ClientConnection connection, FrontEnd frontEnd, Instant connectedAt, TokenBucket rate) {
		this.connection = connection;
		this.frontEnd = frontEnd;
		this.connectedAt = connectedAt;
		this.rate = rate;
		this.name = frontEnd.initialName(connection.getConnectionId());
	}

	public ClientConnection connection() {
		return this.connection;
	}

	public String id() {
		return this.connection.getConnectionId();
	}

	public FrontEnd frontEnd() {
		return this.frontEnd;
	}

	Instant connectedAt() {
		return this.connectedAt;
	}

	public String name() {
		return this.name;
	}

	void name(String name) {
		this.name = name;
	}

	/** Whether it may join and publish to that room. */
	public boolean mayUse(String room) {
		return this.mayUse.test(room);
	}

	/** Limits the rooms it may join and publish to, as its token says. */
	public void allowRooms(Predicate<String> rooms) {
		this.mayUse = rooms;
	}

	/** The rooms it is in now, sorted. */
	public List<String> rooms() {
		synchronized (this.rooms) {
			return List.copyOf(this.rooms.keySet());
		}
	}

	public boolean isIn(String room) {
		synchronized (this.rooms) {
			return this.rooms.containsKey(room);
		}
	}

	int roomCount() {
		synchronized (this.rooms) {
			return this.rooms.size();
		}
	}

	void joined(String room, long liveAfter) {
		synchronized (this.rooms) {
			this.rooms.put(room, liveAfter);
		}
	}

	/** The offset after which it gets the room's messages live, or -1 if it is not a member. */
	long liveAfter(String room) {
		synchronized (this.rooms) {
			return this.rooms.getOrDefault(room, -1L);
		}
	}

	void catchingUp(String room) {
		synchronized (this.catchingUp) {
			this.catchingUp.add(room);
		}
	}

	/** The rooms it has joined since this was last asked, to be brought up to date now. */
	List<String> takeCatchingUp() {
		synchronized (this.catchingUp) {
			if (this.catchingUp.isEmpty()) {
				return List.of();
			}
			List<String> rooms = List.copyOf(this.catchingUp);
			this.catchingUp.clear();
			return rooms;
		}
	}

	void left(String room) {
		synchronized (this.rooms) {
			this.rooms.remove(room);
		}
	}

	/** How many of {@code frames} the rate limit lets through now; the rest count as dropped. */
	int admit(int frames) {
		if (this.rate == null) {
			return frames;
		}
		int admitted = this.rate.take(frames, System.nanoTime());
		this.rateLimited += frames - admitted;
		return admitted;
	}

	int rateLimited() {
		return this.rateLimited;
	}

}
