package io.spread.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static io.spread.gateway.GatewayClient.concat;
import static io.spread.gateway.GatewayClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;

// history off: these tests expect an emptied room (the lobby too) to be forgotten; the History tests cover history
@TestPropertySource(properties = { "spread.gateway.framing=line", "spread.tcp.framing=line", "spread.history.size=0" })
class LineGatewayProtocolTest extends GatewayProtocolTest {

	@Test
	void acceptsTelnetLineEnds() {
		String room = room("r");
		GatewayClient bob = hello("bob");
		bob.join(room, 1, 0);
		GatewayClient alice = connect();

		alice.raw().sendRaw(("PING crlf\r\nHELLO " + name("alice") + "\r\nJOIN " + room + "\r\nPUB " + room
				+ " typed in telnet\r\n").getBytes(StandardCharsets.US_ASCII));

		alice.expect("PONG crlf", "OK HELLO " + name("alice"));
		assertThat(GatewayClient.Joined.parse(room, alice.read()).members()).isEqualTo(2);
		bob.expect("JOINED " + room + " " + name("alice"), "MSG " + room + " " + name("alice") + " 1 typed in telnet");
		alice.sync();
	}

	@Test
	void carriesEveryByteButLineEndsInAPayload() {
		String room = room("r");
		GatewayClient[] members = twoMembers(room, "alice", "bob");
		GatewayClient alice = members[0];
		GatewayClient bob = members[1];
		// 0x00..0xFE without \n and \r; 0xFF is telnet's IAC in line framing (spread.tcp.strip-telnet)
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int b = 0; b < 255; b++) {
			if (b != '\n' && b != '\r') {
				bytes.write(b);
			}
		}
		byte[] payload = concat(bytes.toByteArray(), utf8(" caf\u00e9 \u2603 "));

		alice.pub(room, payload);
		alice.send(concat(utf8("SEND " + bob.name() + " "), payload));

		bob.expectBytes(concat(utf8("MSG " + room + " " + alice.name() + " 1 "), payload));
		bob.expectBytes(concat(utf8("DM " + alice.name() + " "), payload));
		alice.sync();
	}

}
