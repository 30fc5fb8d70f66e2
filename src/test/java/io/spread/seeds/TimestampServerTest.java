package io.spread.seeds;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The timestamp server over real loopback sockets, with the clock fixed at the time of the seed's example. */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.tcp.max-frame-size=1KB",
				"spread.timestamp.enabled=true", "spread.timestamp.port=0", "spread.timestamp.host=127.0.0.1",
				"spread.timestamp.max-connections=2" })
class TimestampServerTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	/** Tue Apr 18 23:53:09 2006 in New York: the zone is the clock's, not the machine's. */
	private static final String STAMP = "[Tue Apr 18 23:53:09 2006] ";

	@TestConfiguration(proxyBeanMethods = false)
	static class FixedClock {

		@Bean
		Clock clock() {
			return Clock.fixed(Instant.parse("2006-04-19T03:53:09Z"), ZoneId.of("America/New_York"));
		}

	}

	@Autowired
	@Qualifier("timestampListener")
	HubListener timestampListener;

	@Autowired
	@Qualifier("timestampSessions")
	SessionRegistry timestampSessions;

	@Autowired
	SeedHealthIndicator timestampHealthIndicator;

	@Autowired
	HealthContributorRegistry health;

	@Autowired
	MeterRegistry meters;

	private final List<TestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(TestClient::close);
		this.clients.clear();
		await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
			.until(this.timestampSessions::clientCount, n -> n == 0);
	}

	private TestClient connect() {
		await().atMost(WAIT).until(this.timestampListener::isListening);
		TestClient client = TestClient.connect(this.timestampListener.getPort(), Framing.LINE);
		this.clients.add(client);
		return client;
	}

	@Test
	void answersEachLineWithTheTimeAsCtimeWritesIt() throws Exception {
		TestClient client = connect();

		client.sendRaw("hello\n".getBytes(StandardCharsets.US_ASCII));

		assertThat(client.readExactly(STAMP.length() + 6))
			.isEqualTo((STAMP + "hello\n").getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void takesCrLfLinesAndAnswersWithTheConfiguredTerminator() throws Exception {
		TestClient client = connect();

		client.sendRaw("telnet says hi\r\n".getBytes(StandardCharsets.US_ASCII));

		byte[] expected = (STAMP + "telnet says hi\n").getBytes(StandardCharsets.US_ASCII);
		assertThat(client.readExactly(expected.length)).isEqualTo(expected);
	}

	@Test
	void answersAnEmptyLineWithTheStampAlone() {
		TestClient client = connect();

		client.sendRaw("\n\r\n".getBytes(StandardCharsets.US_ASCII));

		assertThat(client.readText()).isEqualTo(STAMP);
		assertThat(client.readText()).isEqualTo(STAMP);
	}

	@Test
	void answersLinesInOrderWhateverTheChunking() {
		TestClient client = connect();
		byte[] lines = "first\r\nsecond\n\nthird line\r\n".getBytes(StandardCharsets.US_ASCII);

		client.sendInChunks(lines, 1);
		client.sendRaw(lines);

		for (int round = 0; round < 2; round++) {
			assertThat(client.readText()).isEqualTo(STAMP + "first");
			assertThat(client.readText()).isEqualTo(STAMP + "second");
			assertThat(client.readText()).isEqualTo(STAMP);
			assertThat(client.readText()).isEqualTo(STAMP + "third line");
		}
	}

	@Test
	void keepsTheLinesBytesAndTakesTelnetsCommandsOut() {
		TestClient client = connect();

		client.sendRaw(new byte[] { (byte) 0xFF, (byte) 0xFD, 3 });
		client.sendRaw("h\u00e9llo \u2603\r\n".getBytes(StandardCharsets.UTF_8));

		assertThat(client.readText()).isEqualTo(STAMP + "h\u00e9llo \u2603");
	}

	@Test
	void rejectsAnOversizedLineAndKeepsTheConnection() {
		double before = this.meters.get("spread.frames.dropped").tag("reason", "oversized").counter().count();
		TestClient client = connect();

		client.sendRaw(("x".repeat(1025) + "\n" + "still here\n").getBytes(StandardCharsets.US_ASCII));

		assertThat(client.readText()).isEqualTo("ERR frame-too-large max=1024");
		assertThat(client.readText()).isEqualTo(STAMP + "still here");
		assertThat(this.meters.get("spread.frames.dropped").tag("reason", "oversized").counter().count() - before)
			.isEqualTo(1);
	}

	@Test
	void refusesClientsBeyondMaxConnections() {
		TestClient first = connect();
		TestClient second = connect();
		first.sendFrame("one");
		second.sendFrame("two");
		assertThat(first.readText()).isEqualTo(STAMP + "one");
		assertThat(second.readText()).isEqualTo(STAMP + "two");
		await().atMost(WAIT).until(this.timestampSessions::clientCount, n -> n == 2);

		TestClient third = connect();

		assertThat(third.readText()).isEqualTo("ERR server-full");
		third.awaitClosedByServer();
		first.sendFrame("still served");
		assertThat(first.readText()).isEqualTo(STAMP + "still served");
	}

	@Test
	void showsInHealthAndMetrics() {
		double before = this.meters.get("spread.timestamp.lines").counter().count();
		TestClient client = connect();

		client.sendRaw("a\nb\nc\n".getBytes(StandardCharsets.US_ASCII));
		for (String line : List.of("a", "b", "c")) {
			assertThat(client.readText()).isEqualTo(STAMP + line);
		}

		assertThat(this.meters.get("spread.timestamp.lines").counter().count() - before).isEqualTo(3);
		assertThat(this.meters.get("spread.timestamp.clients").gauge().value()).isEqualTo(1);
		Health timestamp = this.timestampHealthIndicator.health();
		assertThat(timestamp.getStatus()).isEqualTo(Status.UP);
		assertThat(timestamp.getDetails()).containsEntry("host", "127.0.0.1")
			.containsEntry("port", this.timestampListener.getPort())
			.containsEntry("clients", 1);
		assertThat(this.health.getContributor("timestamp")).isSameAs(this.timestampHealthIndicator);
		assertThat(this.health.getContributor("echo")).as("echo is off by default").isNull();
	}

}
