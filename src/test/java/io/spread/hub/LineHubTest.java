package io.spread.hub;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.spread.codec.Framing;
import io.spread.logging.ClientLog;
import io.spread.security.AdminLogin;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1" })
class LineHubTest extends HubTestSupport {

	@LocalServerPort
	int httpPort;

	@Autowired
	HubHealthIndicator hubHealth;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void welcomesEachClientWithItsNumber() {
		TestClient first = connect();
		assertThat(first.readText()).isEqualTo("Welcome to Spread Site, you are client #1!");
		TestClient second = connect();
		assertThat(second.readText()).isEqualTo("Welcome to Spread Site, you are client #2!");
		TestClient third = connect();
		assertThat(third.readText()).isEqualTo("Welcome to Spread Site, you are client #3!");
	}

	@Test
	void numbersCountOnlyClientsStillConnected() {
		TestClient first = connectWelcomed();
		connectWelcomed();
		first.close();
		awaitClientCount(1);
		assertThat(connect().readText()).isEqualTo("Welcome to Spread Site, you are client #2!");
	}

	@Test
	void relaysToEveryOtherClientButNeverBackToTheSender() {
		TestClient alice = connectWelcomed();
		TestClient bob = connectWelcomed();
		TestClient carol = connectWelcomed();

		alice.sendFrame("hello from alice");
		assertThat(bob.readText()).isEqualTo("hello from alice");
		assertThat(carol.readText()).isEqualTo("hello from alice");

		// had alice's own frame come back, it would arrive before bob's
		bob.sendFrame("hello from bob");
		assertThat(alice.readText()).isEqualTo("hello from bob");
		assertThat(carol.readText()).isEqualTo("hello from bob");
	}

	@Test
	void reassemblesFramesFedOneByteAtATime() {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();

		sender.sendInChunks("first line\nsecond\r\n\nthird\n".getBytes(StandardCharsets.UTF_8), 1);

		assertThat(receiver.readText()).isEqualTo("first line");
		assertThat(receiver.readText()).isEqualTo("second");
		assertThat(receiver.readText()).isEmpty();
		assertThat(receiver.readText()).isEqualTo("third");
	}

	@Test
	void splitsSeveralFramesSentInOneWriteAndJoinsOddChunks() {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		for (int i = 0; i < 50; i++) {
			stream.writeBytes(("frame " + i + " " + "x".repeat(i * 7) + "\n").getBytes(StandardCharsets.UTF_8));
		}

		sender.sendRaw(stream.toByteArray());
		sender.sendInChunks(stream.toByteArray(), 7);

		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 50; i++) {
				assertThat(receiver.readText()).isEqualTo("frame " + i + " " + "x".repeat(i * 7));
			}
		}
	}

	@Test
	void stripsCarriageReturnsAndWritesTheConfiguredTerminator() throws Exception {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();

		sender.sendRaw("telnet line\r\n".getBytes(StandardCharsets.US_ASCII));

		assertThat(receiver.readExactly(12)).isEqualTo("telnet line\n".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void relaysBinaryPayloadsByteForByte() throws Exception {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();
		byte[] everyByteButNewline = new byte[255];
		for (int i = 0, b = 0; b < 256; b++) {
			if (b != '\n') {
				everyByteButNewline[i++] = (byte) b;
			}
		}

		// line framing takes telnet's commands out (spread.tcp.strip-telnet): byte 255 is sent escaped, as IAC IAC
		byte[] escaped = new byte[257];
		System.arraycopy(everyByteButNewline, 0, escaped, 0, 255);
		escaped[255] = (byte) 0xFF;
		escaped[256] = '\n';
		sender.sendRaw(escaped);

		byte[] expected = new byte[256];
		System.arraycopy(everyByteButNewline, 0, expected, 0, 255);
		expected[255] = '\n';
		assertThat(receiver.readExactly(256)).isEqualTo(expected);
	}

	@Test
	void closesAClientThatSendsClose() {
		TestClient quitter = connectWelcomed();
		TestClient other = connectWelcomed();

		quitter.sendFrame("close");

		quitter.awaitClosedByServer();
		awaitClientCount(1);
		TestClient late = connectWelcomed();
		other.sendFrame("to the newcomer");
		assertThat(late.readText()).isEqualTo("to the newcomer");
	}

	@Test
	void relaysTheLastWordsOfAClientThatHangsUpRightAfterSending() {
		TestClient receiver = connectWelcomed();
		for (int i = 0; i < 20; i++) {
			TestClient leaving = connectWelcomed();
			leaving.sendFrame("last words " + i);
			leaving.close();
			assertThat(receiver.readText()).isEqualTo("last words " + i);
		}
	}

	@Test
	void rejectsAnOversizedLineAndKeepsTheConnection() {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();

		sender.sendInChunks(("x".repeat(64 * 1024 + 1) + "\n").getBytes(StandardCharsets.US_ASCII), 10_000);
		sender.sendFrame("x".repeat(64 * 1024));

		assertThat(sender.readText()).isEqualTo("ERR frame-too-large max=65536");
		assertThat(receiver.readText()).isEqualTo("x".repeat(64 * 1024));
		receiver.sendFrame("the sender is still connected");
		assertThat(sender.readText()).isEqualTo("the sender is still connected");
	}

	@Test
	void keepsOneSendersOrderOverTwentyThousandFrames() {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();
		ByteArrayOutputStream burst = new ByteArrayOutputStream();
		for (int i = 0; i < 20_000; i++) {
			burst.writeBytes(("seq " + i + "\n").getBytes(StandardCharsets.US_ASCII));
		}

		sender.sendInChunks(burst.toByteArray(), 4096);

		for (int i = 0; i < 20_000; i++) {
			assertThat(receiver.readText()).isEqualTo("seq " + i);
		}
	}

	@Test
	void keepsEachSendersOrderWhenSeveralSendAtOnce() throws Exception {
		int senders = 4;
		int frames = 5_000;
		List<TestClient> senderClients = new ArrayList<>();
		for (int s = 0; s < senders; s++) {
			senderClients.add(connectWelcomed());
		}
		TestClient receiver = connectWelcomed();
		ExecutorService pool = Executors.newFixedThreadPool(senders);
		try {
			List<Future<?>> sends = new ArrayList<>();
			for (int s = 0; s < senders; s++) {
				int sender = s;
				sends.add(pool.submit(() -> {
					for (int i = 0; i < frames; i++) {
						senderClients.get(sender).sendFrame(sender + ":" + i);
					}
				}));
			}
			int[] next = new int[senders];
			for (int n = 0; n < senders * frames; n++) {
				String[] frame = receiver.readText().split(":");
				int sender = Integer.parseInt(frame[0]);
				assertThat(Integer.parseInt(frame[1])).as("frame from sender %d", sender).isEqualTo(next[sender]++);
			}
			for (Future<?> send : sends) {
				send.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void deliversOneBroadcastToAThousandClients() {
		List<TestClient> receivers = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			receivers.add(connect());
		}
		for (TestClient receiver : receivers) {
			assertThat(receiver.readText()).startsWith("Welcome to Spread Site");
		}
		TestClient sender = connectWelcomed();

		sender.sendFrame("to all");

		for (TestClient receiver : receivers) {
			assertThat(receiver.readText()).isEqualTo("to all");
		}
	}

	@Test
	void countsRightAfterAHundredAbruptResets() {
		List<TestClient> doomed = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			doomed.add(connectWelcomed());
		}
		TestClient survivor = connectWelcomed();
		awaitClientCount(101);

		doomed.forEach(TestClient::reset);

		awaitClientCount(1);
		TestClient newcomer = connect();
		assertThat(newcomer.readText()).isEqualTo("Welcome to Spread Site, you are client #2!");
		survivor.sendFrame("after the resets");
		assertThat(newcomer.readText()).isEqualTo("after the resets");
	}

	/** Regression: telnet's option negotiation and a telnet user's Ctrl-C were relayed to everyone as data. */
	@Test
	void relaysWhatATelnetUserTypesButNotTelnetsCommands() {
		TestClient telnet = connectWelcomed();
		TestClient peer = connectWelcomed();

		telnet.sendRaw(new byte[] { (byte) 0xFF, (byte) 0xFD, 3, (byte) 0xFF, (byte) 0xFB, 0x18 });
		telnet.sendRaw("hello\r\n".getBytes(StandardCharsets.US_ASCII));
		telnet.sendRaw(new byte[] { (byte) 0xFF, (byte) 0xF4, (byte) 0xFF, (byte) 0xFD, 6 });
		telnet.sendRaw("bye\r\n".getBytes(StandardCharsets.US_ASCII));

		assertThat(peer.readText()).isEqualTo("hello");
		assertThat(peer.readText()).isEqualTo("bye");
	}

	@Test
	void reportsHealthLivenessAndReadinessUp() throws Exception {
		int tcpPort = port();
		HttpClient http = HttpClient.newHttpClient();
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			HttpResponse<String> response = http.send(AdminLogin
				.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
		}
		// the probes answer without credentials (io.spread.security.AdminSecurityTest has the rest of the login)
		HttpResponse<String> readiness = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/health/readiness"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).as("details are for authorised callers only").contains("\"status\":\"UP\"")
			.doesNotContain("hub")
			.doesNotContain(String.valueOf(tcpPort));
		assertThat(this.hubHealth.health().getDetails()).containsEntry("port", tcpPort)
			.containsEntry("framing", "line");
	}


	/** Regression: every oversized frame was logged; what a client does wrong is now logged once per connection. */
	@Test
	void logsRepeatedOversizedFramesOncePerConnection() {
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.start();
		Logger clients = (Logger) LoggerFactory.getLogger("io.spread.clients");
		clients.addAppender(lines);
		try {
			TestClient sender = connectWelcomed();
			TestClient receiver = connectWelcomed();
			// lines the hub-wide cap left out (other tests of this JVM may have used up this second's share) count too
			long suppressedBefore = ClientLog.suppressed();
			for (int i = 0; i < 10; i++) {
				sender.sendFrame("x".repeat(64 * 1024 + 1));
				assertThat(sender.readText()).isEqualTo("ERR frame-too-large max=65536");
			}
			sender.sendFrame("still here");
			assertThat(receiver.readText()).isEqualTo("still here");
			long logged = lines.list.stream()
				.filter(line -> line.getFormattedMessage().contains("max-frame-size"))
				.count();
			assertThat(logged + ClientLog.suppressed() - suppressedBefore).as("lines logged or left out by the cap")
				.isEqualTo(1);
		}
		finally {
			clients.detachAppender(lines);
		}
	}

}
