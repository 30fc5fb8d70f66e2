package io.spread.hub;

import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.hub.max-connections=2", "spread.hub.welcome=" })
class MaxConnectionsTest extends HubTestSupport {

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void refusesClientsBeyondTheLimitAndKeepsServingTheOthers() {
		TestClient first = connect();
		TestClient second = connect();
		awaitClientCount(2);

		TestClient third = connect();
		assertThat(third.readText()).isEqualTo("ERR server-full");
		third.awaitClosedByServer();

		first.sendFrame("no welcome configured, and the hub still relays");
		assertThat(second.readText()).isEqualTo("no welcome configured, and the hub still relays");
		assertThat(this.hub.clientCount()).isEqualTo(2);
	}

}
