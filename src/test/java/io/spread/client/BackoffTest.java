package io.spread.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BackoffTest {

	private static ClientProperties.Reconnect settings(double jitter, int maxRetries) {
		ClientProperties.Reconnect settings = new ClientProperties.Reconnect();
		settings.setJitter(jitter);
		settings.setMaxRetries(maxRetries);
		return settings;
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	@Test
	void followsTwistedsRecurrenceWithoutJitter() {
		Backoff backoff = new Backoff(settings(0, -1), new Random(1));
		// Twisted: delay = min(delay * factor, maxDelay) before every retry, starting from initialDelay = 1.0
		double expected = 1.0;
		for (int retry = 1; retry <= 12; retry++) {
			expected = Math.min(expected * 2.718281828, 3600);
			assertThat(seconds(backoff.next().orElseThrow())).as("retry %d", retry).isCloseTo(expected, within(1e-6));
		}
		assertThat(seconds(backoff.next().orElseThrow())).isEqualTo(3600.0);
	}

	@Test
	void startsOverAfterASuccessfulConnection() {
		Backoff backoff = new Backoff(settings(0, -1), new Random(1));
		backoff.next();
		backoff.next();

		backoff.reset();

		assertThat(backoff.retries()).isZero();
		assertThat(seconds(backoff.next().orElseThrow())).isCloseTo(2.718281828, within(1e-6));
	}

	@Test
	void givesUpAfterMaxRetries() {
		Backoff backoff = new Backoff(settings(0, 3), new Random(1));

		assertThat(backoff.next()).isPresent();
		assertThat(backoff.next()).isPresent();
		assertThat(backoff.next()).isPresent();
		assertThat(backoff.next()).isEmpty();
	}

	@Test
	void jittersWithAGaussianOfTheConfiguredSpread() {
		List<Double> firstDelays = new ArrayList<>();
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			firstDelays.add(seconds(new Backoff(settings(0.11962656472, -1), random).next().orElseThrow()));
		}
		double mean = firstDelays.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
		double variance = firstDelays.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / firstDelays.size();

		assertThat(mean).isCloseTo(2.718281828, within(0.01));
		assertThat(Math.sqrt(variance)).isCloseTo(2.718281828 * 0.11962656472, within(0.01));
	}

	@Test
	void buildsEachRetryOnTheJitteredDelayAsTwistedDoes() {
		Random twisted = new Random(7);
		Backoff backoff = new Backoff(settings(0.11962656472, -1), new Random(7));
		double delay = 1.0;
		for (int retry = 1; retry <= 6; retry++) {
			delay = Math.min(delay * 2.718281828, 3600);
			delay = delay + twisted.nextGaussian() * delay * 0.11962656472;
			assertThat(seconds(backoff.next().orElseThrow())).isCloseTo(delay, within(1e-6));
		}
	}

}
