package io.spread.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** What the receivers saw, summed over all of them. Written by the receive loop, read by the scenario. */
final class ReceiveStats {

	final AtomicLong dataFrames = new AtomicLong();

	final AtomicLong outOfOrder = new AtomicLong();

	final AtomicLong malformed = new AtomicLong();

	final AtomicInteger welcomed = new AtomicInteger();

	final AtomicInteger probed = new AtomicInteger();

	final AtomicInteger closed = new AtomicInteger();

	volatile long lastDataNanos;

	/** One-way latency in microseconds, up to a minute. */
	private final Recorder latencyMicros = new Recorder(60_000_000L, 3);

	/** Forgets the data frames seen so far (after a warm-up); connection counts stay. */
	void resetDataCounts() {
		this.dataFrames.set(0);
		this.outOfOrder.set(0);
		this.malformed.set(0);
		takeLatencies();
	}

	void recordLatency(long nanos) {
		this.latencyMicros.recordValue(Math.max(0, Math.min(nanos / 1000, 60_000_000L)));
	}

	/** The latencies recorded since the previous call. */
	Histogram takeLatencies() {
		return this.latencyMicros.getIntervalHistogram();
	}

}
