package io.spread.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

/** spread.history.size=0: nothing is kept, joiners are live at once, and every HISTORY with a gap is told so. */
@TestPropertySource(properties = { "spread.gateway.framing=line", "spread.tcp.framing=line", "spread.history.size=0" })
class HistoryOffTest extends GatewayTestSupport {

	@Test
	void nothingIsReplayedAndTheGapIsTold() {
		String room = room("off");
		GatewayClient alice = hello("alice");
		String epoch = alice.join(room, 1, 0);
		GatewayClient bob = hello("bob");
		bob.join(room, 2, 0);
		alice.expect("JOINED " + room + " " + bob.name());
		alice.pub(room, "one");
		bob.expect("MSG " + room + " " + alice.name() + " 1 one");
		GatewayClient carol = hello("carol");
		carol.answers("HISTORY " + room + " " + epoch + " 0", "ERR history-gone " + room + " " + epoch + " 2");
		carol.answers("HISTORY " + room + " " + epoch + " 1", "OK HISTORY " + room + " 1");
	}

}
