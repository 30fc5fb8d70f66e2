package io.spread.hub;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import io.spread.connection.HubListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * The hub's running state around the listener: while running it closes idle clients, keeps the hub under its
 * memory budget ({@link MemoryGuard}), and wakes the listener once a second so closed connections are swept even
 * when no client is active; when the application stops it
 * shuts down gracefully before anything else stops: readiness goes down, new connections are refused, every client
 * gets a last notice and up to {@code spread.hub.shutdown-timeout} to receive what is queued for it.
 */
public class HubLifecycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(HubLifecycle.class);

	private final HubOperations hub;

	private static final Duration GUARD_INTERVAL = Duration.ofMillis(50);

	private static final Duration LISTENER_TICK = Duration.ofSeconds(1);

	/** How often expired history is let go and rooms left with neither members nor history are forgotten. */
	private static final Duration ROOM_SWEEP = Duration.ofSeconds(1);

	private final HubListener listener;

	private final MemoryGuard memoryGuard;

	private final HubProperties properties;

	private final TaskScheduler scheduler;

	private final Rooms rooms;

	private final ApplicationEventPublisher events;

	private volatile ScheduledFuture<?> idleSweep;

	private volatile ScheduledFuture<?> guard;

	private volatile ScheduledFuture<?> tick;

	private volatile ScheduledFuture<?> roomSweep;

	private volatile boolean stoppedBefore;

	private volatile boolean running;

	public HubLifecycle(HubOperations hub, HubListener listener, MemoryGuard memoryGuard, Rooms rooms,
			HubProperties properties, TaskScheduler scheduler, ApplicationEventPublisher events) {
		this.hub = hub;
		this.rooms = rooms;
		this.listener = listener;
		this.memoryGuard = memoryGuard;
		this.properties = properties;
		this.scheduler = scheduler;
		this.events = events;
	}

	@Override
	public void start() {
		Duration idle = this.properties.getIdleTimeout();
		if (!idle.isZero()) {
			Duration every = Duration.ofMillis(Math.max(10, Math.min(1000, idle.toMillis() / 4)));
			this.idleSweep = this.scheduler.scheduleAtFixedRate(() -> this.hub.closeIdle(idle), every);
		}
		this.guard = this.scheduler.scheduleWithFixedDelay(this.memoryGuard, GUARD_INTERVAL);
		this.tick = this.scheduler.scheduleWithFixedDelay(this.listener::wakeup, LISTENER_TICK);
		this.roomSweep = this.scheduler.scheduleWithFixedDelay(this.rooms::sweep, ROOM_SWEEP);
		if (this.stoppedBefore) {
			// started again after a stop (a paused test context): the first start leaves readiness to Spring Boot
			AvailabilityChangeEvent.publish(this.events, this, ReadinessState.ACCEPTING_TRAFFIC);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.stoppedBefore = true;
		for (ScheduledFuture<?> task : new ScheduledFuture<?>[] { this.idleSweep, this.guard, this.tick, this.roomSweep }) {
			if (task != null) {
				task.cancel(false);
			}
		}
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		this.listener.beforeShutdown();
		this.hub.shutdown(this.properties.getShutdownTimeout());
		log.info("Hub drained; {} clients left", this.hub.clientCount());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops first, while the listener, the writers and the web server still work. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
