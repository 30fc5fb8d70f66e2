package io.spread.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * The hub's traffic, second by second, for the console's charts: once a second it reads the counters
 * {@code spread.frames.received} and {@code spread.frames.delivered} (see {@code io.spread.hub.HubMetrics}) and keeps
 * the rates since the previous reading, for the last {@value #SECONDS} seconds, so a page opened now starts with
 * that much history. Readings are numbered, so a page asks only for those it has not seen.
 */
public class RateHistory implements SmartLifecycle {

	/** How many seconds of history are kept (and at most returned at once). */
	static final int SECONDS = 120;

	static final String FRAMES_RECEIVED = "spread.frames.received";

	static final String FRAMES_DELIVERED = "spread.frames.delivered";

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	/**
	 * One second of traffic.
	 * @param seq the reading's number, from 1
	 * @param time when it was taken, in milliseconds since the epoch
	 * @param framesPerSecond frames read from clients per second since the previous reading
	 * @param deliveriesPerSecond frames written to clients (one per receiver) per second since the previous reading
	 * @param clients clients connected when it was taken
	 */
	public record Sample(long seq, long time, double framesPerSecond, double deliveriesPerSecond, int clients) {
	}

	private final MeterRegistry meters;

	private final IntSupplier clients;

	private final TaskScheduler scheduler;

	private final ArrayDeque<Sample> samples = new ArrayDeque<>(SECONDS);

	private long seq;

	private double lastReceived;

	private double lastDelivered;

	private boolean started;

	private long lastNanos;

	private ScheduledFuture<?> task;

	/**
	 * @param clients how many clients are connected now
	 */
	public RateHistory(MeterRegistry meters, IntSupplier clients, TaskScheduler scheduler) {
		this.meters = meters;
		this.clients = clients;
		this.scheduler = scheduler;
	}

	/** Readings numbered above {@code after}, oldest first: all that are kept for 0. */
	public synchronized List<Sample> after(long after) {
		List<Sample> newer = new ArrayList<>();
		for (Sample sample : this.samples) {
			if (sample.seq() > after) {
				newer.add(sample);
			}
		}
		return newer;
	}

	/** Takes one reading: the rates since the previous one. The first reading only sets the starting point. */
	void sample() {
		sample(System.nanoTime(), System.currentTimeMillis());
	}

	/**
	 * Takes one reading at {@code nanos} (on {@link System#nanoTime()}'s scale), stamped {@code time} (milliseconds
	 * since the epoch).
	 */
	synchronized void sample(long nanos, long time) {
		double received = count(FRAMES_RECEIVED);
		double delivered = count(FRAMES_DELIVERED);
		if (this.started) {
			double seconds = (nanos - this.lastNanos) / 1e9;
			if (this.samples.size() == SECONDS) {
				this.samples.removeFirst();
			}
			this.samples.addLast(new Sample(++this.seq, time, rate(received - this.lastReceived, seconds),
					rate(delivered - this.lastDelivered, seconds), this.clients.getAsInt()));
		}
		this.started = true;
		this.lastNanos = nanos;
		this.lastReceived = received;
		this.lastDelivered = delivered;
	}

	/** Per second, to one decimal. */
	private static double rate(double count, double seconds) {
		return (seconds <= 0) ? 0 : Math.round(count / seconds * 10) / 10.0;
	}

	private double count(String name) {
		Counter counter = this.meters.find(name).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Override
	public synchronized void start() {
		if (this.task == null) {
			sample();
			this.task = this.scheduler.scheduleAtFixedRate(this::sample, Instant.now().plus(INTERVAL), INTERVAL);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.task != null) {
			this.task.cancel(false);
			this.task = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.task != null;
	}

}
