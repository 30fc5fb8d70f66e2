package io.spread.connection;

import java.util.function.Consumer;
import java.util.function.Function;

import io.spread.connection.OutboundEvents.DropReason;
import io.spread.logging.ClientLog;
import io.spread.logging.Human;
import io.spread.protocol.ErrorText;

/**
 * One client's queued output and the slow-consumer rule over it (SPEC section 3), the same for every kind of
 * connection, TCP or WebSocket: a chunk that would take the queue over {@code outbound-buffer-max}, or arrives while
 * it has been over {@code outbound-buffer} for longer than {@code slow-consumer-grace}, is not queued, and the
 * policy decides what follows. Under {@code drop} the client misses frames until it is down to half the soft limit,
 * then is told how many ({@code ERR dropped n}) before its next frame; under {@code disconnect} what is queued but
 * not started is dropped, {@code ERR slow-consumer} is queued, and the connection is cut.
 * <p>
 * Not thread-safe: its connection calls it with its own output lock held, and only while it is not closing.
 */
final class OutboundQueue {

	private final OutboundBuffer buffer = new OutboundBuffer();

	/** Whose queue it is, for the log lines. */
	private final ClientConnection connection;

	/**
	 * Called with the output lock held when the client is disconnected as a slow consumer, with the reason: the
	 * connection stops taking frames and closes once {@code ERR slow-consumer}, now queued, is written (or after the
	 * close timeout).
	 */
	private final Consumer<String> cut;

	private final OutboundLimits limits;

	private final OutboundEvents events;

	private final MemoryBudget budget;

	/** The client's own framing of a hub notice, as it goes on the wire. */
	private final Function<String, byte[]> noticeEncoder;

	// frames are being dropped (policy drop) until the client is back under half the soft limit
	private boolean dropping;

	// frames dropped in the current gap, told to the client when it catches up
	private long droppedInGap;

	// System.nanoTime() when the queue went over the soft limit, or 0 while under it
	private long overSoftSince;

	OutboundQueue(ClientConnection connection, Consumer<String> cut, OutboundLimits limits, OutboundEvents events,
			MemoryBudget budget, Function<String, byte[]> noticeEncoder) {
		this.connection = connection;
		this.cut = cut;
		this.limits = limits;
		this.events = events;
		this.budget = budget;
		this.noticeEncoder = noticeEncoder;
	}

	/** The chunks themselves, for the connection's writer. */
	OutboundBuffer buffer() {
		return this.buffer;
	}

	boolean isEmpty() {
		return this.buffer.isEmpty();
	}

	long bytes() {
		return this.buffer.bytes();
	}

	/**
	 * Queues a shared chunk unless the policy says otherwise.
	 * @return whether it was queued (and so will be released by this queue)
	 */
	boolean offer(Chunk chunk) {
		if (this.dropping) {
			if (!caughtUp()) {
				this.droppedInGap += chunk.frames();
				this.events.dropped(DropReason.SLOW_CONSUMER, chunk.frames());
				return false;
			}
			// caught up: the gap's notice is queued, and this chunk follows it whatever its size
		}
		else if (!this.buffer.isEmpty() && overLimits(chunk)) {
			return false;
		}
		this.buffer.add(chunk);
		if (this.overSoftSince == 0 && this.buffer.bytes() > this.limits.soft()) {
			this.overSoftSince = System.nanoTime();
		}
		return true;
	}

	/**
	 * Queues a notice of the hub's own (an answer, an error): unlike relayed frames it is not dropped under policy
	 * drop nor held to the limits, since it is small and the client must see it.
	 */
	void notice(String text) {
		Chunk notice = this.budget.share(this.noticeEncoder.apply(text), 1);
		this.buffer.add(notice);
		notice.offered(1);
	}

	/**
	 * Marks {@code bytes} as written. A client that was over the soft limit may now be under it, and one that missed
	 * frames is told of its gap as soon as it has caught up, not only when its next frame comes.
	 * @return how many frames that completed
	 */
	int written(int bytes, boolean closing) {
		int completed = this.buffer.consume(bytes);
		if (this.overSoftSince != 0 && this.buffer.bytes() <= this.limits.soft()) {
			this.overSoftSince = 0;
		}
		if (this.dropping && !closing) {
			caughtUp();
		}
		return completed;
	}

	/**
	 * Applies the slow-consumer policy now, whatever the limits say: the hub is over its memory budget and this
	 * client has one of the largest queues. Returns the queued bytes that this let go of.
	 */
	long shedForMemory() {
		long before = this.buffer.bytes();
		shed("the hub is over its memory budget (" + Human.bytes(this.budget.limit()) + ")", 0, true);
		return before - this.buffer.bytes();
	}

	/** Drops everything; returns how many frames were dropped. */
	int clear() {
		return this.buffer.clear();
	}

	/**
	 * Whether the client has caught up (its queue is down to half the soft limit, so that one write does not end a
	 * gap); if so, it is told the gap's size before its next frame.
	 */
	private boolean caughtUp() {
		if (this.buffer.bytes() > this.limits.soft() / 2) {
			return false;
		}
		this.dropping = false;
		if (this.droppedInGap > 0) {
			notice(ErrorText.dropped(this.droppedInGap));
		}
		this.droppedInGap = 0;
		return true;
	}

	/** Applies the policy if queuing {@code chunk} would break a limit. */
	private boolean overLimits(Chunk chunk) {
		String why;
		if (this.buffer.bytes() + chunk.bytes().length > this.limits.hard()) {
			why = "over outbound-buffer-max (" + Human.bytes(this.limits.hard()) + ")";
		}
		else if (this.overSoftSince != 0 && System.nanoTime() - this.overSoftSince > this.limits.graceNanos()) {
			why = "over outbound-buffer (" + Human.bytes(this.limits.soft()) + ") for longer than slow-consumer-grace ("
					+ Human.duration(this.limits.grace()) + ")";
		}
		else {
			return false;
		}
		shed(why, chunk.frames(), false);
		return true;
	}

	/**
	 * The client does not keep up. Under policy drop the newest frames are dropped from now until it is down to half
	 * the soft limit (and its queue too, when memory must be freed); under disconnect its queue is dropped but for
	 * bytes already on their way, {@code ERR slow-consumer} is queued after them, and the connection is cut.
	 * @param rejected frames of the chunk being offered, which is not queued
	 */
	private void shed(String why, int rejected, boolean freeQueue) {
		long queued = this.buffer.bytes();
		boolean drop = this.limits.policy() == SlowConsumerPolicy.DROP;
		int dropped = rejected + ((drop && !freeQueue) ? 0 : this.buffer.dropUnstarted());
		this.events.dropped(DropReason.SLOW_CONSUMER, dropped);
		if (drop) {
			if (!this.dropping && this.connection.firstWarning()) {
				ClientLog.warn("Dropping frames for slow consumer {} ({}) until it catches up: {} queued, {}",
						this.connection.getConnectionId(), this.connection.remoteAddress(), Human.bytes(queued), why);
			}
			this.dropping = true;
			this.droppedInGap += dropped;
			return;
		}
		ClientLog.warn("Disconnecting slow consumer {} ({}): {} queued, {}", this.connection.getConnectionId(),
				this.connection.remoteAddress(), Human.bytes(queued), why);
		notice(ErrorText.SLOW_CONSUMER);
		this.cut.accept(why);
	}

}
