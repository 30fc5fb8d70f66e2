package io.spread.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.spread.codec.Framing;

/**
 * One client of the gateway scenario, as it reads what the hub sends it: {@code OK JOIN} once it is in its room, then
 * {@code MSG <room> <from> <offset> <payload>} for each message another member published. Each message is checked:
 * it must be from its own room ({@code misrouted} otherwise, as is a publisher's own message coming back to it); its
 * payload must be a publisher's ({@link BenchFrame}) and name the publisher that {@code <from>} names
 * ({@code malformed} otherwise); and each publisher's messages must arrive with growing sequence numbers and growing
 * offsets ({@code out_of_order} otherwise). {@code ERR ...} frames are the hub's notices ({@link HubNotice}), as in
 * the relay scenarios; before the client is in its room one means it was refused. Presence events and other answers
 * are not counted.
 * <p>
 * {@link #frame} runs on the thread of the loop that reads this client; the counts the scenario reads while it runs
 * are volatile (one writer each).
 */
final class GatewayMember implements SelectLoop.Reader {

	private static final byte[] MSG = GatewayRooms.ascii("MSG ");

	private static final byte[] OK_JOIN = GatewayRooms.ascii("OK JOIN ");

	private static final byte[] ERR = GatewayRooms.ascii("ERR ");

	/** Other frames of the gateway protocol, neither counted nor unexpected. */
	private static final byte[][] KNOWN = { GatewayRooms.ascii("OK "), GatewayRooms.ascii("JOINED "),
			GatewayRooms.ascii("LEFT "), GatewayRooms.ascii("PONG"), GatewayRooms.ascii("DM ") };

	final int room;

	final int member;

	/** This client's publisher number in the run, or -1 if it does not publish. */
	final int publisher;

	final String name;

	final FrameScanner scanner;

	private final GatewayRooms rooms;

	private final ReceiveStats stats;

	/** Highest sequence number and offset seen from each publisher of the room. */
	private final long[] lastSequence;

	private final long[] lastOffset;

	private final BenchFrame.Parsed parsed = new BenchFrame.Parsed();

	private volatile boolean joined;

	/** Whether the hub refused this client (or hung up on it) before it was in its room; loop thread only. */
	private boolean refused;

	private volatile boolean closed;

	/** Kind of the last notice from the hub, or null. */
	private String lastNotice;

	/** The stats' epoch that {@link #received} and {@link #hubDropped} count in. */
	private volatile int epoch;

	/** Messages received in the current epoch that passed the checks of room and sender. */
	private volatile long received;

	/** Messages the hub said it dropped for this client in the current epoch. */
	private volatile long hubDropped;

	/** Messages this client is to receive in the current epoch; set by the scenario once they were sent. */
	volatile long expected;

	GatewayMember(GatewayRooms rooms, ReceiveStats stats, Framing framing, int room, int member) {
		this.rooms = rooms;
		this.stats = stats;
		this.room = room;
		this.member = member;
		this.publisher = (member < rooms.publishers) ? room * rooms.publishers + member : -1;
		this.name = rooms.memberName(room, member);
		this.scanner = new FrameScanner(framing);
		this.lastSequence = new long[rooms.publishers];
		this.lastOffset = new long[rooms.publishers];
		Arrays.fill(this.lastSequence, -1);
	}

	/** {@code HELLO <name>} and {@code JOIN <room>}, as text; the scenario frames them. */
	String[] greeting() {
		return new String[] { "HELLO " + this.name, "JOIN " + this.rooms.roomName(this.room) };
	}

	boolean isJoined() {
		return this.joined;
	}

	boolean isClosed() {
		return this.closed;
	}

	boolean isPublisher() {
		return this.publisher >= 0;
	}

	/** Messages received in the current epoch (0 if none arrived since the stats were last reset). */
	long received() {
		return (this.epoch == this.stats.epoch) ? this.received : 0;
	}

	/** Messages received plus those the hub said it dropped, in the current epoch. */
	long accounted() {
		return (this.epoch == this.stats.epoch) ? this.received + this.hubDropped : 0;
	}

	@Override
	public void frame(byte[] bytes, int offset, int length) {
		if (startsWith(bytes, offset, length, MSG)) {
			message(bytes, offset, length);
		}
		else if (startsWith(bytes, offset, length, ERR)) {
			notice(bytes, offset, length);
		}
		else if (!this.joined && startsWith(bytes, offset, length, OK_JOIN)) {
			this.joined = true;
			this.rooms.joined.incrementAndGet();
		}
		else if (!known(bytes, offset, length)) {
			this.rooms.unexpected(bytes, offset, length);
		}
	}

	private void message(byte[] bytes, int offset, int length) {
		int end = offset + length;
		int roomStart = offset + MSG.length;
		int roomEnd = indexOf(bytes, roomStart, end, (byte) ' ');
		int fromStart = roomEnd + 1;
		int fromEnd = indexOf(bytes, fromStart, end, (byte) ' ');
		int i = fromEnd + 1;
		long messageOffset = 0;
		int digits = i;
		while (i < end && bytes[i] >= '0' && bytes[i] <= '9' && i - digits < 18) {
			messageOffset = messageOffset * 10 + (bytes[i++] - '0');
		}
		if (roomEnd >= end || fromEnd >= end || i == digits || i >= end || bytes[i] != ' ') {
			this.stats.malformed.incrementAndGet();
			return;
		}
		int payloadStart = i + 1;
		int payloadLength = end - payloadStart;
		if (!equal(bytes, roomStart, roomEnd, this.rooms.roomBytes(this.room))) {
			this.stats.misrouted.incrementAndGet();
			return;
		}
		if (payloadLength == 1 && bytes[payloadStart] == BenchFrame.PROBE) {
			return;
		}
		BenchFrame.Parsed payload = this.parsed;
		if (!BenchFrame.parse(bytes, payloadStart, payloadLength, payload)
				|| payload.sender >= this.rooms.publisherCount()
				|| !equal(bytes, fromStart, fromEnd, this.rooms.publisherName(payload.sender))) {
			this.stats.malformed.incrementAndGet();
			return;
		}
		if (payload.sender / this.rooms.publishers != this.room || payload.sender == this.publisher) {
			this.stats.misrouted.incrementAndGet();
			return;
		}
		long now = System.nanoTime();
		int from = payload.sender % this.rooms.publishers;
		if (payload.sequence <= this.lastSequence[from] || messageOffset <= this.lastOffset[from]) {
			this.stats.outOfOrder.incrementAndGet();
		}
		this.lastSequence[from] = Math.max(this.lastSequence[from], payload.sequence);
		this.lastOffset[from] = Math.max(this.lastOffset[from], messageOffset);
		this.stats.recordLatency(now - payload.sendNanos);
		this.stats.lastDataNanos = now;
		this.stats.dataFrames.incrementAndGet();
		startEpoch();
		this.received++;
	}

	private void notice(byte[] bytes, int offset, int length) {
		String kind = HubNotice.kind(bytes, offset, length);
		this.lastNotice = kind;
		this.stats.notice(kind);
		if (!this.joined) {
			if (!this.refused) {
				this.refused = true;
				this.rooms.refused(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
			}
			return;
		}
		if (kind.equals(HubNotice.DROPPED)) {
			long count = HubNotice.count(bytes, offset, length);
			if (count > 0) {
				startEpoch();
				this.hubDropped += count;
				this.stats.hubDropped.addAndGet(count);
			}
		}
	}

	/**
	 * The hub ended the connection.
	 * @param withoutNotice the reason if the hub sent no notice before: {@link ReceiveStats#EOF} or
	 * {@link ReceiveStats#RESET}
	 */
	@Override
	public FrameScanner scanner() {
		return this.scanner;
	}

	@Override
	public void hungUp(String withoutNotice) {
		startEpoch();
		if (!this.joined && !this.refused) {
			this.refused = true;
			this.rooms.refused("disconnected by the hub (" + withoutNotice + ")");
		}
		this.closed = true;
		this.stats.disconnected((this.lastNotice != null) ? this.lastNotice : withoutNotice, accounted());
	}

	/** Restarts this client's counts when the stats were reset (after a warm-up). */
	private void startEpoch() {
		int current = this.stats.epoch;
		if (this.epoch != current) {
			this.epoch = current;
			this.received = 0;
			this.hubDropped = 0;
		}
	}

	private static boolean known(byte[] bytes, int offset, int length) {
		for (byte[] prefix : KNOWN) {
			if (startsWith(bytes, offset, length, prefix)) {
				return true;
			}
		}
		return false;
	}

	private static boolean startsWith(byte[] bytes, int offset, int length, byte[] prefix) {
		return length >= prefix.length && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
	}

	private static boolean equal(byte[] bytes, int start, int end, byte[] expected) {
		return Arrays.equals(bytes, start, end, expected, 0, expected.length);
	}

	/** The index of {@code b} in {@code bytes[from, end)}, or {@code end}. */
	private static int indexOf(byte[] bytes, int from, int end, byte b) {
		for (int i = from; i < end; i++) {
			if (bytes[i] == b) {
				return i;
			}
		}
		return end;
	}

}
