package io.spread.connection;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How one client connection ends, the same for every kind (TCP or WebSocket): the first reason given for its close
 * and what happened in words, whether something it did wrong has been logged yet, the hook run once as soon as it
 * starts closing, and the deadline that closes it when its peer does not read what is queued. Thread-safe.
 */
final class ConnectionEnd {

	private final ClientConnection connection;

	private final OutboundWriters writers;

	private volatile CloseReason reason;

	private volatile String detail;

	private final AtomicBoolean warned = new AtomicBoolean();

	// run once, soon after the connection starts closing (see whenClosing)
	private volatile Runnable closingHook;

	private final AtomicBoolean closingTold = new AtomicBoolean();

	// a pending closeLater deadline, cancelled when the connection closes first
	private volatile Future<?> deadline;

	ConnectionEnd(ClientConnection connection, OutboundWriters writers) {
		this.connection = connection;
		this.writers = writers;
	}

	/** Notes why the connection closes; only the first reason given counts. */
	synchronized void note(CloseReason reason, String detail) {
		if (this.reason == null) {
			this.reason = reason;
			this.detail = detail;
		}
	}

	/** The first reason given, or {@link CloseReason#CLIENT} when none was: the peer hung up. */
	CloseReason reason() {
		CloseReason noted = this.reason;
		return (noted != null) ? noted : CloseReason.CLIENT;
	}

	String detail() {
		return this.detail;
	}

	/** True the first time it is asked: what a client does wrong is logged once per connection. */
	boolean firstWarning() {
		return !this.warned.getAndSet(true);
	}

	/**
	 * Runs {@code hook} once, on another thread, soon after the connection's input has ended, whatever the cause (the
	 * peer, a limit, an operator, the hub), before what is queued for it has been written: so that the rooms it
	 * leaves are told at once, not when a peer that stopped reading finally times out. Never on the caller's thread,
	 * which may be holding a room while it queues a frame.
	 */
	void whenClosing(Runnable hook) {
		this.closingHook = hook;
		tellClosing();
	}

	/** Runs the closing hook if the connection's input has ended and it has not run yet; any thread. */
	void tellClosing() {
		Runnable hook = this.closingHook;
		if (hook != null && this.connection.isInputEnded() && this.closingTold.compareAndSet(false, true)) {
			this.writers.runSoon(hook);
		}
	}

	/**
	 * Closes the connection after {@code timeout} unless it has closed by then (a peer that stopped reading); once,
	 * whichever threads ask.
	 */
	synchronized void closeLater(Duration timeout) {
		if (this.deadline == null) {
			this.deadline = this.writers.closeLater(this.connection, timeout);
			if (this.connection.isClosed()) {
				this.deadline.cancel(false);
			}
		}
	}

	/** The connection has closed: no deadline is needed any more, and the closing hook runs if it has not. */
	void closed() {
		Future<?> pending = this.deadline;
		if (pending != null) {
			pending.cancel(false);
		}
		tellClosing();
	}

}
