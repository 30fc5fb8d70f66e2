package io.spread.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * One room's last messages, oldest first, with their offsets, for clients that resume. Not thread-safe: the room's
 * monitor guards it, as it guards the numbering, so a message is kept in the order it was numbered.
 */
public final class RoomHistory {

	/** Bytes counted for one kept message besides its payload and sender's name: the entry, its deque slot. */
	private static final int OVERHEAD = 64;

	private final HistoryStore store;

	private final ArrayDeque<Entry> entries = new ArrayDeque<>();

	private long bytes;

	RoomHistory(HistoryStore store) {
		this.store = store;
	}

	/** One kept message. */
	public record Entry(long offset, String from, byte[] payload, long keptAtMillis) {

		long bytes() {
			return OVERHEAD + this.payload.length + this.from.length();
		}

	}

	/**
	 * Keeps messages numbered from {@code firstOffset}. The room's oldest go first when it holds {@code size}, and
	 * also while all history together is over its memory share; a message that still does not fit is not kept.
	 * The store's totals are updated once per call, not per message: the relay keeps whole batches.
	 */
	public void keep(String from, long firstOffset, List<byte[]> payloads, long nowMillis) {
		long bytesBefore = this.bytes;
		int sizeBefore = this.entries.size();
		long offset = firstOffset;
		for (byte[] payload : payloads) {
			if (this.entries.size() >= this.store.size()) {
				dropOldest();
			}
			Entry entry = new Entry(offset++, from, payload, nowMillis);
			this.entries.addLast(entry);
			this.bytes += entry.bytes();
		}
		this.store.retained(this.bytes - bytesBefore, this.entries.size() - sizeBefore);
		if (this.store.isOver()) {
			shrinkWithinShare();
		}
	}

	/** Lets the oldest go while all history is over its memory share. */
	private void shrinkWithinShare() {
		int evicted = 0;
		while (this.store.isOver() && !this.entries.isEmpty()) {
			drop(1);
			evicted++;
		}
		this.store.evicted(evicted);
	}

	/** Lets go of messages kept longer than the time to live. */
	public void expire(long nowMillis) {
		long oldest = nowMillis - this.store.ttlMillis();
		int expired = 0;
		for (Entry entry : this.entries) {
			if (entry.keptAtMillis() >= oldest) {
				break;
			}
			expired++;
		}
		drop(expired);
	}

	/** Lets go of everything (the room is forgotten). */
	public void clear() {
		drop(this.entries.size());
	}

	/** Called while keeping: takes the oldest out, counted in the store by the caller's totals. */
	private void dropOldest() {
		this.bytes -= this.entries.pollFirst().bytes();
	}

	private void drop(int count) {
		long freed = 0;
		for (int i = 0; i < count; i++) {
			freed += this.entries.pollFirst().bytes();
		}
		this.bytes -= freed;
		this.store.retained(-freed, -count);
	}

	/** The offset of the oldest message kept, or {@code next} (the offset the next message will get) if none. */
	public long earliest(long next) {
		return this.entries.isEmpty() ? next : this.entries.peekFirst().offset();
	}

	/** Kept messages with offsets in {@code (after, upTo]}, oldest first. */
	public List<Entry> between(long after, long upTo) {
		List<Entry> found = new ArrayList<>();
		Iterator<Entry> newestFirst = this.entries.descendingIterator();
		while (newestFirst.hasNext()) {
			Entry entry = newestFirst.next();
			if (entry.offset() <= after) {
				break;
			}
			if (entry.offset() <= upTo) {
				found.add(entry);
			}
		}
		Collections.reverse(found);
		return found;
	}

	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	public int size() {
		return this.entries.size();
	}

	public long bytes() {
		return this.bytes;
	}

}
