package io.spread.connection;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;

/**
 * The pool of writer loops that drain every connection's outbound buffer, and the outbound rules they share:
 * the per-client limits and policy, the hub-wide memory budget, and how long a closing connection may take to flush.
 */
public class OutboundWriters implements DisposableBean {

	private final WriterLoop[] loops;

	private final AtomicInteger nextLoop = new AtomicInteger();

	private final OutboundLimits limits;

	private final MemoryBudget budget;

	private final Duration closeTimeout;

	private final OutboundEvents events;

	/** Close deadlines; our own, since a shared scheduler may already be stopping while the hub drains. */
	private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "spread-closer");
		thread.setDaemon(true);
		return thread;
	});

	private final SuspendedReads suspendedReads;

	public OutboundWriters(int threads, OutboundLimits limits, MemoryBudget budget, Duration closeTimeout,
			OutboundEvents events) {

		this.limits = limits;
		this.budget = budget;
		this.closeTimeout = closeTimeout;
		this.events = events;
		this.suspendedReads = new SuspendedReads(budget, this.closer);
		this.loops = new WriterLoop[threads];
		for (int i = 0; i < threads; i++) {
			this.loops[i] = new WriterLoop();
			Thread thread = new Thread(this.loops[i], "spread-writer-" + (i + 1));
			thread.setDaemon(true);
			thread.start();
		}
	}

	OutboundLimits limits() {
		return this.limits;
	}

	MemoryBudget budget() {
		return this.budget;
	}

	OutboundEvents events() {
		return this.events;
	}

	/** Spreads connections over the loops round-robin. */
	WriterLoop assign() {
		return this.loops[Math.floorMod(this.nextLoop.getAndIncrement(), this.loops.length)];
	}

	/** Browsers not read while the hub is over its memory budget; they share the closer's scheduler. */
	SuspendedReads suspendedReads() {
		return this.suspendedReads;
	}

	Duration closeTimeout() {
		return this.closeTimeout;
	}

	/** Closes the connection after {@code timeout}, whether or not its buffer has been written by then. */
	Future<?> closeLater(ClientConnection connection, Duration timeout) {
		return this.closer.schedule(connection::close, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Runs a short task on the closer thread, off the caller's. */
	void runSoon(Runnable task) {
		try {
			this.closer.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the connection's close event does the same
		}
	}

	@Override
	public void destroy() {
		this.closer.shutdownNow();
		for (WriterLoop loop : this.loops) {
			loop.stop();
		}
	}

}
