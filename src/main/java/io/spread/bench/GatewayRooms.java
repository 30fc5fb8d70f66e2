package io.spread.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway scenario's rooms and names, and how joining them went. Room {@code r} is
 * {@code <prefix>-<token>-r<r>}; its member {@code m} is {@code <room>-m<m>}; members {@code 0} to
 * {@code publishers - 1} publish, and publisher {@code p} of room {@code r} is publisher number
 * {@code r * publishers + p} of the run, the number its messages carry. The token is new for every run, so names and
 * rooms of one run never meet those of another (or of one still being cleaned up by the hub).
 */
final class GatewayRooms {

	/** Longest text of a refusal or an unexpected frame kept for the report. */
	private static final int MAX_TEXT = 100;

	final int rooms;

	final int members;

	final int publishers;

	private final String prefix;

	private final byte[][] roomNames;

	/** Each publisher's name, by its number in the run. */
	private final byte[][] publisherNames;

	/** Clients that got {@code OK JOIN} for their room. */
	final AtomicInteger joined = new AtomicInteger();

	/** Clients that got an error, or were disconnected, before they were in their room. */
	final AtomicInteger refused = new AtomicInteger();

	/** Why clients were refused: the hub's error ({@code ERR name-taken ...}) or the end of the connection. */
	private final ConcurrentMap<String, AtomicInteger> refusals = new ConcurrentHashMap<>();

	/** The first frame a client got that is not part of the gateway protocol, or null (for the report). */
	private volatile String unexpected;

	GatewayRooms(String namePrefix, int rooms, int members, int publishers) {
		this.rooms = rooms;
		this.members = members;
		this.publishers = publishers;
		this.prefix = namePrefix + "-" + token();
		this.roomNames = new byte[rooms][];
		this.publisherNames = new byte[rooms * publishers][];
		for (int r = 0; r < rooms; r++) {
			this.roomNames[r] = ascii(roomName(r));
			for (int p = 0; p < publishers; p++) {
				this.publisherNames[r * publishers + p] = ascii(memberName(r, p));
			}
		}
	}

	/** Base 36 of the time in milliseconds (its last 6 digits) and 3 random digits. */
	private static String token() {
		String time = Long.toString(System.currentTimeMillis(), 36);
		String random = Integer.toString(36 * 36 + ThreadLocalRandom.current().nextInt(36 * 36 * 35), 36);
		return time.substring(Math.max(0, time.length() - 6)) + random.substring(random.length() - 3);
	}

	String roomName(int room) {
		return this.prefix + "-r" + room;
	}

	String memberName(int room, int member) {
		return roomName(room) + "-m" + member;
	}

	byte[] roomBytes(int room) {
		return this.roomNames[room];
	}

	int publisherCount() {
		return this.publisherNames.length;
	}

	byte[] publisherName(int publisher) {
		return this.publisherNames[publisher];
	}

	int clients() {
		return this.rooms * this.members;
	}

	void refused(String why) {
		String reason = (why.length() > MAX_TEXT) ? why.substring(0, MAX_TEXT) + "..." : why;
		AtomicInteger count = this.refusals.get(reason);
		if (count == null) {
			count = this.refusals.computeIfAbsent((this.refusals.size() < 16) ? reason : "other", k -> new AtomicInteger());
		}
		count.incrementAndGet();
		this.refused.incrementAndGet();
	}

	Map<String, Integer> refusals() {
		Map<String, Integer> counts = new TreeMap<>();
		this.refusals.forEach((reason, count) -> counts.put(reason, count.get()));
		return counts;
	}

	void unexpected(byte[] bytes, int offset, int length) {
		if (this.unexpected == null) {
			String text = new String(bytes, offset, Math.min(length, MAX_TEXT), StandardCharsets.ISO_8859_1);
			this.unexpected = (length > MAX_TEXT) ? text + "..." : text;
		}
	}

	String unexpected() {
		return this.unexpected;
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
