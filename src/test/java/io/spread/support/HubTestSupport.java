package io.spread.support;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.spread.codec.Framing;
import io.spread.hub.HubOperations;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base for tests that run a hub in the test's Spring context (on a free port) and talk to it over loopback
 * sockets. Every client a test opens is closed after it, and the next test starts with no client connected.
 */
public abstract class HubTestSupport {

	protected static final Duration WAIT = Duration.ofSeconds(20);

	@Autowired
	protected TcpNioServerConnectionFactory hubListener;

	@Autowired
	protected HubOperations hub;

	private final List<TestClient> clients = new ArrayList<>();

	protected abstract Framing framing();

	protected int port() {
		if (!this.hubListener.isListening()) {
			await().atMost(WAIT).until(this.hubListener::isListening);
		}
		return this.hubListener.getPort();
	}

	public TestClient connect() {
		return connect(socket -> { });
	}

	public TestClient connect(Consumer<Socket> beforeConnect) {
		TestClient client = TestClient.connect(port(), framing(), beforeConnect);
		this.clients.add(client);
		return client;
	}

	/** Connects and reads the welcome frame, so the client is known to be registered. */
	public TestClient connectWelcomed() {
		TestClient client = connect();
		assertThat(client.readText()).startsWith("Welcome to Spread Site, you are client #");
		return client;
	}

	protected void awaitClientCount(int count) {
		await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
			.until(this.hub::clientCount, n -> n == count);
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(TestClient::close);
		this.clients.clear();
		awaitClientCount(0);
	}

}
