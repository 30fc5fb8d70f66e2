package io.spread.connection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the hub holds on its clients' behalf, against one hub-wide limit ({@code spread.hub.memory-budget}): the
 * encoded chunks queued for receivers, each counted once however many receivers share it, and the unfinished frames
 * read from senders. Over the limit the hub sheds load ({@code MemoryGuard}): it stops reading from the senders that
 * hold the most unfinished input and applies the slow-consumer policy to the largest queues.
 */
public final class MemoryBudget {

	private final long limit;

	private final AtomicLong queued = new AtomicLong();

	private final AtomicLong partialInput = new AtomicLong();

	public MemoryBudget(long limit) {
		this.limit = limit;
	}

	public long limit() {
		return this.limit;
	}

	/** Bytes held now: queued output plus partial input. */
	public long used() {
		return this.queued.get() + this.partialInput.get();
	}

	public long queuedBytes() {
		return this.queued.get();
	}

	public long partialInputBytes() {
		return this.partialInput.get();
	}

	public boolean isOver() {
		return used() > this.limit;
	}

	/**
	 * Encoded frames to queue on one or more receivers: counted from now until the last receiver has written or
	 * dropped them. The creator passes it to {@link HubConnection#offer} for each receiver, then calls
	 * {@link Chunk#offered(int)} once with how many took it.
	 */
	public Chunk share(byte[] encoded, int frames) {
		this.queued.addAndGet(encoded.length);
		return new Chunk(encoded, frames, this);
	}

	void freed(Chunk chunk) {
		this.queued.addAndGet(-chunk.bytes().length);
	}

	void partialInputChanged(long delta) {
		if (delta != 0) {
			this.partialInput.addAndGet(delta);
		}
	}

}
