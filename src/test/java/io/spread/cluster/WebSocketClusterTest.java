package io.spread.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.spread.codec.Framing;
import io.spread.hub.HubOperations;
import io.spread.support.FreePorts;
import io.spread.support.TestClient;
import io.spread.support.WebSocketTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Browsers across replicas joined by a real Redis: a browser on one replica and a TCP client on another are in the
 * same relay room and the same gateway rooms, with one numbering.
 */
class WebSocketClusterTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static RedisServer redis;

	private static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	private final List<AutoCloseable> clients = new ArrayList<>();

	@BeforeAll
	static void startRedisAndReplicas() throws IOException {
		int redisPort = FreePorts.next();
		redis = new RedisServer(redisPort);
		redis.start();
		replicas.add(Replicas.startWithHttp(redisPort, "a"));
		replicas.add(Replicas.start(redisPort, "b", "--spread.gateway.port=0"));
		await().atMost(WAIT)
			.until(() -> replicas.stream().allMatch(r -> r.getBean(ClusterLink.class).replicasSeen() == 2));
	}

	@AfterAll
	static void stopAll() throws IOException {
		replicas.forEach(ConfigurableApplicationContext::close);
		redis.stop();
	}

	@AfterEach
	void closeClients() throws Exception {
		for (AutoCloseable client : this.clients) {
			client.close();
		}
		await().atMost(WAIT)
			.until(() -> replicas.stream().allMatch(r -> r.getBean(HubOperations.class).clientCount() == 0));
	}

	@Test
	void aBrowserOnOneReplicaAndATcpRelayClientOnAnotherExchangeFrames() {
		WebSocketTestClient browser = browser("/ws/relay");
		assertThat(browser.readText()).startsWith("Welcome");
		TestClient tcp = tcp("hubListener");
		assertThat(tcp.readText()).startsWith("Welcome");

		await().atMost(WAIT).untilAsserted(() -> {
			tcp.sendFrame("ping from b");
			assertThat(browser.readTextStartingWith("ping from b")).isEqualTo("ping from b");
		});
		browser.sendText("hello from a browser on a");
		assertThat(readUntil(tcp, "hello")).isEqualTo("hello from a browser on a");
	}

	@Test
	void aBrowserOnOneReplicaAndATcpGatewayClientOnAnotherShareARoomAndNames() {
		WebSocketTestClient browser = browser("/ws/gateway");
		browser.sendText("HELLO web-ada");
		assertThat(browser.readText()).isEqualTo("OK HELLO web-ada");
		browser.sendText("JOIN across");
		assertThat(browser.readText()).startsWith("OK JOIN across");

		TestClient tcp = tcp("gatewayListener");
		tcp.sendFrame("HELLO tcp-bob");
		assertThat(tcp.readText()).isEqualTo("OK HELLO tcp-bob");
		tcp.sendFrame("JOIN across");
		assertThat(tcp.readText()).startsWith("OK JOIN across");

		tcp.sendFrame("PUB across first");
		String first = browser.readTextStartingWith("MSG");
		assertThat(first).matches("MSG across tcp-bob \\d+ first");
		browser.sendText("PUB across second");
		String second = readUntil(tcp, "MSG");
		assertThat(second).matches("MSG across web-ada \\d+ second");
		assertThat(offset(second)).as("one numbering across replicas").isEqualTo(offset(first) + 1);

		tcp.sendFrame("SEND web-ada across replicas");
		assertThat(browser.readTextStartingWith("DM")).isEqualTo("DM tcp-bob across replicas");
	}

	private static long offset(String msg) {
		return Long.parseLong(msg.split(" ")[3]);
	}

	private static String readUntil(TestClient client, String prefix) {
		while (true) {
			String text = client.readText();
			if (text.startsWith(prefix)) {
				return text;
			}
		}
	}

	private WebSocketTestClient browser(String path) {
		int port = Integer.parseInt(replicas.get(0).getEnvironment().getProperty("local.server.port"));
		WebSocketTestClient client = WebSocketTestClient.connect(port, path);
		this.clients.add(client);
		return client;
	}

	private TestClient tcp(String listener) {
		TcpNioServerConnectionFactory factory = replicas.get(1).getBean(listener, TcpNioServerConnectionFactory.class);
		await().atMost(WAIT).until(factory::isListening);
		TestClient client = TestClient.connect(factory.getPort(), Framing.LINE);
		this.clients.add(client);
		return client;
	}

}
