package io.spread.connection;

import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.springframework.messaging.Message;

/**
 * Puts one connection's inbound frames back in the order they were read. Spring Integration numbers them while
 * they are still in order, then may hand two of them to different threads; a frame that overtakes an earlier
 * one waits here until the earlier one has been passed on. (The framework's resequencer would keep a message
 * group per connection in a store; this keeps only the frames that arrive early.)
 */
public final class InboundOrder {

	private final Lock lock = new ReentrantLock();

	// guarded by lock: the sequence number to pass on next; Spring Integration starts at 1
	private long next = 1;

	// guarded by lock: frames that arrived before their predecessor, by sequence number
	private TreeMap<Long, Message<?>> early;

	/** Passes {@code message} (numbered {@code sequence}) and any frames it was holding up on, in order. */
	public void release(long sequence, Message<?> message, Consumer<Message<?>> downstream) {
		this.lock.lock();
		try {
			if (sequence != this.next) {
				if (this.early == null) {
					this.early = new TreeMap<>();
				}
				this.early.put(sequence, message);
				return;
			}
			Message<?> current = message;
			while (current != null) {
				try {
					downstream.accept(current);
				}
				finally {
					this.next++;
				}
				current = (this.early != null) ? this.early.remove(this.next) : null;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
