package io.spread.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.hub.AdminEndpoints;
import io.spread.hub.HubOperations;
import io.spread.hub.SessionInfo;
import io.spread.support.AppProcess;
import io.spread.support.FreePorts;
import io.spread.support.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.embedded.RedisServer;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Three hub replicas joined through a real Redis server, with clients on each over loopback sockets. */
@ExtendWith(OutputCaptureExtension.class)
class ClusterTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static int redisPort;

	private static RedisServer redis;

	private static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	private final List<TestClient> clients = new ArrayList<>();

	@BeforeAll
	static void startRedisAndReplicas() throws IOException {
		redisPort = FreePorts.next();
		redis = new RedisServer(redisPort);
		redis.start();
		for (String name : List.of("a", "b", "c")) {
			replicas.add(Replicas.start(redisPort, name));
		}
		await().atMost(WAIT).until(() -> replicas.stream().allMatch(r -> link(r).replicasSeen() == 3));
		awaitCrossReplicaDelivery();
	}

	@AfterAll
	static void stopAll() throws IOException {
		replicas.forEach(ConfigurableApplicationContext::close);
		redis.stop();
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(TestClient::close);
		await().atMost(WAIT).until(() -> replicas.stream().allMatch(r -> r.getBean(HubOperations.class).clientCount() == 0));
	}

	@Test
	void deliversAFrameToEveryReplicasClientsOnceAndNeverToItsSender() {
		TestClient a1 = connect(0);
		TestClient a2 = connect(0);
		TestClient b1 = connect(1);
		TestClient c1 = connect(2);

		a1.sendFrame("hello from a");
		assertThat(a2.readText()).isEqualTo("hello from a");
		assertThat(b1.readText()).isEqualTo("hello from a");
		assertThat(c1.readText()).isEqualTo("hello from a");

		// a duplicate, or an echo to the sender, would arrive before this marker
		b1.sendFrame("marker from b");
		assertThat(a1.readText()).isEqualTo("marker from b");
		assertThat(a2.readText()).isEqualTo("marker from b");
		assertThat(c1.readText()).isEqualTo("marker from b");
	}

	@Test
	void keepsEachSendersOrderAcrossReplicasUnderLoad() {
		TestClient sender = connect(0);
		TestClient farAway = connect(2);
		ByteArrayOutputStream burst = new ByteArrayOutputStream();
		for (int i = 0; i < 10_000; i++) {
			burst.writeBytes(("seq " + i + "\n").getBytes(StandardCharsets.US_ASCII));
		}

		sender.sendInChunks(burst.toByteArray(), 4096);

		for (int i = 0; i < 10_000; i++) {
			assertThat(farAway.readText()).isEqualTo("seq " + i);
		}
	}

	@Test
	void countsClientsOfAllReplicasInTheWelcome() {
		connect(0);
		connect(1);
		await().atMost(WAIT).until(() -> link(replicas.get(2)).remoteClientCount() == 2);

		TestClient third = TestClient.connect(port(2), Framing.LINE);
		this.clients.add(third);

		assertThat(third.readText()).isEqualTo("Welcome to Spread Site, you are client #3!");
		// the welcome is queued before the client joins the registry, so the list may lag the welcome a little
		await().atMost(WAIT).until(() -> replicas.get(2).getBean(HubOperations.class).allSessions().size() == 3);
	}

	@Test
	void keepsServingLocallyWhileRedisIsDownAndRejoinsWhenItReturns() throws IOException {
		TestClient a1 = connect(0);
		TestClient a2 = connect(0);
		TestClient b1 = connect(1);
		MeterRegistry meters = replicas.get(0).getBean(MeterRegistry.class);

		redis.stop();
		await().atMost(WAIT).until(() -> health(replicas.get(0)) == Status.DOWN);
		a1.sendFrame("while redis is down");
		assertThat(a2.readText()).isEqualTo("while redis is down");
		await().atMost(WAIT)
			.until(() -> meters.get("spread.cluster.frames.not-forwarded").counter().count() >= 1);

		redis = new RedisServer(redisPort);
		redis.start();
		await().atMost(WAIT).until(() -> health(replicas.get(0)) == Status.UP);
		// the subscription comes back on its own; send until a frame crosses again
		await().atMost(WAIT).until(() -> {
			a1.sendFrame("after redis returned");
			Optional<String> received = b1.readTextWithin(Duration.ofMillis(200));
			received.ifPresent(frame -> assertThat(frame).isEqualTo("after redis returned"));
			return received.isPresent();
		});
	}

	/** Regression: a DELETE on one replica of a client held by another answered 404. */
	@Test
	void anOperatorOnOneReplicaDisconnectsAClientHeldByAnother() {
		TestClient onB = connect(1);
		connect(2);
		AdminEndpoints.Sessions sessionsOnA = replicas.get(0).getBean(AdminEndpoints.Sessions.class);
		await().atMost(WAIT).until(() -> sessionsOnA.sessions().size() == 2);
		SessionInfo held = sessionsOnA.sessions().stream().filter(s -> s.replica().equals("b")).findFirst().orElseThrow();

		// the control subscription may still be coming back after another test stopped Redis: ask until it acts
		await().atMost(WAIT).until(() -> {
			assertThat(sessionsOnA.disconnect(held.id(), "b").getStatus()).isEqualTo(200);
			return onB.readTextWithin(Duration.ofMillis(300)).isPresent();
		});
		onB.awaitClosedByServer();
		await().atMost(WAIT).until(() -> replicas.get(1).getBean(HubOperations.class).clientCount() == 0);
		assertThat(sessionsOnA.disconnect("c999999", null).getStatus()).isEqualTo(404);
	}

	@Test
	void anIdHeldOnSeveralReplicasMustBeQualified() {
		// ids are numbered per replica: connect until a and b each hold a client of the same id
		int onA = newestId(0, connect(0));
		int onB = newestId(1, connect(1));
		while (onA != onB) {
			if (onA < onB) {
				onA = newestId(0, connect(0));
			}
			else {
				onB = newestId(1, connect(1));
			}
		}
		String shared = "c" + onA;
		AdminEndpoints.Sessions sessionsOnA = replicas.get(0).getBean(AdminEndpoints.Sessions.class);
		await().atMost(WAIT).until(() -> sessionsOnA.sessions().stream().filter(s -> s.id().equals(shared)).count() == 2);

		WebEndpointResponse<Map<String, Object>> ambiguous = sessionsOnA.disconnect(shared, null);
		assertThat(ambiguous.getStatus()).isEqualTo(409);
		assertThat(ambiguous.getBody()).containsEntry("replicas", List.of("a", "b"));
		assertThat(sessionsOnA.disconnect(shared, "a").getStatus()).isEqualTo(200);
		await().atMost(WAIT).until(() -> replicas.get(0).getBean(HubOperations.class).sessions().stream()
			.noneMatch(session -> session.id().equals(shared)));
	}

	/** The number in the id a replica gave to a client, found by the client's address. */
	private static int newestId(int replica, TestClient client) {
		HubOperations hub = replicas.get(replica).getBean(HubOperations.class);
		String address = "127.0.0.1:" + client.socket().getLocalPort();
		String id = await().atMost(WAIT).until(() -> hub.sessions().stream()
			.filter(session -> session.remoteAddress().equals(address))
			.map(SessionInfo::id)
			.findFirst()
			.orElse(null), found -> found != null);
		return Integer.parseInt(id.substring(1));
	}

	/** Regression: a broadcast reached only the clients of the replica it was posted to. */
	@Test
	void anOperatorsBroadcastReachesTheClientsOfEveryReplica() {
		TestClient onA = connect(0);
		TestClient onB = connect(1);
		TestClient onC = connect(2);
		AdminEndpoints.Broadcast broadcastOnA = replicas.get(0).getBean(AdminEndpoints.Broadcast.class);

		assertThat(broadcastOnA.broadcast("maintenance at noon").getBody()).containsEntry("receivers", 1)
			.containsEntry("otherReplicas", 2);

		assertThat(onA.readText()).isEqualTo("maintenance at noon");
		await().atMost(WAIT).until(() -> {
			Optional<String> received = onB.readTextWithin(Duration.ofMillis(300));
			if (received.isEmpty()) {
				broadcastOnA.broadcast("maintenance at noon");
			}
			return received.isPresent();
		});
		assertThat(onC.readText()).isEqualTo("maintenance at noon");
	}

	/** Presence is one hash read with HGETALL, not keys found with KEYS; a replica's own envelopes pass quietly. */
	@Test
	void presenceIsOneHashAndOwnEnvelopesAreNotLogged(CapturedOutput output) {
		StringRedisTemplate redisClient = replicas.get(0).getBean(StringRedisTemplate.class);
		assertThat(redisClient.opsForHash().keys("spread:replicas")).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(redisClient.keys("spread:replica:*")).isEmpty();

		TestClient sender = connect(0);
		TestClient receiver = connect(1);
		for (int i = 0; i < 100; i++) {
			sender.sendFrame("frame " + i);
		}
		for (int i = 0; i < 100; i++) {
			assertThat(receiver.readText()).isEqualTo("frame " + i);
		}
		assertThat(output).doesNotContain("rejected in filter");
	}

	/** Regression (review): junk on the control channel logged stack traces; it is one line and harms nothing. */
	@Test
	void junkOnTheControlChannelIsOneLineAndHarmsNothing(CapturedOutput output) {
		StringRedisTemplate redisClient = replicas.get(0).getBean(StringRedisTemplate.class);
		TestClient onB = connect(1);

		redisClient.convertAndSend("spread:control", "not json");
		redisClient.convertAndSend("spread:control", "{\"origin\":\"x\"}");
		AdminEndpoints.Broadcast broadcastOnA = replicas.get(0).getBean(AdminEndpoints.Broadcast.class);
		await().atMost(WAIT).until(() -> {
			broadcastOnA.broadcast("still working");
			return onB.readTextWithin(Duration.ofMillis(300)).isPresent();
		});
		assertThat(output).contains("ignored").doesNotContain("\tat ");
	}

	@Test
	void gatewayNamesAreUniqueAcrossReplicasAndDirectMessagesFindTheirTarget() {
		TestClient alice = gateway(0);
		assertThat(say(alice, "HELLO alice")).isEqualTo("OK HELLO alice");
		TestClient other = gateway(1);
		assertThat(say(other, "HELLO alice")).isEqualTo("ERR name-taken alice");
		assertThat(say(other, "HELLO bob")).isEqualTo("OK HELLO bob");

		alice.sendFrame("SEND bob hello from replica a");
		assertThat(other.readText()).isEqualTo("DM alice hello from replica a");
		assertThat(say(alice, "SEND nobody anything")).isEqualTo("ERR offline nobody");
	}

	/** A replica that crashes cannot give its names back: they expire, and another client may take them. */
	@Test
	void aNameIsFreedWhenItsReplicaIsKilled() throws Exception {
		int gatewayPort = FreePorts.next();
		Path log = Files.createTempFile("spread-replica-d", ".log");
		Process replicaD = AppProcess.start(Map.of(), log, "--spread.tcp.port=0", "--spread.gateway.port=" + gatewayPort,
				"--spread.cluster.enabled=true", "--spread.cluster.replica-id=d",
				"--spread.cluster.presence-interval=200ms", "--spring.data.redis.port=" + redisPort);
		try {
			TestClient carol = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
				.until(() -> TestClient.connect(gatewayPort, Framing.LINE), client -> true);
			assertThat(say(carol, "HELLO carol")).isEqualTo("OK HELLO carol");
			TestClient rival = gateway(0);
			assertThat(say(rival, "HELLO carol")).isEqualTo("ERR name-taken carol");

			replicaD.destroyForcibly().waitFor();

			await().atMost(WAIT).until(() -> say(rival, "HELLO carol").equals("OK HELLO carol"));
		}
		finally {
			replicaD.destroyForcibly();
			Files.deleteIfExists(log);
		}
	}

	private TestClient gateway(int replica) {
		TcpNioServerConnectionFactory listener = replicas.get(replica)
			.getBean("gatewayListener", TcpNioServerConnectionFactory.class);
		await().atMost(WAIT).until(listener::isListening);
		TestClient client = TestClient.connect(listener.getPort(), Framing.LINE);
		this.clients.add(client);
		return client;
	}

	private static String say(TestClient client, String command) {
		client.sendFrame(command);
		return client.readText();
	}

	private TestClient connect(int replica) {
		TestClient client = TestClient.connect(port(replica), Framing.LINE);
		assertThat(client.readText()).startsWith("Welcome");
		this.clients.add(client);
		return client;
	}

	/** Probes until a frame sent on one replica reaches another: every subscription is live. */
	private static void awaitCrossReplicaDelivery() {
		try (TestClient sender = TestClient.connect(port(0), Framing.LINE);
				TestClient b = TestClient.connect(port(1), Framing.LINE);
				TestClient c = TestClient.connect(port(2), Framing.LINE)) {
			b.readText();
			c.readText();
			await().atMost(WAIT).until(() -> {
				sender.sendFrame("probe");
				return b.readTextWithin(Duration.ofMillis(200)).isPresent();
			});
			await().atMost(WAIT).until(() -> {
				sender.sendFrame("probe");
				return c.readTextWithin(Duration.ofMillis(200)).isPresent();
			});
		}
	}

	private static int port(int replica) {
		TcpNioServerConnectionFactory listener = replicas.get(replica).getBean(TcpNioServerConnectionFactory.class);
		await().atMost(WAIT).until(listener::isListening);
		return listener.getPort();
	}

	private static ClusterLink link(ConfigurableApplicationContext replica) {
		return replica.getBean(ClusterLink.class);
	}

	private static Status health(ConfigurableApplicationContext replica) {
		return replica.getBean(ClusterHealthIndicator.class).health().getStatus();
	}


}
