package io.spread.gateway;

import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static io.spread.gateway.GatewayClient.concat;
import static io.spread.gateway.GatewayClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;

// history off: these tests expect an emptied room (the lobby too) to be forgotten; the History tests cover history
@TestPropertySource(properties = { "spread.gateway.framing=length-prefixed", "spread.tcp.framing=length-prefixed",
		"spread.history.size=0" })
class LengthPrefixedGatewayRelayTest extends GatewayRelayTest {

	@Test
	void carriesArbitraryBytesBetweenRelayAndGateway() {
		GatewayClient alice = hello("alice");
		alice.join(LOBBY, 1, 0);
		Guest guest = guestSeenBy(alice);
		TestClient relay = guest.relay();
		byte[] payload = LengthPrefixedGatewayProtocolTest.arbitraryBytes();

		relay.sendFrame(payload);
		alice.expectBytes(concat(utf8("MSG " + LOBBY + " " + guest.name() + " 1 "), payload));

		alice.pub(LOBBY, payload);
		assertThat(relay.readFrame()).isEqualTo(payload);
		alice.send(concat(utf8("SEND " + guest.name() + " "), payload));
		assertThat(relay.readFrame()).isEqualTo(payload);
		alice.sync();
	}

}
