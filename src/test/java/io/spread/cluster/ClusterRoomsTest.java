package io.spread.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.spread.codec.Framing;
import io.spread.hub.HubOperations;
import io.spread.hub.Rooms;
import io.spread.support.FreePorts;
import io.spread.support.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rooms, presence, offsets and history across three replicas joined by a real Redis (SPEC sections 8 and 9): one
 * numbering per room cluster-wide, every member of every replica in one order, and a client that comes back on
 * another replica, or after its replica restarted, gets what it missed.
 */
class ClusterRoomsTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Pattern MSG = Pattern.compile("MSG (\\S+) (\\S+) (\\d+) (.*)");

	private static final Pattern JOIN = Pattern.compile("OK JOIN (\\S+) (\\d+) (\\S+) (\\d+)");

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
			replicas.add(startReplica(name));
		}
		await().atMost(WAIT).until(() -> replicas.stream().allMatch(r -> r.getBean(ClusterLink.class).replicasSeen() == 3));
	}

	private static ConfigurableApplicationContext startReplica(String name) {
		return Replicas.start(redisPort, name);
	}

	@AfterAll
	static void stopAll() throws IOException {
		replicas.forEach(ConfigurableApplicationContext::close);
		redis.stop();
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(TestClient::close);
		await().atMost(WAIT)
			.until(() -> replicas.stream().allMatch(r -> r.getBean(HubOperations.class).clientCount() == 0));
	}

	@Test
	void membersOfEveryReplicaShareOneRoomWithOneNumberingAndPresence() {
		TestClient alice = named(0, "alice");
		TestClient bob = named(1, "bob");
		TestClient carol = named(2, "carol");
		String epoch = joined(say(alice, "JOIN hall")).group(3);
		awaitMembers(1, "hall", "alice");
		Matcher bobJoined = joined(say(bob, "JOIN hall"));
		assertThat(bobJoined.group(2)).as("members counted on every replica").isEqualTo("2");
		assertThat(bobJoined.group(3)).as("one epoch cluster-wide").isEqualTo(epoch);
		assertThat(alice.readText()).isEqualTo("JOINED hall bob");
		awaitMembers(2, "hall", "alice", "bob");
		assertThat(joined(say(carol, "JOIN hall")).group(3)).isEqualTo(epoch);
		assertThat(alice.readText()).isEqualTo("JOINED hall carol");
		assertThat(bob.readText()).isEqualTo("JOINED hall carol");

		alice.sendFrame("PUB hall one");
		assertThat(bob.readText()).isEqualTo("MSG hall alice 1 one");
		assertThat(carol.readText()).isEqualTo("MSG hall alice 1 one");
		bob.sendFrame("PUB hall two");
		assertThat(alice.readText()).isEqualTo("MSG hall bob 2 two");
		assertThat(carol.readText()).isEqualTo("MSG hall bob 2 two");
		carol.sendFrame("PUB hall three");
		assertThat(alice.readText()).isEqualTo("MSG hall carol 3 three");
		assertThat(bob.readText()).isEqualTo("MSG hall carol 3 three");

		await().atMost(WAIT).until(() -> say(carol, "WHO hall").equals("OK WHO hall alice bob carol"));
		assertThat(say(alice, "ROOMS")).contains("hall");
		assertThat(say(bob, "LEAVE hall")).isEqualTo("OK LEAVE hall");
		assertThat(alice.readText()).isEqualTo("LEFT hall bob");
		assertThat(carol.readText()).isEqualTo("LEFT hall bob");
		carol.sendFrame("SEND alice across");
		assertThat(alice.readText()).isEqualTo("DM carol across");
		// nothing else was queued for the sender: no echo of its own messages from Redis
		assertThat(say(carol, "PING end")).isEqualTo("PONG end");
	}

	@Test
	void publishersOnTwoReplicasAreNumberedConsecutivelyAndEachKeepsItsOrder() throws Exception {
		TestClient alice = named(0, "alice");
		TestClient bob = named(1, "bob");
		TestClient carol = named(2, "carol");
		for (TestClient client : List.of(alice, bob, carol)) {
			joined(say(client, "JOIN race"));
		}
		int each = 2000;
		CompletableFuture<Void> fromAlice = CompletableFuture.runAsync(() -> publish(alice, "race", "a", each));
		CompletableFuture<Void> fromBob = CompletableFuture.runAsync(() -> publish(bob, "race", "b", each));
		Map<String, List<Integer>> bySender = new HashMap<>();
		long expected = 1;
		while (expected <= 2L * each) {
			String frame = carol.readText();
			Matcher msg = MSG.matcher(frame);
			if (!msg.matches()) {
				continue; // presence of the others joining
			}
			assertThat(Long.parseLong(msg.group(3))).as("offset of %s", frame).isEqualTo(expected++);
			bySender.computeIfAbsent(msg.group(2), sender -> new ArrayList<>())
				.add(Integer.parseInt(msg.group(4).substring(2)));
		}
		fromAlice.get();
		fromBob.get();
		List<Integer> inOrder = new ArrayList<>();
		for (int i = 0; i < each; i++) {
			inOrder.add(i);
		}
		assertThat(bySender.get("alice")).isEqualTo(inOrder);
		assertThat(bySender.get("bob")).isEqualTo(inOrder);
	}

	@Test
	void aClientThatComesBackOnAnotherReplicaGetsWhatItMissedFromRedis() {
		TestClient dave = named(0, "dave");
		TestClient erin = named(0, "erin");
		String epoch = joined(say(dave, "JOIN log")).group(3);
		joined(say(erin, "JOIN log"));
		assertThat(dave.readText()).isEqualTo("JOINED log erin");
		publish(erin, "log", "m", 10);
		for (int i = 0; i < 10; i++) {
			assertThat(dave.readText()).isEqualTo("MSG log erin " + (i + 1) + " m-" + i);
		}
		dave.close();
		assertThat(erin.readText()).isEqualTo("LEFT log dave");
		publish(erin, "log", "missed", 500);
		assertThat(say(erin, "PING sent")).isEqualTo("PONG sent");

		TestClient back = gateway(1);
		back.sendRaw(("HELLO dave-again\nJOIN log\nHISTORY log " + epoch + " 10\n").getBytes());
		assertThat(back.readText()).isEqualTo("OK HELLO dave-again");
		Matcher rejoined = joined(back.readText());
		assertThat(rejoined.group(3)).isEqualTo(epoch);
		// replayed up to what its replica had when it asked, then live: one sequence, in order, no duplicate
		long historyLast = -1;
		for (int i = 0; i < 500; i++) {
			String frame = back.readText();
			if (frame.startsWith("OK HISTORY ")) {
				historyLast = Long.parseLong(frame.substring("OK HISTORY log ".length()));
				assertThat(historyLast).as("OK HISTORY names the last replayed offset").isEqualTo(10 + i);
				frame = back.readText();
			}
			assertThat(frame).isEqualTo("MSG log erin " + (11 + i) + " missed-" + i);
		}
		if (historyLast < 0) {
			assertThat(back.readText()).isEqualTo("OK HISTORY log 510");
		}
		erin.sendFrame("PUB log live");
		assertThat(back.readText()).isEqualTo("MSG log erin 511 live");
	}

	@Test
	void historySurvivesAReplicaRestartAndAFlushedRedisStartsANewEpoch() {
		TestClient frank = named(2, "frank");
		String epoch = joined(say(frank, "JOIN kept")).group(3);
		publish(frank, "kept", "k", 3);
		assertThat(say(frank, "PING sent")).isEqualTo("PONG sent");
		frank.close();
		await().atMost(WAIT).until(() -> replicas.get(2).getBean(HubOperations.class).clientCount() == 0);

		replicas.get(2).close();
		replicas.set(2, startReplica("c"));
		TestClient grace = named(2, "grace");
		assertThat(say(grace, "HISTORY kept " + epoch + " 1")).isEqualTo("MSG kept frank 2 k-1");
		assertThat(grace.readText()).isEqualTo("MSG kept frank 3 k-2");
		assertThat(grace.readText()).isEqualTo("OK HISTORY kept 3");

		replicas.get(0).getBean(StringRedisTemplate.class).execute(connection -> {
			connection.serverCommands().flushAll();
			return null;
		}, true);
		Matcher afresh = joined(say(grace, "JOIN kept"));
		assertThat(afresh.group(3)).as("the epoch after Redis lost the room").isNotEqualTo(epoch);
		assertThat(afresh.group(4)).isEqualTo("0");
		assertThat(say(grace, "HISTORY kept " + epoch + " 3")).isEqualTo("ERR history-gone kept " + afresh.group(3) + " 1");
		// the flush took the replicas' presence and names too: they announce again and take their names back
		await().atMost(WAIT).until(() -> replicas.stream().allMatch(r -> r.getBean(ClusterLink.class).replicasSeen() == 3));
		TestClient rival = gateway(0);
		await().atMost(WAIT).until(() -> say(rival, "HELLO grace").equals("ERR name-taken grace"));
	}

	/** Regression: one presence entry that could not be read stopped the whole round of reading the others. */
	@Test
	void aPresenceEntryThatCannotBeReadIsDroppedAndTheOthersStillCount() {
		StringRedisTemplate redisClient = replicas.get(0).getBean(StringRedisTemplate.class);
		redisClient.opsForHash().put("spread:replicas", "a-broken-replica", "not json");
		TestClient hal = named(1, "hal");
		await().atMost(WAIT).until(() -> !redisClient.opsForHash().hasKey("spread:replicas", "a-broken-replica"));
		await().atMost(WAIT).until(() -> replicas.get(0).getBean(ClusterLink.class).remoteClientCount() == 1);
		assertThat(replicas.get(0).getBean(ClusterLink.class).replicasSeen()).isEqualTo(3);
		hal.close();
	}

	/**
	 * Regression: when Redis lost a room's numbering under its live members, offsets went back to 1 with no word;
	 * now every member is told the new epoch and the offset it goes on from, then gets the messages.
	 */
	@Test
	void liveMembersAreToldWhenTheRoomsNumberingRestarts() {
		TestClient ivy = named(0, "ivy");
		TestClient jay = named(1, "jay");
		String epoch = shareRoom("renumbered", ivy, "ivy", 1, jay, "jay", "before");
		replicas.get(0).getBean(StringRedisTemplate.class).execute(connection -> {
			connection.serverCommands().flushAll();
			return null;
		}, true);

		jay.sendFrame("PUB renumbered after");
		String notice = ivy.readText();
		assertThat(notice).startsWith("ERR history-gone renumbered ").endsWith(" 1").doesNotContain(" " + epoch + " ");
		assertThat(ivy.readText()).isEqualTo("MSG renumbered jay 1 after");
		assertThat(jay.readText()).as("the sender is told too").isEqualTo(notice);
		await().atMost(WAIT).until(() -> replicas.stream().allMatch(r -> r.getBean(ClusterLink.class).replicasSeen() == 3));
	}

	/**
	 * Regression: a client that comes back on a replica whose subscription has not yet received the room's latest
	 * messages (numbered and kept in Redis, still on their way to it) had them replayed by nobody but got them
	 * again live when they arrived, after it had said it had them. Here a message numbered and kept by the cluster
	 * reaches replica b only after the client's {@code HISTORY} on b, as the publishing script would have sent it.
	 */
	@Test
	void aClientThatResumesOnAReplicaBehindItGetsNoMessageTwice() {
		TestClient mona = named(0, "mona");
		TestClient ned = named(1, "ned");
		String epoch = shareRoom("behind", ned, "ned", 0, mona, "mona", "one");

		// numbered 2 to 4 and kept by the cluster, as the script does before it publishes them in one event
		StringRedisTemplate redisClient = replicas.get(0).getBean(StringRedisTemplate.class);
		redisClient.opsForHash().increment("spread:room:behind:meta", "offset", 3);
		StringBuilder event = new StringBuilder("M " + epoch + " 2 3 mona x -\n");
		for (int offset = 2; offset <= 4; offset++) {
			String payload = "in-flight-" + offset;
			redisClient.opsForStream()
				.add(MapRecord.create("spread:room:behind:log",
						Map.of("f", "mona", "t", Long.toString(System.currentTimeMillis()), "p", payload))
					.withId(RecordId.of(offset, 0)));
			event.append(payload.length()).append(':').append(payload);
		}
		// a client that had offsets up to 3 on another replica comes back on b, which has had up to 1
		TestClient back = gateway(1);
		back.sendRaw(("HELLO omar\nJOIN behind\nHISTORY behind " + epoch + " 3\n").getBytes());
		assertThat(back.readText()).isEqualTo("OK HELLO omar");
		assertThat(joined(back.readText()).group(3)).isEqualTo(epoch);
		assertThat(back.readText()).isEqualTo("OK HISTORY behind 3");
		assertThat(ned.readText()).isEqualTo("JOINED behind omar");

		// they reach b now: members that had not had them get all three, the one that had two of them the third
		redisClient.convertAndSend("spread:room:behind", event.toString());
		for (int offset = 2; offset <= 4; offset++) {
			assertThat(ned.readText()).isEqualTo("MSG behind mona " + offset + " in-flight-" + offset);
		}
		assertThat(back.readText()).isEqualTo("MSG behind mona 4 in-flight-4");
		mona.sendFrame("PUB behind five");
		assertThat(ned.readText()).isEqualTo("MSG behind mona 5 five");
		assertThat(back.readText()).isEqualTo("MSG behind mona 5 five");
	}

	/**
	 * A client hopping between replicas while a room is busy, resuming each time from the last offset it had: it
	 * gets every offset once, in order, wherever it lands and however far behind Redis that replica's subscription
	 * is. Resident members keep the room alive on every replica, so each of them can be behind. The publisher stays
	 * at most {@code window} messages ahead of the hopper, so that what it missed is always kept.
	 */
	@Test
	void aClientHoppingBetweenReplicasUnderTrafficGetsEveryOffsetOnceInOrder() throws Exception {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		int total = 3000;
		Semaphore window = new Semaphore(200);
		TestClient publisher = named(0, "hops-pub");
		String epoch = joined(say(publisher, "JOIN hops")).group(3);
		for (int replica = 1; replica <= 2; replica++) {
			joined(say(named(replica, "hops-resident-" + replica), "JOIN hops"));
		}
		CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
			for (int i = 1; i <= total; i++) {
				try {
					assertThat(window.tryAcquire(30, TimeUnit.SECONDS)).as("the hopper keeps up").isTrue();
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
				publisher.sendFrame("PUB hops m" + i);
			}
		});
		long last = 0;
		int hops = 0;
		while (last < total) {
			TestClient hopper = gateway(random.nextInt(3));
			hopper.sendRaw(("HELLO hopper-" + hops + "\nJOIN hops\nHISTORY hops " + epoch + " " + last + "\n").getBytes());
			assertThat(hopper.readText()).isEqualTo("OK HELLO hopper-" + hops);
			assertThat(joined(hopper.readText()).group(3)).isEqualTo(epoch);
			boolean resumed = false;
			int toRead = 1 + random.nextInt(10);
			while (last < total && (!resumed || toRead > 0)) {
				String frame = hopper.readText();
				Matcher msg = MSG.matcher(frame);
				if (msg.matches()) {
					assertThat(Long.parseLong(msg.group(3))).as("hop %d, seed %d: %s", hops, seed, frame)
						.isEqualTo(last + 1);
					assertThat(msg.group(4)).isEqualTo("m" + (last + 1));
					last++;
					toRead--;
					window.release();
				}
				else if (frame.startsWith("OK HISTORY ")) {
					assertThat(frame).as("hop %d, seed %d", hops, seed).isEqualTo("OK HISTORY hops " + last);
					resumed = true;
				}
				else {
					assertThat(frame).as("hop %d, seed %d", hops, seed).matches("(JOINED|LEFT) hops \\S+");
				}
			}
			hopper.close();
			hops++;
		}
		publishing.get(30, TimeUnit.SECONDS);
		assertThat(hops).isGreaterThan(10);
	}

	/**
	 * Regression: a full queue to Redis made the replica number the room alone (a new epoch, the messages never
	 * reaching other replicas, the sender's order broken). Now the sender waits a moment for room, and what still
	 * does not fit is dropped and told ({@code ERR dropped}); the room keeps one numbering.
	 */
	@Test
	void aFullQueueToRedisNeitherSplitsTheRoomNorReordersTheSender() throws Exception {
		ConfigurableApplicationContext narrow = Replicas.start(redisPort, "d", "--spread.cluster.publish-queue=1");
		try {
			await().atMost(WAIT).until(() -> narrow.getBean(ClusterLink.class).isConnected());
			TcpNioServerConnectionFactory listener = narrow.getBean("gatewayListener", TcpNioServerConnectionFactory.class);
			TestClient kim = TestClient.connect(listener.getPort(), Framing.LINE);
			this.clients.add(kim);
			assertThat(say(kim, "HELLO kim")).isEqualTo("OK HELLO kim");
			TestClient lee = named(0, "lee");
			joined(say(lee, "JOIN narrow"));
			joined(say(kim, "JOIN narrow"));
			int sent = 3000;
			publish(kim, "narrow", "k", sent);
			// what kim is told up to the PONG: nothing, or how many of its messages were dropped
			long dropped = 0;
			kim.sendFrame("PING done");
			for (String frame = kim.readText(); !frame.equals("PONG done"); frame = kim.readText()) {
				if (frame.startsWith("JOINED ")) {
					// lee's presence, published by its replica before kim joined, may reach kim's replica after
					continue;
				}
				assertThat(frame).startsWith("ERR dropped ");
				dropped += Long.parseLong(frame.substring("ERR dropped ".length()));
			}
			int expectedOffset = 1;
			int lastIndex = -1;
			while (expectedOffset <= sent - dropped) {
				String msg = lee.readText();
				if (msg.startsWith("JOINED ")) {
					continue;
				}
				Matcher matcher = MSG.matcher(msg);
				assertThat(matcher.matches()).as(msg).isTrue();
				assertThat(Long.parseLong(matcher.group(3))).as("one numbering: %s", msg).isEqualTo(expectedOffset++);
				int index = Integer.parseInt(matcher.group(4).substring(2));
				assertThat(index).as("kim's order: %s", msg).isGreaterThan(lastIndex);
				lastIndex = index;
			}
			assertThat(say(lee, "PING end")).isEqualTo("PONG end");
		}
		finally {
			narrow.close();
		}
		await().atMost(WAIT).until(() -> replicas.stream().allMatch(r -> r.getBean(ClusterLink.class).replicasSeen() == 3));
	}

	/**
	 * {@code first} joins {@code room}; once {@code second}'s replica knows, {@code second} joins and publishes
	 * {@code text}, which {@code first} gets as the room's first message.
	 * @return the room's epoch
	 */
	private String shareRoom(String room, TestClient first, String firstName, int secondReplica, TestClient second,
			String secondName, String text) {
		String epoch = joined(say(first, "JOIN " + room)).group(3);
		awaitMembers(secondReplica, room, firstName);
		joined(say(second, "JOIN " + room));
		assertThat(first.readText()).isEqualTo("JOINED " + room + " " + secondName);
		second.sendFrame("PUB " + room + " " + text);
		assertThat(first.readText()).isEqualTo("MSG " + room + " " + secondName + " 1 " + text);
		return epoch;
	}

	private void awaitMembers(int replica, String room, String... names) {
		await().atMost(WAIT)
			.until(() -> replicas.get(replica).getBean(Rooms.class).memberNames(room).equals(List.of(names)));
	}

	private static void publish(TestClient client, String room, String prefix, int count) {
		StringBuilder frames = new StringBuilder();
		for (int i = 0; i < count; i++) {
			frames.append("PUB ").append(room).append(' ').append(prefix).append('-').append(i).append('\n');
		}
		client.sendInChunks(frames.toString().getBytes(), 4096);
	}

	private static Matcher joined(String answer) {
		Matcher matcher = JOIN.matcher(answer);
		assertThat(matcher.matches()).as("a JOIN answer: %s", answer).isTrue();
		return matcher;
	}

	private TestClient named(int replica, String name) {
		TestClient client = gateway(replica);
		assertThat(say(client, "HELLO " + name)).isEqualTo("OK HELLO " + name);
		return client;
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

}
