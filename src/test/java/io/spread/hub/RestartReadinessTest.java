package io.spread.hub;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression: a hub stopped and started again (as the Spring test framework pauses a cached context between test
 * classes) stayed "refusing traffic", so its readiness probe, and /actuator/health, answered 503 for good.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1" })
class RestartReadinessTest {

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private ApplicationAvailability availability;

	@Test
	void aHubStartedAgainAcceptsTrafficAgain() {
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
		this.context.stop();
		assertThat(this.availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
		this.context.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
	}

}
