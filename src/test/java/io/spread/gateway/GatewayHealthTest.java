package io.spread.gateway;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway listener is a component of health of its own, with its port, framing and rooms in use. */
@TestPropertySource(properties = { "spread.gateway.framing=line", "spread.tcp.framing=line" })
class GatewayHealthTest extends GatewayTestSupport {

	@Test
	void healthShowsTheGatewayListener() throws Exception {
		GatewayClient alice = hello("alice");
		alice.join(room("r"), 1, 0);
		JsonNode gateway = getJson("/actuator/health").get("components").get("gateway");
		assertThat(gateway.get("status").asString()).isEqualTo("UP");
		assertThat(gateway.get("details").get("port").asInt()).isEqualTo(gatewayPort());
		assertThat(gateway.get("details").get("framing").asString()).isEqualTo("line");
		assertThat(gateway.get("details").get("roomsWithMembers").asInt()).isPositive();
	}

}
