package io.spread.connection;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Encoded frames shared by every receiver they are queued for, never modified. It counts its holders so that the
 * hub's {@link MemoryBudget} counts it once and lets it go when the last receiver has written or dropped it.
 */
public final class Chunk {

	/** The creator's hold while it offers the chunk; far above any receiver count, so no early release is seen. */
	private static final int CREATOR = 1 << 30;

	private final byte[] bytes;

	private final int frames;

	private final MemoryBudget budget;

	private final AtomicInteger holders = new AtomicInteger(CREATOR);

	Chunk(byte[] bytes, int frames, MemoryBudget budget) {
		this.bytes = bytes;
		this.frames = frames;
		this.budget = budget;
	}

	byte[] bytes() {
		return this.bytes;
	}

	int frames() {
		return this.frames;
	}

	/** The creator is done offering: {@code receivers} connections took the chunk and each will release it. */
	public void offered(int receivers) {
		if (this.holders.addAndGet(receivers - CREATOR) == 0) {
			this.budget.freed(this);
		}
	}

	/** One receiver has written or dropped the chunk. */
	void release() {
		if (this.holders.decrementAndGet() == 0) {
			this.budget.freed(this);
		}
	}

}
