package io.spread.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.connection.MemoryBudget;
import io.spread.hub.SessionRegistry;
import io.spread.support.TestClient;
import io.spread.support.WebSocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A browser that stops reading is a slow consumer like a TCP client that does: cut once its queue passes the limit,
 * while a browser that reads gets every frame, in order, and nothing is left behind.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.gateway.enabled=false",
				"spread.hub.outbound-buffer=64KB", "spread.hub.outbound-buffer-max=64KB" })
class WebSocketSlowConsumerTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String PADDING = "p".repeat(1000);

	/** The sender waits for the reading browser after each window; a window fits the outbound buffer. */
	private static final int WINDOW = 32;

	@LocalServerPort
	private int httpPort;

	@Autowired
	@Qualifier("hubListener")
	private TcpNioServerConnectionFactory hubListener;

	@Autowired
	private SessionRegistry registry;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private MemoryBudget budget;

	private final List<AutoCloseable> clients = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		for (AutoCloseable client : this.clients) {
			client.close();
		}
		await().atMost(WAIT).until(() -> this.registry.clientCount() == 0);
	}

	@Test
	void aBrowserThatStopsReadingIsCutWhileAReaderGetsEveryFrame() {
		double cutBefore = closed("slow-consumer");
		WebSocketTestClient stalled = browser();
		assertThat(stalled.readText()).startsWith("Welcome");
		String stalledId = newestBrowserId();
		stalled.stopReading();
		WebSocketTestClient reader = browser();
		reader.readText();
		TestClient sender = TestClient.connect(port(), Framing.LINE);
		this.clients.add(sender);
		sender.readText();

		int sent = 0;
		while (this.registry.get(stalledId) != null) {
			assertThat(sent).as("frames sent before the cut").isLessThan(200_000);
			for (int i = sent; i < sent + WINDOW; i++) {
				sender.sendFrame(i + " " + PADDING);
			}
			for (int i = sent; i < sent + WINDOW; i++) {
				assertThat(reader.readText()).isEqualTo(i + " " + PADDING);
			}
			sent += WINDOW;
		}
		await().atMost(WAIT).until(() -> closed("slow-consumer") > cutBefore);

		// the others carry on
		sender.sendFrame("after the cut");
		assertThat(reader.readText()).isEqualTo("after the cut");
		await().atMost(WAIT).until(() -> this.registry.clientCount() == 2);
		await().atMost(WAIT).until(() -> this.budget.queuedBytes() == 0);
	}

	private String newestBrowserId() {
		return this.registry.sessions()
			.stream()
			.map(session -> session.connection().getConnectionId())
			.filter(id -> id.startsWith("w"))
			.max((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1))))
			.orElseThrow();
	}

	private double closed(String reason) {
		var counter = this.meters.find("spread.connections.closed").tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private WebSocketTestClient browser() {
		WebSocketTestClient client = WebSocketTestClient.connect(this.httpPort, "/ws/relay");
		this.clients.add(client);
		return client;
	}

	private int port() {
		await().atMost(WAIT).until(this.hubListener::isListening);
		return this.hubListener.getPort();
	}

}
