package io.spread.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.spread.codec.Framing;
import io.spread.connection.MemoryBudget;
import io.spread.support.TestClient;
import org.junit.jupiter.api.RepeatedTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Browsers that come and go at any moment (during the handshake, halfway through a message in parts, while frames
 * are on their way to them, with or without a close handshake) while frames flow: afterwards no session, name slot,
 * address count, queued byte or unfinished message is left behind, and a TCP client that stayed got every frame.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.gateway.port=0" })
class WebSocketChurnTest extends WebSocketTestSupport {

	private static final int BROWSERS = 60;

	@Autowired
	private MemoryBudget budget;

	@RepeatedTest(5)
	void browsersComingAndGoingLeaveNothingBehind() throws Exception {
		await().atMost(WAIT).until(this.hubListener::isListening);
		long seed = System.nanoTime();
		Random random = new Random(seed);
		HttpClient http = HttpClient.newHttpClient();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try (TestClient sender = TestClient.connect(this.hubListener.getPort(), Framing.LINE);
				TestClient reader = TestClient.connect(this.hubListener.getPort(), Framing.LINE)) {
			sender.readText();
			reader.readText();
			List<CompletableFuture<?>> browsers = new ArrayList<>();
			for (int i = 0; i < BROWSERS; i++) {
				int behaviour = random.nextInt(5);
				String path = random.nextBoolean() ? "/ws/relay" : "/ws/gateway";
				browsers.add(CompletableFuture.runAsync(() -> comeAndGo(http, path, behaviour), pool));
			}
			for (int i = 0; i < 200; i++) {
				sender.sendFrame("frame " + i);
			}
			for (int i = 0; i < 200; i++) {
				String frame = reader.readText();
				if (!frame.startsWith("frame ")) {
					i--; // a browser's own frame
					continue;
				}
				assertThat(frame).as("seed %d", seed).isEqualTo("frame " + i);
			}
			CompletableFuture.allOf(browsers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			await().atMost(WAIT).alias("seed " + seed + ": only the two TCP clients stay")
				.until(() -> this.registry.clientCount() == 2);
		}
		finally {
			pool.shutdownNow();
		}
		await().atMost(WAIT).alias("seed " + seed + ": nothing left behind")
			.until(() -> this.registry.clientCount() == 0 && this.registry.addressCount() == 0
					&& this.budget.queuedBytes() == 0 && this.budget.partialInputBytes() == 0);
	}

	private void comeAndGo(HttpClient http, String path, int behaviour) {
		URI uri = URI.create("ws://127.0.0.1:" + this.httpPort + path);
		CompletableFuture<WebSocket> opening = http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
		});
		if (behaviour == 0) {
			// gone during the handshake, or just after
			opening.thenAccept(WebSocket::abort);
			opening.handle((ws, error) -> null).join();
			return;
		}
		WebSocket webSocket = opening.join();
		switch (behaviour) {
			case 1 -> webSocket.sendText("HELLO churn-" + System.nanoTime(), true).join();
			case 2 -> webSocket.sendText("half of a message ", false).join();
			case 3 -> webSocket.request(Long.MAX_VALUE);
			default -> webSocket.sendText("a whole message", true).join();
		}
		if (behaviour % 2 == 0) {
			webSocket.abort();
		}
		else {
			webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").handle((ws, error) -> null).join();
			webSocket.abort();
		}
	}

}
