package io.spread.gateway;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing is kept longer than spread.history.ttl; a room left with neither members nor history is forgotten, and one
 * made again under its name numbers from 1 under another epoch.
 */
@TestPropertySource(properties = { "spread.gateway.framing=line", "spread.tcp.framing=line", "spread.history.ttl=3s" })
class HistoryExpiryTest extends GatewayTestSupport {

	@Test
	void pastTheTimeToLiveNothingIsKeptAndTheNumberingGoesOn() {
		String room = room("ttl");
		GatewayClient alice = hello("alice");
		String epoch = alice.join(room, 1, 0);
		alice.pub(room, "old");
		alice.sync();
		GatewayClient bob = hello("bob");
		bob.answers("HISTORY " + room + " " + epoch + " 0", "MSG " + room + " " + alice.name() + " 1 old");
		bob.expect("OK HISTORY " + room + " 1");
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(lastAnswer(bob, "HISTORY " + room + " " + epoch + " 0"))
				.isEqualTo("ERR history-gone " + room + " " + epoch + " 2"));
		alice.pub(room, "new");
		alice.sync();
		bob.answers("HISTORY " + room + " " + epoch + " 1", "MSG " + room + " " + alice.name() + " 2 new");
		bob.expect("OK HISTORY " + room + " 2");
	}

	@Test
	void aRoomWithNeitherMembersNorHistoryIsForgottenAndComesBackWithAnotherEpoch() {
		String room = room("forgotten");
		GatewayClient alice = hello("alice");
		String epoch = alice.join(room, 1, 0);
		alice.pub(room, "one");
		alice.leave(room);
		GatewayClient bob = hello("bob");
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(lastAnswer(bob, "HISTORY " + room + " " + epoch + " 0"))
				.isEqualTo("ERR history-gone " + room + " - 1"));
		GatewayClient.Joined again = bob.join(room);
		assertThat(again.epoch()).isNotEqualTo(epoch);
		assertThat(again.lastOffset()).isZero();
	}

	/** Sends HISTORY and returns the frame that ends its answer: OK HISTORY or ERR, after any replayed MSG. */
	private static String lastAnswer(GatewayClient client, String history) {
		String frame = client.ask(history);
		while (frame.startsWith("MSG ")) {
			frame = client.read();
		}
		return frame;
	}

}
