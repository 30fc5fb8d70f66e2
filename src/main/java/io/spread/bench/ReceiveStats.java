package io.spread.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** What the receivers saw, summed over all of them. Written by the receive loop, read by the scenario. */
final class ReceiveStats {

	/** Receivers closed by the hub without a notice: it ended the stream. */
	static final String EOF = "eof";

	/** Receivers closed by the hub without a notice: the connection was reset (or another read error). */
	static final String RESET = "reset";

	/** Distinct notice kinds and disconnect reasons kept apart; any further ones are counted as this. */
	private static final String OTHER = "other";

	private static final int MAX_KINDS = 32;

	final AtomicLong dataFrames = new AtomicLong();

	final AtomicLong outOfOrder = new AtomicLong();

	final AtomicLong malformed = new AtomicLong();

	/** Messages a gateway client got from a room it is not in, or its own messages back (gateway scenario). */
	final AtomicLong misrouted = new AtomicLong();

	final AtomicInteger welcomed = new AtomicInteger();

	final AtomicInteger probed = new AtomicInteger();

	/** Other connections' greetings received (connections scenario). */
	final AtomicLong greetingFrames = new AtomicLong();

	/** Other connections' round frames received (connections scenario). */
	final AtomicLong roundFrames = new AtomicLong();

	/** Receivers the hub disconnected (the tool closes the others only once the run is over). */
	final AtomicInteger closed = new AtomicInteger();

	/** Receivers the hub disconnected before they saw a probe: they will never see one. */
	final AtomicInteger closedUnprobed = new AtomicInteger();

	/** Frames the hub said it dropped ({@code ERR dropped <count>}), summed, since the last reset. */
	final AtomicLong hubDropped = new AtomicLong();

	/**
	 * For receivers the hub has disconnected: the data frames they received plus those the hub said it dropped for
	 * them, since the last reset. What is left of the frames they were sent was lost to the disconnect.
	 */
	final AtomicLong disconnectedAccounted = new AtomicLong();

	volatile long lastDataNanos;

	/** Bumped by each reset, so that receivers restart their own counts. */
	volatile int epoch;

	/** Notices from the hub by kind, over the whole run. */
	private final ConcurrentMap<String, AtomicLong> notices = new ConcurrentHashMap<>();

	/** Disconnected receivers by the last notice each got, or {@link #EOF} or {@link #RESET} if none. */
	private final ConcurrentMap<String, AtomicInteger> disconnects = new ConcurrentHashMap<>();

	/** One-way latency in microseconds, up to a minute. */
	private final Recorder latencyMicros = new Recorder(60_000_000L, 3);

	/**
	 * Forgets the data frames seen so far (after a warm-up); connection counts, disconnects and notices stay.
	 * Receivers that were disconnected before stay disconnected, and lose every frame sent from now on.
	 */
	void resetDataCounts() {
		this.dataFrames.set(0);
		this.outOfOrder.set(0);
		this.malformed.set(0);
		this.misrouted.set(0);
		this.hubDropped.set(0);
		this.disconnectedAccounted.set(0);
		this.epoch++;
		takeLatencies();
	}

	void recordLatency(long nanos) {
		this.latencyMicros.recordValue(Math.max(0, Math.min(nanos / 1000, 60_000_000L)));
	}

	/** The latencies recorded since the previous call. */
	Histogram takeLatencies() {
		return this.latencyMicros.getIntervalHistogram();
	}

	void notice(String kind) {
		counter(this.notices, kind, AtomicLong::new).incrementAndGet();
	}

	/**
	 * A receiver was disconnected by the hub.
	 * @param reason the last notice it got, or {@link #EOF} or {@link #RESET}
	 * @param accounted data frames it received plus those the hub said it dropped for it, since the last reset
	 */
	void disconnected(String reason, long accounted) {
		this.disconnectedAccounted.addAndGet(accounted);
		counter(this.disconnects, reason, AtomicInteger::new).incrementAndGet();
		this.closed.incrementAndGet();
	}

	/** Frames lost because the hub disconnected receivers, when each receiver was sent {@code perReceiver}. */
	long lostToDisconnects(long perReceiver) {
		return Math.max(0, this.closed.get() * perReceiver - this.disconnectedAccounted.get());
	}

	/** Notices received, by kind, sorted by kind. */
	Map<String, Long> notices() {
		Map<String, Long> counts = new TreeMap<>();
		this.notices.forEach((kind, count) -> counts.put(kind, count.get()));
		return counts;
	}

	/** Disconnected receivers by reason, sorted by reason. */
	Map<String, Integer> disconnects() {
		Map<String, Integer> counts = new TreeMap<>();
		this.disconnects.forEach((reason, count) -> counts.put(reason, count.get()));
		return counts;
	}

	private static <T> T counter(ConcurrentMap<String, T> counters, String key, Supplier<T> create) {
		T counter = counters.get(key);
		if (counter != null) {
			return counter;
		}
		return counters.computeIfAbsent((counters.size() < MAX_KINDS) ? key : OTHER, k -> create.get());
	}

}
