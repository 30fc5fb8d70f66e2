package io.spread.connection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Browsers whose reading is suspended while the hub is over its memory budget (see
 * {@link WebSocketConnection#receive}), and the one check that resumes them all once it is back under: every few
 * milliseconds while any is suspended, on the writers' scheduler. (A TCP client is put off by its listener's read
 * delay instead; a servlet container offers no such seam, so the hub resumes browsers itself.)
 */
final class SuspendedReads {

	static final long CHECK_MILLIS = 5;

	private final MemoryBudget budget;

	private final ScheduledExecutorService scheduler;

	private final Set<WebSocketConnection> suspended = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean checkScheduled = new AtomicBoolean();

	SuspendedReads(MemoryBudget budget, ScheduledExecutorService scheduler) {
		this.budget = budget;
		this.scheduler = scheduler;
	}

	/** Called once a connection has suspended its reading: it is resumed when the hub is under its budget. */
	void add(WebSocketConnection connection) {
		this.suspended.add(connection);
		scheduleCheck();
	}

	/** Called when a connection has closed: nothing to resume. */
	void remove(WebSocketConnection connection) {
		this.suspended.remove(connection);
	}

	int count() {
		return this.suspended.size();
	}

	private void scheduleCheck() {
		if (!this.checkScheduled.compareAndSet(false, true)) {
			return;
		}
		try {
			this.scheduler.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the connections are being closed
			this.checkScheduled.set(false);
		}
	}

	private void check() {
		this.checkScheduled.set(false);
		if (!this.budget.isOver()) {
			for (WebSocketConnection connection : this.suspended) {
				this.suspended.remove(connection);
				connection.resumeReads();
			}
		}
		if (!this.suspended.isEmpty()) {
			scheduleCheck();
		}
	}

}
