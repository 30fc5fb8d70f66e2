package io.spread.gateway;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway listener is a component of health of its own, with its port, framing and rooms in use. */
@TestPropertySource(properties = { "spread.gateway.framing=line", "spread.tcp.framing=line" })
class GatewayHealthTest extends GatewayTestSupport {

	@Autowired
	private GatewayHealthIndicator gatewayHealth;

	@Test
	void healthShowsTheGatewayListener() {
		GatewayClient alice = hello("alice");
		alice.join(room("r"), 1, 0);
		Health health = this.gatewayHealth.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		Map<String, Object> details = health.getDetails();
		assertThat(details).containsEntry("port", gatewayPort())
			.containsEntry("framing", "line")
			.containsEntry("tls", false);
		assertThat((Integer) details.get("roomsWithMembers")).isPositive();
	}

}
