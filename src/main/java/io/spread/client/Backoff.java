package io.spread.client;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays as Twisted's {@code ReconnectingClientFactory.retry()} computes them: before each retry the
 * delay is multiplied by the factor and capped, then replaced by a Gaussian draw around itself (standard deviation
 * {@code jitter} times the delay), which the next retry builds on. So the first wait is {@code initial × factor}.
 * A successful connection resets it. Not thread-safe.
 */
public final class Backoff {

	private final double initialSeconds;

	private final double factor;

	private final double jitter;

	private final double maxSeconds;

	private final int maxRetries;

	private final RandomGenerator random;

	private double delaySeconds;

	private int retries;

	public Backoff(ClientProperties.Reconnect settings, RandomGenerator random) {
		this.initialSeconds = seconds(settings.getInitialDelay());
		this.factor = settings.getFactor();
		this.jitter = settings.getJitter();
		this.maxSeconds = seconds(settings.getMaxDelay());
		this.maxRetries = settings.getMaxRetries();
		this.random = random;
		reset();
	}

	/** The wait before the next attempt, or empty when the retries allowed are used up. */
	public Optional<Duration> next() {
		this.retries++;
		if (this.maxRetries >= 0 && this.retries > this.maxRetries) {
			return Optional.empty();
		}
		this.delaySeconds = Math.min(this.delaySeconds * this.factor, this.maxSeconds);
		if (this.jitter > 0) {
			this.delaySeconds = Math.max(0, this.delaySeconds + this.random.nextGaussian() * this.delaySeconds * this.jitter);
		}
		return Optional.of(Duration.ofNanos(Math.round(this.delaySeconds * 1e9)));
	}

	/** After a successful connection: the next failure starts again from the initial delay. */
	public void reset() {
		this.delaySeconds = this.initialSeconds;
		this.retries = 0;
	}

	public int retries() {
		return this.retries;
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
