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

	/**
	 * Idle means no traffic either way: a client that only listens is not idle while frames reach it (regression:
	 * it used to be closed for not speaking), and both clients are closed once all traffic stops.
	 */
	@Test
	void keepsClientsWithTrafficEitherWayAndClosesThemWhenItStops() {
		TestClient listener = connectWelcomed();
		TestClient talker = connectWelcomed();
		long speakUntil = System.nanoTime() + Duration.ofMillis(2500).toNanos();

		// the talker speaks every 100 ms for two and a half idle timeouts; the listener only hears it
		await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
			talker.sendFrame("tick");
			return System.nanoTime() > speakUntil;
		});
		assertThat(this.hub.clientCount()).isEqualTo(2);

		String frame;
		while ((frame = listener.readText()).equals("tick")) {
			// ticks relayed while the talker spoke
		}
		assertThat(frame).isEqualTo("ERR idle-timeout");
		assertThat(talker.readText()).isEqualTo("ERR idle-timeout");
		listener.awaitClosedByServer();
		talker.awaitClosedByServer();
		awaitClientCount(0);
	}

}
