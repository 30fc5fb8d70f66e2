package io.spread.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.spread.codec.Framing;
import io.spread.hub.SessionRegistry;
import io.spread.support.TestClient;
import io.spread.support.WebSocketTestClient;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the WebSocket tests that share a hub in the test's Spring context (its HTTP port and relay port on free
 * loopback ports; each class sets the rest with {@code @SpringBootTest}): browsers and TCP clients opened through it
 * are closed after each test, and the hub is awaited until it has no client left.
 */
abstract class WebSocketTestSupport {

	protected static final Duration WAIT = Duration.ofSeconds(30);

	protected static final String WELCOME = "Welcome to Spread Site, you are client #";

	@LocalServerPort
	protected int httpPort;

	@Autowired
	@Qualifier("hubListener")
	protected TcpNioServerConnectionFactory hubListener;

	@Autowired
	protected SessionRegistry registry;

	private final List<AutoCloseable> clients = new ArrayList<>();

	@AfterEach
	void closeClientsAndAwaitNone() throws Exception {
		for (AutoCloseable client : this.clients) {
			client.close();
		}
		this.clients.clear();
		await().atMost(WAIT).until(() -> this.registry.clientCount() == 0);
	}

	/** A browser on {@code path}, closed after the test. */
	protected WebSocketTestClient browser(String path) {
		return track(WebSocketTestClient.connect(this.httpPort, path));
	}

	/** A TCP relay client whose welcome has been read, closed after the test. */
	protected TestClient tcpRelay() {
		TestClient client = track(TestClient.connect(port(this.hubListener), Framing.LINE));
		assertThat(client.readText()).startsWith(WELCOME);
		return client;
	}

	protected <T extends AutoCloseable> T track(T client) {
		this.clients.add(client);
		return client;
	}

	protected static int port(TcpNioServerConnectionFactory listener) {
		await().atMost(WAIT).until(listener::isListening);
		return listener.getPort();
	}

	/** Reads frames until one starts with {@code prefix}; returns it. */
	protected static String readUntil(TestClient client, String prefix) {
		while (true) {
			String text = client.readText();
			if (text.startsWith(prefix)) {
				return text;
			}
		}
	}

}
