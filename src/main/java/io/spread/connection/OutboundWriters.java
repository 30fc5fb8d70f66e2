package io.spread.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;

/**
 * The pool of writer loops that drain every connection's outbound buffer, and the outbound rules they share:
 * buffer capacity, slow-consumer policy and how long a closing connection may take to flush.
 */
public class OutboundWriters implements DisposableBean {

	private final WriterLoop[] loops;

	private final AtomicInteger nextLoop = new AtomicInteger();

	private final long capacity;

	private final SlowConsumerPolicy policy;

	private final Duration closeTimeout;

	private final OutboundEvents events;

	private final TaskScheduler scheduler;

	public OutboundWriters(int threads, long capacity, SlowConsumerPolicy policy, Duration closeTimeout,
			OutboundEvents events, TaskScheduler scheduler) {

		this.capacity = capacity;
		this.policy = policy;
		this.closeTimeout = closeTimeout;
		this.events = events;
		this.scheduler = scheduler;
		this.loops = new WriterLoop[threads];
		for (int i = 0; i < threads; i++) {
			this.loops[i] = new WriterLoop();
			Thread thread = new Thread(this.loops[i], "spread-writer-" + (i + 1));
			thread.setDaemon(true);
			thread.start();
		}
	}

	long capacity() {
		return this.capacity;
	}

	SlowConsumerPolicy policy() {
		return this.policy;
	}

	OutboundEvents events() {
		return this.events;
	}

	/** Spreads connections over the loops round-robin. */
	WriterLoop assign() {
		return this.loops[Math.floorMod(this.nextLoop.getAndIncrement(), this.loops.length)];
	}

	/** Closes the connection after the close timeout, whether or not its buffer has been written by then. */
	void closeLater(HubConnection connection) {
		this.scheduler.schedule(connection::close, Instant.now().plus(this.closeTimeout));
	}

	@Override
	public void destroy() {
		for (WriterLoop loop : this.loops) {
			loop.stop();
		}
	}

}
