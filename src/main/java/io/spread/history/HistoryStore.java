package io.spread.history;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What all rooms' in-memory history may hold together, and how much it holds: at most {@code size} messages per
 * room, none older than {@code ttl}, and, over all rooms, no more bytes than its share of the hub's memory budget.
 * Also counts what clients were replayed and the gaps they were told of.
 */
public final class HistoryStore {

	private final int size;

	private final long ttlMillis;

	private final long maxBytes;

	private final AtomicLong retainedBytes = new AtomicLong();

	private final AtomicLong retainedMessages = new AtomicLong();

	private final Counter replayed;

	private final Counter gaps;

	private final Counter evicted;

	public HistoryStore(int size, long ttlMillis, long maxBytes, MeterRegistry meters) {
		this.size = size;
		this.ttlMillis = ttlMillis;
		this.maxBytes = maxBytes;
		this.replayed = Counter.builder("spread.history.replayed")
			.description("Messages replayed to clients from room history (HISTORY and catching up after JOIN)")
			.register(meters);
		this.gaps = Counter.builder("spread.history.gaps")
			.description("HISTORY requests answered ERR history-gone: the client missed messages no longer held")
			.register(meters);
		this.evicted = Counter.builder("spread.history.evicted")
			.description("Messages let go before their time to keep history within its memory share")
			.register(meters);
		Gauge.builder("spread.history.retained", this.retainedMessages, AtomicLong::get)
			.description("Messages held in room history")
			.register(meters);
		Gauge.builder("spread.history.retained.bytes", this.retainedBytes, AtomicLong::get)
			.description("Estimated bytes held in room history")
			.baseUnit("bytes")
			.register(meters);
	}

	/** Whether rooms keep history at all ({@code spread.history.size > 0}). */
	public boolean isEnabled() {
		return this.size > 0;
	}

	/** A new room's history, or null when history is off. */
	public RoomHistory newRoom() {
		return isEnabled() ? new RoomHistory(this) : null;
	}

	int size() {
		return this.size;
	}

	long ttlMillis() {
		return this.ttlMillis;
	}

	public long maxBytes() {
		return this.maxBytes;
	}

	public long retainedBytes() {
		return this.retainedBytes.get();
	}

	boolean isOver() {
		return this.retainedBytes.get() > this.maxBytes;
	}

	void retained(long bytes, int messages) {
		if (messages != 0 || bytes != 0) {
			this.retainedBytes.addAndGet(bytes);
			this.retainedMessages.addAndGet(messages);
		}
	}

	void evicted(int messages) {
		if (messages > 0) {
			this.evicted.increment(messages);
		}
	}

	public void replayed(int messages) {
		this.replayed.increment(messages);
	}

	public void gap() {
		this.gaps.increment();
	}

}
