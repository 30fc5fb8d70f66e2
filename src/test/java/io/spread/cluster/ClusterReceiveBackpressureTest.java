package io.spread.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.hub.Room;
import io.spread.hub.Rooms;
import io.spread.support.FreePorts;
import io.spread.support.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.embedded.RedisServer;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.RedisClientInfo;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression: a replica that could not keep up with its rooms' traffic from Redis queued every message it read in an
 * unbounded queue in front of its receiving thread, so its heap held the whole backlog. Now the queue is bounded
 * ({@code spread.cluster.receive-queue}): when it is full the replica stops reading, Redis holds the backlog in the
 * subscriber's output buffer, and once the replica catches up it gets every message, in order.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterReceiveBackpressureTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final int QUEUE = 100;

	private static final int MOST_PUBLISHED = 200_000;

	private static final String PAYLOAD = "x".repeat(1024);

	private static int redisPort;

	private static RedisServer redis;

	private static ConfigurableApplicationContext replicaA;

	private static ConfigurableApplicationContext replicaB;

	@BeforeAll
	static void startRedisAndReplicas() throws IOException {
		redisPort = FreePorts.next();
		redis = new RedisServer(redisPort);
		redis.start();
		replicaA = Replicas.start(redisPort, "a");
		replicaB = Replicas.start(redisPort, "b", "--spread.cluster.receive-queue=" + QUEUE);
		await().atMost(WAIT).until(() -> replicaB.getBean(ClusterLink.class).replicasSeen() == 2);
	}

	@AfterAll
	static void stopAll() throws IOException {
		if (replicaB != null) {
			replicaB.close();
		}
		if (replicaA != null) {
			replicaA.close();
		}
		redis.stop();
	}

	@Test
	void aReplicaThatFallsBehindLeavesTheBacklogInRedisAndThenGetsAllOfIt() throws Exception {
		TestClient member = member(replicaB, "jam-member", "jam");
		AtomicLong receivedUpTo = new AtomicLong();
		CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readInOrder(member, receivedUpTo));
		Room room = replicaB.getBean(Rooms.class).get("jam");
		StringRedisTemplate redisClient = replicaA.getBean(StringRedisTemplate.class);
		MeterRegistry meters = replicaB.getBean(MeterRegistry.class);

		// the receiving thread waits for the room's monitor: what arrives meanwhile has to wait somewhere
		int published;
		synchronized (room) {
			published = publishUntilRedisHoldsABacklog(room, redisClient);
			assertThat(queued(meters)).isEqualTo(QUEUE);
			assertThat(meters.get("spread.cluster.receive.waits").tag("subscription", "rooms").counter().count())
				.isPositive();
		}

		int last = published;
		await().atMost(WAIT).until(() -> receivedUpTo.get() == last);
		assertThat(queued(meters)).isZero();
		await().atMost(WAIT).until(() -> subscriberBacklog(redisClient) == 0);
		member.close();
		reading.join();
	}

	/** A gateway client of {@code replica}, named and in {@code room}. */
	private static TestClient member(ConfigurableApplicationContext replica, String name, String room) {
		TcpNioServerConnectionFactory gateway = replica.getBean("gatewayListener", TcpNioServerConnectionFactory.class);
		TestClient member = TestClient.connect(gateway.getPort(), Framing.LINE);
		member.sendFrame("HELLO " + name);
		assertThat(member.readText()).isEqualTo("OK HELLO " + name);
		member.sendFrame("JOIN " + room);
		assertThat(member.readText()).startsWith("OK JOIN " + room + " ");
		return member;
	}

	/** Reads the room's messages until the connection ends, each the one after the last. */
	private static void readInOrder(TestClient member, AtomicLong receivedUpTo) {
		try {
			while (true) {
				String frame = member.readText();
				assertThat(frame).isEqualTo("MSG jam pub " + (receivedUpTo.get() + 1) + " " + PAYLOAD);
				receivedUpTo.incrementAndGet();
			}
		}
		catch (UncheckedIOException ex) {
			// closed
		}
	}

	/**
	 * Regression: a replica stopped while messages from Redis were still queued for its receiving thread logged a
	 * stack trace for each of them ("Dispatcher has no subscribers"), as they reached a flow that had stopped.
	 */
	@Test
	void aReplicaStoppedWithABacklogFromRedisStopsWithoutAStackTrace(CapturedOutput output) {
		ConfigurableApplicationContext replicaC = Replicas.start(redisPort, "c",
				"--spread.cluster.receive-queue=" + QUEUE);
		TestClient member = member(replicaC, "backlog-member", "backlog");
		CompletableFuture<Void> reading = CompletableFuture.runAsync(member::awaitClosedByServer);
		Room room = replicaC.getBean(Rooms.class).get("backlog");
		synchronized (room) {
			publishUntilRedisHoldsABacklog(room, replicaA.getBean(StringRedisTemplate.class));
		}
		replicaC.close();
		reading.join();
		assertThat(output).doesNotContain("Dispatcher has no subscribers")
			.doesNotContain("Execution of message listener failed");
	}

	/**
	 * Publishes 1 KB messages on a room's channel, numbered on from its last offset, until Redis holds a backlog of
	 * 1 MB for a subscriber; called with the room's monitor held, so that its replica cannot handle them.
	 * @return how many it published
	 */
	private static int publishUntilRedisHoldsABacklog(Room room, StringRedisTemplate redisClient) {
		String header = "M " + room.epoch() + " ";
		long first = room.lastOffset() + 1;
		int published = 0;
		while (subscriberBacklog(redisClient) < 1024 * 1024) {
			assertThat(published).as("Redis had to hold none of what the replica could not handle yet")
				.isLessThan(MOST_PUBLISHED);
			for (int i = 0; i < 1000; i++) {
				redisClient.convertAndSend("spread:room:" + room.name(),
						header + (first + published) + " 1 pub x -\n" + PAYLOAD.length() + ":" + PAYLOAD);
				published++;
			}
		}
		return published;
	}

	private static double queued(MeterRegistry meters) {
		return meters.get("spread.cluster.receive.queued").tag("subscription", "rooms").gauge().value();
	}

	/** The largest output buffer Redis holds for a pattern subscriber. */
	private static long subscriberBacklog(StringRedisTemplate redisClient) {
		List<RedisClientInfo> clients = redisClient
			.execute((RedisCallback<List<RedisClientInfo>>) connection -> connection.serverCommands().getClientList());
		long most = 0;
		for (RedisClientInfo client : clients) {
			if ("1".equals(client.get("psub"))) {
				most = Math.max(most, Long.parseLong(client.get("omem")));
			}
		}
		return most;
	}

}
