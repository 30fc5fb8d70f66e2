package io.spread.console;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class RateHistoryTest {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Counter received = this.meters.counter(RateHistory.FRAMES_RECEIVED);

	private final Counter delivered = this.meters.counter(RateHistory.FRAMES_DELIVERED);

	private final RateHistory rates = new RateHistory(this.meters, () -> 3, new ThreadPoolTaskScheduler());

	@Test
	void eachReadingIsTheRateSinceThePreviousOne() {
		this.rates.sample(0, 1000);
		assertThat(this.rates.after(0)).as("the first reading is the starting point").isEmpty();
		this.received.increment(10);
		this.delivered.increment(30);
		this.rates.sample(SECOND, 2000);
		this.received.increment(5);
		this.rates.sample(3 * SECOND, 4000);

		assertThat(this.rates.after(0)).containsExactly(new RateHistory.Sample(1, 2000, 10, 30, 3),
				new RateHistory.Sample(2, 4000, 2.5, 0, 3));
		assertThat(this.rates.after(1)).extracting(RateHistory.Sample::seq).containsExactly(2L);
		assertThat(this.rates.after(2)).isEmpty();
	}

	@Test
	void keepsTheLastTwoMinutes() {
		for (int second = 0; second <= 500; second++) {
			this.received.increment(second);
			this.rates.sample(second * SECOND, second * 1000L);
		}
		assertThat(this.rates.after(0)).hasSize(RateHistory.SECONDS);
		assertThat(this.rates.after(0).get(0).seq()).isEqualTo(500 - RateHistory.SECONDS + 1);
		assertThat(this.rates.after(0).get(RateHistory.SECONDS - 1).framesPerSecond()).isEqualTo(500);
	}

	@Test
	void withoutTheCountersTheRatesAreZero() {
		RateHistory none = new RateHistory(new SimpleMeterRegistry(), () -> 0, new ThreadPoolTaskScheduler());
		none.sample(0, 0);
		none.sample(SECOND, 1000);
		assertThat(none.after(0)).containsExactly(new RateHistory.Sample(1, 1000, 0, 0, 0));
	}

}
