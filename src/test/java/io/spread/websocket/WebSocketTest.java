package io.spread.websocket;


import io.spread.codec.Framing;
import io.spread.support.TestClient;
import io.spread.support.WebSocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Browsers' WebSocket clients and TCP clients of the same hub, over real sockets: a browser on {@code /ws/relay} is
 * a relay client, one on {@code /ws/gateway} a gateway client, each message one frame.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.gateway.port=0",
				"spread.tcp.max-frame-size=1KB" })
class WebSocketTest extends WebSocketTestSupport {

	@Autowired
	@Qualifier("gatewayListener")
	private TcpNioServerConnectionFactory gatewayListener;

	@Test
	void browserAndTcpRelayClientsExchangeFrames() {
		TestClient tcp = tcpRelay();
		WebSocketTestClient browser = browser("/ws/relay");
		assertThat(browser.readText()).startsWith(WELCOME);

		tcp.sendFrame("from the terminal");
		assertThat(browser.readText()).isEqualTo("from the terminal");

		browser.sendText("from the browser");
		assertThat(tcp.readText()).isEqualTo("from the browser");
	}

	/**
	 * Regression: the welcome could reach a browser before it had joined the relay room, so a frame sent right after
	 * the welcome was read could miss it. Output now starts only once the browser is admitted.
	 */
	@Test
	void aFrameSentRightAfterTheWelcomeReachesTheBrowser() {
		TestClient tcp = tcpRelay();
		for (int i = 0; i < 100; i++) {
			try (WebSocketTestClient browser = WebSocketTestClient.connect(this.httpPort, "/ws/relay")) {
				assertThat(browser.readText()).startsWith(WELCOME);
				tcp.sendFrame("right after the welcome " + i);
				assertThat(browser.readText()).isEqualTo("right after the welcome " + i);
			}
		}
	}

	@Test
	void utf8ArrivesAsTextAndOtherBytesAsBinary() {
		TestClient tcp = tcpRelay();
		WebSocketTestClient browser = browser("/ws/relay");
		browser.readText();

		tcp.sendFrame("grüße ✓");
		assertThat(browser.readText()).isEqualTo("grüße ✓");

		byte[] notUtf8 = { (byte) 0x80, (byte) 0xc3, '(', 1, 2 };
		tcp.sendFrame(notUtf8);
		WebSocketTestClient.Received binary = browser.read();
		assertThat(binary.isText()).isFalse();
		assertThat(binary.binary()).isEqualTo(notUtf8);

		browser.sendBinary(new byte[] { 'b', 'i', 'n' });
		assertThat(tcp.readText()).isEqualTo("bin");
	}

	@Test
	void browsersRelayToEachOtherNotToThemselves() {
		WebSocketTestClient one = browser("/ws/relay");
		WebSocketTestClient two = browser("/ws/relay");
		one.readText();
		two.readText();
		one.sendText("hello two");
		assertThat(two.readText()).isEqualTo("hello two");
		two.sendText("hello one");
		assertThat(one.readText()).isEqualTo("hello one");
		assertThat(one.unread()).isZero();
	}

	@Test
	void aMessageInFragmentsIsOneFrame() {
		TestClient tcp = tcpRelay();
		WebSocketTestClient browser = browser("/ws/relay");
		browser.readText();
		String text = "a message sent one character at a time, then in threes";
		browser.sendTextInParts(text, 1);
		assertThat(tcp.readText()).isEqualTo(text);
		browser.sendTextInParts(text, 3);
		assertThat(tcp.readText()).isEqualTo(text);
	}

	@Test
	void aMessageOverTheFrameSizeIsAnsweredLikeATcpFrameAndNotRelayed() {
		TestClient tcp = tcpRelay();
		WebSocketTestClient browser = browser("/ws/relay");
		browser.readText();
		browser.sendTextInParts("x".repeat(3000), 700);
		assertThat(browser.readText()).startsWith("ERR frame-too-large");
		tcp.sendFrame("still here");
		assertThat(browser.readText()).isEqualTo("still here");
		browser.sendText("small again");
		assertThat(tcp.readText()).as("the oversized message was not relayed").isEqualTo("small again");
	}

	@Test
	void browserAndTcpGatewayClientsExchangePubAndSend() {
		TestClient tcp = tcpGateway();
		WebSocketTestClient browser = browser("/ws/gateway");

		browser.sendText("HELLO ada");
		assertThat(browser.readText()).isEqualTo("OK HELLO ada");
		tcp.sendFrame("HELLO bob");
		assertThat(tcp.readText()).isEqualTo("OK HELLO bob");

		browser.sendText("JOIN chat");
		assertThat(browser.readText()).startsWith("OK JOIN chat");
		tcp.sendFrame("JOIN chat");
		assertThat(tcp.readText()).startsWith("OK JOIN chat");
		assertThat(browser.readTextStartingWith("JOINED")).isEqualTo("JOINED chat bob");

		tcp.sendFrame("PUB chat hi from the terminal");
		assertThat(browser.readTextStartingWith("MSG")).matches("MSG chat bob \\d+ hi from the terminal");
		browser.sendText("PUB chat hi from the browser");
		assertThat(readUntil(tcp, "MSG")).matches("MSG chat ada \\d+ hi from the browser");

		browser.sendText("SEND bob psst");
		assertThat(readUntil(tcp, "DM")).isEqualTo("DM ada psst");
		tcp.sendFrame("SEND ada psst back");
		assertThat(browser.readTextStartingWith("DM")).isEqualTo("DM bob psst back");

		browser.sendText("WHO chat");
		assertThat(browser.readTextStartingWith("OK WHO")).isEqualTo("OK WHO chat ada bob");
	}

	@Test
	void browsersAreSessionsLikeAnyOtherAndLeaveNothingBehind() {
		WebSocketTestClient relay = browser("/ws/relay");
		relay.readText();
		WebSocketTestClient gateway = browser("/ws/gateway");
		gateway.sendText("HELLO carol");
		assertThat(gateway.readText()).isEqualTo("OK HELLO carol");
		assertThat(this.registry.sessions()).extracting(session -> session.connection().getConnectionId())
			.anyMatch(id -> id.matches("w\\d+"))
			.anyMatch(id -> id.matches("wg\\d+"));
		assertThat(this.registry.named("carol")).isNotNull();

		relay.abort();
		gateway.close();
		await().atMost(WAIT).until(() -> this.registry.clientCount() == 0);
		assertThat(this.registry.named("carol")).as("the name is free again").isNull();
		assertThat(this.registry.addressCount()).isZero();
	}

	@Test
	void quitClosesTheBrowserNormally() {
		WebSocketTestClient browser = browser("/ws/gateway");
		browser.sendText("QUIT");
		assertThat(browser.awaitClosed()).isEqualTo(1000);
		await().atMost(WAIT).until(() -> this.registry.clientCount() == 0);
	}

	private TestClient tcpGateway() {
		return track(TestClient.connect(port(this.gatewayListener), Framing.LINE));
	}

}
