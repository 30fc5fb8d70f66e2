package io.spread.hub;

import java.time.Duration;

import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.hub.idle-timeout=1s" })
class IdleTimeoutTest extends HubTestSupport {

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void closesAClientThatSaysNothingAndKeepsOneThatTalks() {
		TestClient silent = connectWelcomed();
		TestClient chatty = connectWelcomed();

		// chatty speaks every 100 ms while the silent client's second runs out
		await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
			chatty.sendFrame("tick");
			return this.hub.clientCount() == 1;
		});

		String frame;
		while ((frame = silent.readText()).equals("tick")) {
			// ticks relayed before the timeout
		}
		assertThat(frame).isEqualTo("ERR idle-timeout");
		silent.awaitClosedByServer();
		TestClient peer = connectWelcomed();
		chatty.sendFrame("still here");
		String received;
		while ((received = peer.readText()).equals("tick")) {
			// a tick may still have been on its way when the peer joined
		}
		assertThat(received).isEqualTo("still here");
	}

}
