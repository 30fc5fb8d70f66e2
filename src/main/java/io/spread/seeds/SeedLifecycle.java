package io.spread.seeds;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.spread.connection.ClientConnection;
import io.spread.connection.CloseReason;
import io.spread.connection.HubListener;
import io.spread.hub.SessionRegistry;
import io.spread.logging.Human;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * A seed server's running state around its listener. While running it wakes the listener once a second, so closed
 * connections are swept even when no client is active (as the hub's lifecycle does for the hub). When the
 * application stops it shuts down gracefully before anything else stops, alongside the hub: new connections are
 * refused, and each client is closed once what is queued for it has been written, or after
 * {@code spread.hub.shutdown-timeout}. No notice is sent: an echo client gets back exactly what it sent. Its
 * clients are those of the server's session registry.
 */
public class SeedLifecycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SeedLifecycle.class);

	private static final Duration LISTENER_TICK = Duration.ofSeconds(1);

	private final String service;

	private final HubListener listener;

	/** The server's registry: its clients now. */
	private final SessionRegistry sessions;

	private final TaskScheduler scheduler;

	private final Duration shutdownTimeout;

	private volatile ScheduledFuture<?> tick;

	private volatile boolean running;

	/** @param sessions the server's registry of its clients */
	public SeedLifecycle(String service, SessionRegistry sessions, HubListener listener, TaskScheduler scheduler,
			Duration shutdownTimeout) {
		this.service = service;
		this.sessions = sessions;
		this.listener = listener;
		this.scheduler = scheduler;
		this.shutdownTimeout = shutdownTimeout;
	}

	/** The listener's connections open now. */
	List<ClientConnection> openConnections() {
		return this.sessions.connections();
	}

	@Override
	public void start() {
		this.tick = this.scheduler.scheduleWithFixedDelay(this.listener::wakeup, LISTENER_TICK);
		this.running = true;
	}

	@Override
	public void stop() {
		drain();
	}

	/** Drains on a thread of its own, so that the hub and the other servers drain at the same time. */
	@Override
	public void stop(Runnable callback) {
		Thread drainer = new Thread(() -> {
			try {
				drain();
			}
			finally {
				callback.run();
			}
		}, this.service + "-drain");
		drainer.start();
	}

	private void drain() {
		this.running = false;
		ScheduledFuture<?> task = this.tick;
		if (task != null) {
			task.cancel(false);
		}
		this.listener.beforeShutdown();
		List<ClientConnection> open = openConnections();
		if (open.isEmpty()) {
			return;
		}
		log.info("Shutting down the {} server: {} clients get up to {} to receive what is queued for them",
				this.service, open.size(), Human.duration(this.shutdownTimeout));
		for (ClientConnection connection : open) {
			connection.closeAfterFlush(CloseReason.SHUTDOWN, this.shutdownTimeout);
		}
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
		while (!openConnections().isEmpty() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
		log.info("The {} server drained; {} clients left", this.service, openConnections().size());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops first, while the listener, the writers and the web server still work (as the hub's lifecycle). */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
