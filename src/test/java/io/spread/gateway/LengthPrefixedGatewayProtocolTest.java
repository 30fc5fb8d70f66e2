package io.spread.gateway;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static io.spread.gateway.GatewayClient.concat;
import static io.spread.gateway.GatewayClient.utf8;

// history off: these tests expect an emptied room (the lobby too) to be forgotten; the History tests cover history
@TestPropertySource(properties = { "spread.gateway.framing=length-prefixed", "spread.tcp.framing=length-prefixed",
		"spread.history.size=0" })
class LengthPrefixedGatewayProtocolTest extends GatewayProtocolTest {

	/** 0x00, 0x0A and 0xFF first, then every byte value, then a line end: nothing in it may be interpreted. */
	static byte[] arbitraryBytes() {
		byte[] every = new byte[256];
		for (int b = 0; b < 256; b++) {
			every[b] = (byte) b;
		}
		return concat(new byte[] { 0x00, 0x0A, (byte) 0xFF, 0x0D, 0x0A, ' ' }, every, new byte[] { '\r', '\n' });
	}

	@Test
	void carriesArbitraryBytesThroughPubAndSend() {
		String room = room("r");
		GatewayClient[] members = twoMembers(room, "alice", "bob");
		GatewayClient alice = members[0];
		GatewayClient bob = members[1];
		byte[] payload = arbitraryBytes();

		alice.pub(room, payload);
		alice.pub(room, new byte[] { 0x0A });
		alice.pub(room, new byte[] { 0x00 });
		alice.pub(room, new byte[] { (byte) 0xFF });
		alice.send(concat(utf8("SEND " + bob.name() + " "), payload));
		alice.send(concat(utf8("SEND " + bob.name() + " "), new byte[] { 0x0A, 0x00, (byte) 0xFF }));

		String msg = "MSG " + room + " " + alice.name() + " ";
		bob.expectBytes(concat(utf8(msg + "1 "), payload));
		bob.expectBytes(concat(utf8(msg + "2 "), new byte[] { 0x0A }));
		bob.expectBytes(concat(utf8(msg + "3 "), new byte[] { 0x00 }));
		bob.expectBytes(concat(utf8(msg + "4 "), new byte[] { (byte) 0xFF }));
		bob.expectBytes(concat(utf8("DM " + alice.name() + " "), payload));
		bob.expectBytes(concat(utf8("DM " + alice.name() + " "), new byte[] { 0x0A, 0x00, (byte) 0xFF }));
		alice.sync();
		bob.sync();
	}

	@Test
	void reassemblesBinaryPayloadsFedOneByteAtATime() {
		String room = room("r");
		GatewayClient[] members = twoMembers(room, "alice", "bob");
		GatewayClient alice = members[0];
		GatewayClient bob = members[1];
		byte[] payload = arbitraryBytes();
		byte[] pub = alice.raw().encode(concat(utf8("PUB " + room + " "), payload));
		byte[] send = alice.raw().encode(concat(utf8("SEND " + bob.name() + " "), payload));
		byte[] ping = alice.encodeAll(List.of("PING bytewise"));

		alice.raw().sendInChunks(concat(pub, send, pub, ping), 1);

		alice.expect("PONG bytewise");
		bob.expectBytes(concat(utf8("MSG " + room + " " + alice.name() + " 1 "), payload));
		bob.expectBytes(concat(utf8("DM " + alice.name() + " "), payload));
		bob.expectBytes(concat(utf8("MSG " + room + " " + alice.name() + " 2 "), payload));
	}

}
