package io.spread.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

/** What a room keeps is bounded by spread.history.size; beyond it a client is told its gap. */
@TestPropertySource(properties = { "spread.gateway.framing=line", "spread.tcp.framing=line", "spread.history.size=100" })
class HistoryRetentionTest extends GatewayTestSupport {

	@Test
	void pastTheSizeAClientLearnsTheEarliestOffsetStillKept() {
		String room = room("size");
		GatewayClient alice = hello("alice");
		String epoch = alice.join(room, 1, 0);
		for (int i = 1; i <= 300; i++) {
			alice.pub(room, "m" + i);
		}
		alice.sync();
		GatewayClient bob = hello("bob");
		bob.answers("HISTORY " + room + " " + epoch + " 50", "ERR history-gone " + room + " " + epoch + " 201");
		bob.answers("HISTORY " + room + " " + epoch + " 200", "MSG " + room + " " + alice.name() + " 201 m201");
		for (int i = 202; i <= 300; i++) {
			bob.expect("MSG " + room + " " + alice.name() + " " + i + " m" + i);
		}
		bob.expect("OK HISTORY " + room + " 300");
	}

}
