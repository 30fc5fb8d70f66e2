package io.spread.websocket;


import io.micrometer.core.instrument.MeterRegistry;
import io.spread.connection.MemoryBudget;
import io.spread.support.TestClient;
import io.spread.support.WebSocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A browser that stops reading is a slow consumer like a TCP client that does: cut once its queue passes the limit,
 * while a browser that reads gets every frame, in order, and nothing is left behind.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.gateway.enabled=false",
				"spread.hub.outbound-buffer=64KB", "spread.hub.outbound-buffer-max=64KB" })
class WebSocketSlowConsumerTest extends WebSocketTestSupport {

	private static final String PADDING = "p".repeat(1000);

	/** The sender waits for the reading browser after each window; a window fits the outbound buffer. */
	private static final int WINDOW = 32;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private MemoryBudget budget;

	@Test
	void aBrowserThatStopsReadingIsCutWhileAReaderGetsEveryFrame() {
		double cutBefore = closed("slow-consumer");
		WebSocketTestClient stalled = browser("/ws/relay");
		assertThat(stalled.readText()).startsWith("Welcome");
		String stalledId = newestBrowserId();
		stalled.stopReading();
		WebSocketTestClient reader = browser("/ws/relay");
		reader.readText();
		TestClient sender = tcpRelay();

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

}
