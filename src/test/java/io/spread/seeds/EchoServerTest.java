package io.spread.seeds;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.connection.HubListener;
import io.spread.hub.SessionRegistry;
import io.spread.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The echo server over real loopback sockets, next to the hub in the same application. */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.echo.enabled=true",
				"spread.echo.port=0", "spread.echo.host=127.0.0.1", "spread.echo.max-connections=2" })
class EchoServerTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Autowired
	@Qualifier("echoListener")
	HubListener echoListener;

	@Autowired
	@Qualifier("echoSessions")
	SessionRegistry echoSessions;

	@Autowired
	SeedHealthIndicator echoHealthIndicator;

	@Autowired
	HealthContributorRegistry health;

	@Autowired
	MeterRegistry meters;

	@Autowired
	TcpNioServerConnectionFactory hubListener;

	private final List<TestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(TestClient::close);
		this.clients.clear();
		await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(this.echoSessions::clientCount, n -> n == 0);
	}

	private TestClient connect() {
		await().atMost(WAIT).until(this.echoListener::isListening);
		TestClient client = TestClient.connect(this.echoListener.getPort(), Framing.RAW);
		this.clients.add(client);
		return client;
	}

	@Test
	void echoesEachByteOfOneByteWritesAsItComes() throws Exception {
		TestClient client = connect();
		byte[] text = "one byte at a time, no line end needed".getBytes(StandardCharsets.US_ASCII);

		// each byte comes back before the next is sent: nothing waits for a terminator or more input
		for (byte b : text) {
			client.sendRaw(new byte[] { b });
			assertThat(client.readExactly(1)).containsExactly(b);
		}
		byte[] burst = randomBytes(5_000, 1);
		client.sendInChunks(burst, 1);
		assertThat(client.readExactly(burst.length)).isEqualTo(burst);
	}

	@Test
	void echoesMegabyteWritesByteForByte() throws Exception {
		TestClient client = connect();
		int writes = 4;
		ByteArrayOutputStream sent = new ByteArrayOutputStream();
		CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < writes; i++) {
				byte[] megabyte = randomBytes(1024 * 1024, 100 + i);
				synchronized (sent) {
					sent.writeBytes(megabyte);
				}
				client.sendRaw(megabyte);
			}
		});

		byte[] received = client.readExactly(writes * 1024 * 1024);

		sending.join();
		assertThat(received).isEqualTo(sent.toByteArray());
	}

	@Test
	void echoesEveryByteValueUnchangedTelnetCommandsAndLineEndsIncluded() throws Exception {
		TestClient client = connect();
		byte[] everyByte = new byte[256];
		for (int b = 0; b < 256; b++) {
			everyByte[b] = (byte) b;
		}
		byte[] telnetLike = { (byte) 0xFF, (byte) 0xF4, (byte) 0xFF, (byte) 0xFD, 6, '\r', '\n', '\r', 0, (byte) 0xFF };

		client.sendRaw(everyByte);
		assertThat(client.readExactly(256)).isEqualTo(everyByte);
		client.sendInChunks(everyByte, 7);
		assertThat(client.readExactly(256)).isEqualTo(everyByte);
		client.sendRaw(telnetLike);
		assertThat(client.readExactly(telnetLike.length)).isEqualTo(telnetLike);
	}

	@Test
	void keepsEachClientsBytesToItself() throws Exception {
		TestClient first = connect();
		TestClient second = connect();

		first.sendRaw("first".getBytes(StandardCharsets.US_ASCII));
		second.sendRaw("second".getBytes(StandardCharsets.US_ASCII));

		assertThat(second.readExactly(6)).isEqualTo("second".getBytes(StandardCharsets.US_ASCII));
		assertThat(first.readExactly(5)).isEqualTo("first".getBytes(StandardCharsets.US_ASCII));
		assertThat(first.readTextWithin(Duration.ofMillis(200))).isEmpty();
	}

	@Test
	void refusesClientsBeyondMaxConnections() throws Exception {
		TestClient first = connect();
		TestClient second = connect();
		first.sendRaw(new byte[] { 1 });
		second.sendRaw(new byte[] { 2 });
		assertThat(first.readExactly(1)).containsExactly(1);
		assertThat(second.readExactly(1)).containsExactly(2);
		await().atMost(WAIT).until(this.echoSessions::clientCount, n -> n == 2);

		TestClient third = connect();

		assertThat(third.readText()).isEqualTo("ERR server-full");
		third.awaitClosedByServer();
		first.sendRaw(new byte[] { 3 });
		assertThat(first.readExactly(1)).containsExactly(3);
		assertThat(this.echoSessions.clientCount()).isEqualTo(2);
	}

	@Test
	void showsInHealthWhileListening() {
		TestClient client = connect();
		client.sendRaw(new byte[] { 42 });
		await().atMost(WAIT).until(this.echoSessions::clientCount, n -> n == 1);

		Health echo = this.echoHealthIndicator.health();

		assertThat(echo.getStatus()).isEqualTo(Status.UP);
		assertThat(echo.getDetails()).containsEntry("host", "127.0.0.1")
			.containsEntry("port", this.echoListener.getPort())
			.containsEntry("clients", 1);
		assertThat(this.health.getContributor("echo")).isSameAs(this.echoHealthIndicator);
	}

	@Test
	void countsBytesAndClientsInMetrics() throws Exception {
		double before = this.meters.get("spread.echo.bytes").counter().count();
		TestClient client = connect();
		byte[] bytes = randomBytes(10_000, 7);

		client.sendInChunks(bytes, 1000);
		assertThat(client.readExactly(bytes.length)).isEqualTo(bytes);

		assertThat(this.meters.get("spread.echo.bytes").counter().count() - before).isEqualTo(10_000);
		assertThat(this.meters.get("spread.echo.clients").gauge().value()).isEqualTo(1);
	}

	@Test
	void leavesTheHubAsItWas() {
		TestClient alice = TestClient.connect(this.hubListener.getPort(), Framing.LINE);
		TestClient bob = TestClient.connect(this.hubListener.getPort(), Framing.LINE);
		this.clients.add(alice);
		this.clients.add(bob);
		assertThat(alice.readText()).isEqualTo("Welcome to Spread Site, you are client #1!");
		assertThat(bob.readText()).isEqualTo("Welcome to Spread Site, you are client #2!");

		alice.sendFrame("hello bob");

		assertThat(bob.readText()).isEqualTo("hello bob");
		assertThat(this.hubListener.getPort()).isNotEqualTo(this.echoListener.getPort());
	}

	private static byte[] randomBytes(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

}
