package io.spread.websocket;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.SpreadApplication;
import io.spread.codec.Framing;
import io.spread.connection.MemoryBudget;
import io.spread.hub.SessionRegistry;
import io.spread.security.AdminLogin;
import io.spread.support.TestClient;
import io.spread.support.WebSocketTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;
import org.springframework.integration.websocket.ServerWebSocketContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Adversarial tests of the WebSocket front ends (/ws/relay, /ws/gateway) over real sockets: raw WebSocket frames
 * written by hand for what browsers would not send, the JDK's client for the rest. Each test runs its own hub.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebSocketAdversarialTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String WELCOME = "Welcome to Spread Site, you are client #";

	private final List<Closeable> opened = new ArrayList<>();

	private final List<ConfigurableApplicationContext> hubs = new ArrayList<>();

	@AfterEach
	void tearDown() {
		for (Closeable closeable : this.opened) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// gone already
			}
		}
		for (ConfigurableApplicationContext hub : this.hubs) {
			hub.close();
		}
	}

	// ------------------------------------------------------------------------------------------------------------
	// closing browsers that do not read

	/**
	 * Browsers that stop reading are cut as slow consumers. Closing each goes through Tomcat's blocking send of the
	 * close frame; the one spread-closer thread, which also runs every TCP client's close deadline, must not wait on a
	 * browser. (Regression: it did, 200 ms per browser.)
	 */
	@Test
	void closingBrowsersThatDoNotReadNeverBlocksTheCloserThread() throws Exception {
		// a limit well above what a socket takes: when a browser is cut, its socket is full and a send is in flight
		Hub hub = start("spread.hub.outbound-buffer=512KB", "spread.hub.outbound-buffer-max=1MB",
				"spread.hub.close-timeout=300ms", "spread.hub.welcome=");
		int stuckCount = 25;
		List<RawWs> stuck = new ArrayList<>();
		for (int i = 0; i < stuckCount; i++) {
			stuck.add(track(RawWs.open(hub.httpPort(), "/ws/relay", null, 4096)));
		}
		// a TCP client that does not read either: its close deadline is on the same closer thread
		TestClient stuckTcp = track(TestClient.connect(hub.tcpPort(), Framing.LINE, socket -> {
			try {
				socket.setReceiveBufferSize(4096);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}));
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == stuckCount + 1);

		ThreadSampler closer = ThreadSampler.start("spread-closer");
		try (TestClient sender = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			// frames larger than what the sockets take: the send in flight stays in flight
			byte[] frame = "x".repeat(60_000).getBytes(StandardCharsets.US_ASCII);
			long started = System.nanoTime();
			// until everyone that does not read has been cut
			while (hub.registry().clientCount() > 1 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
				sender.sendFrame(frame);
			}
			long allGone = System.nanoTime() - started;
			closer.stop();
			assertThat(hub.registry().clientCount()).as("only the sender is left").isEqualTo(1);
			assertThat(closer.blockedInTomcat())
				.as("samples of spread-closer waiting in Tomcat's WebSocket code (of %d samples): %s",
						closer.samples(), closer.example())
				.isZero();
			assertThat(Duration.ofNanos(allGone))
				.as("time to cut and close %d browsers and a TCP client that do not read (close-timeout 300ms)",
						stuckCount)
				.isLessThan(Duration.ofSeconds(4));
		}
		finally {
			closer.stop();
		}
	}

	/** An operator's disconnect of a browser that does not read: the admin's HTTP request must not wait on it. */
	@Test
	void closingABrowserThatDoesNotReadDoesNotBlockTheCaller() throws Exception {
		Hub hub = start("spread.hub.close-timeout=5s", "spread.hub.welcome=");
		RawWs stuck = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 4096));
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 1);
		String id = hub.registry().sessions().iterator().next().connection().getConnectionId();
		// fill the browser's socket: a frame in flight that the browser does not take
		try (TestClient sender = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			byte[] frame = "y".repeat(60_000).getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < 200; i++) {
				sender.sendFrame(frame);
			}
			await().atMost(WAIT).until(() -> hub.registry().get(id).connection().bufferedBytes() > 0);
			long before = System.nanoTime();
			hub.registry().get(id).connection().close();
			long took = System.nanoTime() - before;
			assertThat(Duration.ofNanos(took)).as("close() of a browser that does not read, on the caller's thread")
				.isLessThan(Duration.ofMillis(100));
		}
		assertThat(stuck).isNotNull();
	}

	// ------------------------------------------------------------------------------------------------------------
	// partial input

	/** A fragmented message never finished, then the browser vanishes: its unfinished bytes leave the budget. */
	@Test
	void anUnfinishedMessageOfABrowserThatVanishesLeavesTheBudget() throws Exception {
		Hub hub = start("spread.tcp.max-frame-size=64KB", "spread.hub.welcome=");
		RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 1);
		browser.send(RawWs.BINARY, false, new byte[20_000]);
		browser.send(RawWs.CONTINUATION, false, new byte[20_000]);
		await().atMost(WAIT).until(() -> hub.budget().partialInputBytes() == 40_000);
		browser.abort();
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 0);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hub.budget().partialInputBytes())
			.as("unfinished input still counted after the browser went").isZero());
		assertThat(hub.budget().used()).isZero();
	}

	/**
	 * The hub closes a browser (operator's disconnect) while the browser keeps sending parts of a message: once the
	 * session is gone, nothing of it may stay in the budget.
	 */
	@Test
	void partsThatArriveAfterTheHubClosedABrowserAreNotCountedForEver() throws Exception {
		Hub hub = start("spread.tcp.max-frame-size=1MB", "spread.hub.welcome=");
		RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 1);
		String id = hub.registry().sessions().iterator().next().connection().getConnectionId();
		browser.send(RawWs.BINARY, false, new byte[1000]);
		await().atMost(WAIT).until(() -> hub.budget().partialInputBytes() == 1000);
		assertThat(adminDelete(hub, id)).isBetween(200, 299);
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 0);
		// the hub has sent its close frame; until the browser answers it, the container still delivers its parts
		for (int i = 0; i < 20; i++) {
			browser.send(RawWs.CONTINUATION, false, new byte[1000]);
		}
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(hub.budget().partialInputBytes())
				.as("unfinished input after the session is gone")
				.isZero());
		browser.abort();
	}

	/**
	 * Regression: over the memory budget, browsers sending long messages were read on (the servlet container reads
	 * whatever arrives), so the hub's unfinished input grew to {@code max-frame-size} per browser. Now, as a TCP
	 * sender is, a browser holding 4 KB or more of an unfinished message is not read while the hub is over its budget:
	 * the rest waits in its socket. Once the hub is under, it is read again and its message arrives whole.
	 */
	@Test
	void overTheMemoryBudgetBrowsersWithUnfinishedMessagesAreNotRead() throws Exception {
		Hub hub = start("spread.hub.memory-budget=1MB", "spread.tcp.max-frame-size=1MB",
				"spread.hub.slow-consumer-grace=60s", "spread.hub.welcome=");
		byte[] message = ("PUB nowhere " + "x".repeat(600 * 1024)).getBytes(StandardCharsets.US_ASCII);
		byte[] allButTheLastByte = Arrays.copyOf(message, message.length - 1);
		List<RawWs> browsers = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		List<CompletableFuture<Void>> writes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/gateway", null, 0));
			browsers.add(browser);
			int opened = i + 1;
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == opened);
			hub.registry().sessions().forEach(session -> {
				if (!ids.contains(session.connection().getConnectionId())) {
					ids.add(session.connection().getConnectionId());
				}
			});
			// from a thread of its own: once the hub stops reading it, its socket fills and the write waits
			writes.add(CompletableFuture.runAsync(() -> {
				try {
					browser.startFrame(RawWs.TEXT, true, message.length, allButTheLastByte);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}));
		}
		await().atMost(WAIT).until(() -> hub.budget().isOver());
		// three times 600 KB would be 1.8 MB: each browser adds at most a part (Tomcat's 8 KB read buffer) past the
		// 1 MB budget, and one under 4 KB is read on
		long bound = 1024 * 1024 + 3 * (8 + 4) * 1024;
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(hub.budget().partialInputBytes()).isLessThanOrEqualTo(bound));
		assertThat(hub.context().getBean(MeterRegistry.class).get("spread.reads.paused").counter().count())
			.isPositive();

		// the operator disconnects two (a browser that hangs up is not seen while it is not read, as a TCP client is
		// not: the memory guard closes the largest holders after slow-consumer-grace)
		assertThat(adminDelete(hub, ids.get(0))).isBetween(200, 299);
		assertThat(adminDelete(hub, ids.get(1))).isBetween(200, 299);
		RawWs last = browsers.get(2);
		writes.get(2).get(30, TimeUnit.SECONDS);
		last.continueFrame(new byte[] { 'x' });
		assertThat(last.readText()).as("its whole message, read once the hub was under its budget")
			.isEqualTo("ERR hello-first");
		await().atMost(WAIT).until(() -> hub.budget().partialInputBytes() == 0);
	}

	/** Ping and pong between the parts of a message, and a part boundary inside a UTF-8 character. */
	@Test
	void controlFramesBetweenPartsAndCharactersSplitAcrossParts() throws Exception {
		Hub hub = start("spread.hub.welcome=");
		try (TestClient tcp = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == 2);
			byte[] text = "ab😀cé✓z".getBytes(StandardCharsets.UTF_8);
			// every split point, including inside the 4-byte emoji
			for (int split = 1; split < text.length; split++) {
				browser.send(RawWs.TEXT, false, java.util.Arrays.copyOfRange(text, 0, split));
				browser.send(RawWs.PING, true, "p".getBytes(StandardCharsets.US_ASCII));
				browser.send(RawWs.CONTINUATION, true, java.util.Arrays.copyOfRange(text, split, text.length));
				RawWs.Frame pong = browser.readFrame();
				assertThat(pong.opcode()).isEqualTo(RawWs.PONG);
				assertThat(tcp.readText()).as("split at byte %d", split).isEqualTo("ab😀cé✓z");
			}
		}
	}

	/** A long text of characters outside the BMP, in one frame: the container hands it on in parts; none is cut. */
	@Test
	void aLongTextOfSupplementaryCharactersArrivesWhole() throws Exception {
		Hub hub = start("spread.tcp.max-frame-size=256KB", "spread.hub.welcome=");
		try (TestClient tcp = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == 2);
			for (String prefix : new String[] { "", "a", "ab", "abc" }) {
				String text = prefix + "😀".repeat(20_000);
				browser.send(RawWs.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
				assertThat(tcp.readText()).as("prefix '%s'", prefix).isEqualTo(text);
			}
		}
	}

	/** A relay browser that sends exactly "close" is closed normally, as a TCP client would be. */
	@Test
	void aRelayBrowserSendingCloseIsClosedNormally() throws Exception {
		Hub hub = start("spread.hub.welcome=");
		try (TestClient tcp = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == 2);
			long before = System.nanoTime();
			browser.send(RawWs.TEXT, true, "close".getBytes(StandardCharsets.UTF_8));
			assertThat(browser.awaitClose()).isEqualTo(1000);
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == 1);
			assertThat(Duration.ofNanos(System.nanoTime() - before)).as("time to close").isLessThan(Duration.ofSeconds(2));
			assertThat(tcp.readTextWithin(Duration.ofMillis(300))).as("close is not relayed").isEmpty();
		}
	}

	/**
	 * A client's pongs (unsolicited, as keep-alives) are traffic for the idle timeout. (Pings are answered by the
	 * servlet container without the hub seeing them, so they are not.)
	 */
	@Test
	void pongsAreTrafficForTheIdleTimeout() throws Exception {
		Hub hub = start("spread.hub.idle-timeout=1s", "spread.hub.welcome=");
		RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 1);
		// for 2.5 s, a pong every 200 ms: the client must stay
		await().during(Duration.ofMillis(2500))
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				browser.send(RawWs.PONG, true, "hb".getBytes(StandardCharsets.US_ASCII));
				return hub.registry().clientCount() == 1;
			});
	}

	/** A text message that is not UTF-8 is refused with 1007 and leaves nothing behind; others are unharmed. */
	@Test
	void invalidUtf8IsClosedWith1007AndLeavesNothingBehind() throws Exception {
		Hub hub = start("spread.hub.welcome=");
		try (TestClient tcp = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			RawWs bad = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
			RawWs partsBad = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == 3);
			bad.send(RawWs.TEXT, true, new byte[] { 'o', 'k', (byte) 0xC3, (byte) 0x28 });
			assertThat(bad.awaitClose()).isEqualTo(1007);
			// invalid in the second part only, after a valid first part
			partsBad.send(RawWs.TEXT, false, "fine so far".getBytes(StandardCharsets.UTF_8));
			partsBad.send(RawWs.CONTINUATION, true, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 });
			assertThat(partsBad.awaitClose()).isEqualTo(1007);
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == 1);
			assertThat(hub.budget().partialInputBytes()).isZero();
			assertThat(tcp.readTextWithin(Duration.ofMillis(500))).as("nothing of the bad messages relayed").isEmpty();
		}
	}

	/** Exactly max-frame-size passes, one byte more does not: the same whether in one frame or in parts. */
	@Test
	void theFrameSizeLimitIsTheSameWholeOrInParts() throws Exception {
		Hub hub = start("spread.tcp.max-frame-size=1KB", "spread.tcp.framing=length-prefixed",
				"spread.hub.welcome=");
		try (TestClient tcp = TestClient.connect(hub.tcpPort(), Framing.LENGTH_PREFIXED)) {
			RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == 2);
			byte[] max = new byte[1024];
			java.util.Arrays.fill(max, (byte) 'm');
			browser.send(RawWs.BINARY, true, max);
			assertThat(tcp.readFrame()).hasSize(1024);
			browser.send(RawWs.BINARY, false, java.util.Arrays.copyOf(max, 1000));
			browser.send(RawWs.CONTINUATION, true, java.util.Arrays.copyOf(max, 24));
			assertThat(tcp.readFrame()).hasSize(1024);
			browser.send(RawWs.BINARY, true, new byte[1025]);
			assertThat(browser.readText()).startsWith("ERR frame-too-large");
			browser.send(RawWs.BINARY, false, new byte[1000]);
			browser.send(RawWs.CONTINUATION, true, new byte[25]);
			assertThat(browser.readText()).startsWith("ERR frame-too-large");
			// the two-byte é: 512 of them are 1024 bytes, in any parts
			String accents = "é".repeat(512);
			browser.send(RawWs.TEXT, false, accents.substring(0, 100).getBytes(StandardCharsets.UTF_8));
			browser.send(RawWs.CONTINUATION, true, accents.substring(100).getBytes(StandardCharsets.UTF_8));
			assertThat(new String(tcp.readFrame(), StandardCharsets.UTF_8)).isEqualTo(accents);
			assertThat(hub.budget().partialInputBytes()).isZero();
		}
	}

	// ------------------------------------------------------------------------------------------------------------
	// many browsers

	/** Thousands of tiny messages from many browsers at once: each sender's order holds at a TCP receiver. */
	@Test
	void manyBrowsersSendingAtOnceKeepEachSendersOrder() throws Exception {
		Hub hub = start("spread.hub.welcome=");
		int browsers = 20;
		int each = 500;
		try (TestClient tcp = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			List<WebSocketTestClient> clients = new ArrayList<>();
			for (int i = 0; i < browsers; i++) {
				clients.add(track(WebSocketTestClient.connect(hub.httpPort(), "/ws/relay")));
			}
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == browsers + 1);
			ExecutorService pool = Executors.newFixedThreadPool(browsers);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> sends = new ArrayList<>();
			for (int i = 0; i < browsers; i++) {
				WebSocketTestClient client = clients.get(i);
				int sender = i;
				sends.add(pool.submit(() -> {
					go.await();
					for (int n = 0; n < each; n++) {
						client.sendText(sender + ":" + n);
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> send : sends) {
				send.get(60, TimeUnit.SECONDS);
			}
			pool.shutdown();
			Map<Integer, Integer> next = new HashMap<>();
			for (int received = 0; received < browsers * each; received++) {
				String[] text = tcp.readText().split(":");
				int sender = Integer.parseInt(text[0]);
				int n = Integer.parseInt(text[1]);
				assertThat(n).as("next from browser %d", sender).isEqualTo(next.getOrDefault(sender, 0));
				next.put(sender, n + 1);
			}
		}
	}

	/** Hundreds of sessions opening and closing, every way: nothing is left in the registry, container or budget. */
	@Test
	void sessionChurnLeavesNothingBehind() throws Exception {
		Hub hub = start("spread.hub.welcome=Welcome #{n}");
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<?>> runs = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			int thread = t;
			runs.add(pool.submit(() -> {
				for (int i = 0; i < 25; i++) {
					String path = ((i + thread) % 2 == 0) ? "/ws/relay" : "/ws/gateway";
					RawWs ws = RawWs.open(hub.httpPort(), path, null, 0);
					switch (i % 4) {
						case 0 -> ws.abort();
						case 1 -> {
							ws.send(RawWs.TEXT, false, "half a mess".getBytes(StandardCharsets.UTF_8));
							ws.abort();
						}
						case 2 -> {
							ws.send(RawWs.CLOSE, true, new byte[] { 0x03, (byte) 0xE8 });
							ws.awaitClose();
							ws.abort();
						}
						default -> {
							ws.send(RawWs.TEXT, true, (path.equals("/ws/gateway") ? "QUIT" : "hi")
								.getBytes(StandardCharsets.UTF_8));
							ws.abort();
						}
					}
				}
				return null;
			}));
		}
		for (Future<?> run : runs) {
			run.get(120, TimeUnit.SECONDS);
		}
		pool.shutdown();
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(hub.registry().clientCount()).isZero();
			assertThat(hub.registry().sessions()).isEmpty();
			assertThat(hub.registry().addressCount()).isZero();
			assertThat(hub.container("relayWebSocket").getSessions()).isEmpty();
			assertThat(hub.container("gatewayWebSocket").getSessions()).isEmpty();
			assertThat(hub.budget().used()).isZero();
		});
	}

	/** Browsers all leaving a busy room at once, while messages are published to it: no deadlock, no leftovers. */
	@Test
	void aRoomOfBrowsersLeavingAtOnceUnderLoadDoesNotDeadlock() throws Exception {
		Hub hub = start("spread.hub.welcome=");
		int members = 40;
		List<WebSocketTestClient> clients = new ArrayList<>();
		for (int i = 0; i < members; i++) {
			WebSocketTestClient client = track(WebSocketTestClient.connect(hub.httpPort(), "/ws/gateway"));
			client.sendText("HELLO m" + i);
			assertThat(client.readText()).isEqualTo("OK HELLO m" + i);
			client.sendText("JOIN chat");
			client.readTextStartingWith("OK JOIN");
			clients.add(client);
		}
		AtomicBoolean publishing = new AtomicBoolean(true);
		List<Thread> publishers = new ArrayList<>();
		for (int p = 0; p < 4; p++) {
			WebSocketTestClient publisher = clients.get(p);
			Thread thread = new Thread(() -> {
				int n = 0;
				while (publishing.get()) {
					try {
						publisher.sendText("PUB chat message " + n++);
					}
					catch (Exception ex) {
						return;
					}
				}
			});
			thread.start();
			publishers.add(thread);
		}
		// the room is busy: the last member has received messages from the publishers
		WebSocketTestClient last = clients.get(members - 1);
		last.readTextStartingWith("MSG chat");
		for (int i = 4; i < members; i++) {
			WebSocketTestClient client = clients.get(i);
			if (i % 2 == 0) {
				new Thread(client::abort).start();
			}
			else {
				new Thread(() -> client.sendText("QUIT")).start();
			}
		}
		try {
			await().atMost(WAIT).until(() -> hub.registry().clientCount() <= 4);
		}
		finally {
			publishing.set(false);
			for (Thread thread : publishers) {
				thread.join(5000);
			}
			assertThat(ManagementFactory.getThreadMXBean().findDeadlockedThreads()).as("deadlocked threads").isNull();
		}
		for (int p = 0; p < 4; p++) {
			clients.get(p).abort();
		}
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(hub.registry().clientCount()).isZero();
			assertThat(hub.budget().used()).isZero();
		});
	}

	// ------------------------------------------------------------------------------------------------------------
	// slow consumers

	/** A browser that stops reading and is cut: the budget gets every byte back, the session is gone. */
	@Test
	void aBrowserCutAsASlowConsumerGivesBackItsBudget() throws Exception {
		Hub hub = start("spread.hub.outbound-buffer=32KB", "spread.hub.outbound-buffer-max=64KB",
				"spread.hub.close-timeout=500ms", "spread.hub.welcome=");
		WebSocketTestClient browser = track(WebSocketTestClient.connect(hub.httpPort(), "/ws/relay"));
		browser.stopReading();
		try (TestClient sender = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == 2);
			byte[] frame = "z".repeat(4000).getBytes(StandardCharsets.US_ASCII);
			long started = System.nanoTime();
			while (hub.registry().clientCount() > 1 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30)) {
				sender.sendFrame(frame);
			}
			assertThat(hub.registry().clientCount()).isEqualTo(1);
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(hub.budget().used()).isZero();
				assertThat(hub.container("relayWebSocket").getSessions()).isEmpty();
			});
		}
	}

	/** Policy drop: a browser that catches up is told how many it missed, before its next frame. */
	@Test
	void underPolicyDropABrowserThatCatchesUpIsToldWhatItMissed() throws Exception {
		Hub hub = start("spread.hub.outbound-buffer=16KB", "spread.hub.outbound-buffer-max=32KB",
				"spread.hub.slow-consumer-policy=drop", "spread.hub.welcome=");
		RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 4096));
		try (TestClient sender = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == 2);
			byte[] frame = "d".repeat(4000).getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < 3000; i++) {
				sender.sendFrame(frame);
			}
			// now read everything: each gap is told (ERR dropped n) once caught up; every frame is received or told
			int frames = 0;
			long dropped = 0;
			while (frames + dropped < 3000) {
				String text = browser.readText();
				if (text.startsWith("ERR dropped ")) {
					dropped += Long.parseLong(text.substring("ERR dropped ".length()));
				}
				else {
					assertThat(text).hasSize(4000);
					frames++;
				}
			}
			assertThat(dropped).as("frames told dropped").isPositive();
			sender.sendFrame("after the gap");
			assertThat(browser.readText()).isEqualTo("after the gap");
			assertThat(hub.registry().clientCount()).isEqualTo(2);
		}
	}

	// ------------------------------------------------------------------------------------------------------------
	// limits, allow-list, origins, idle, admin, shutdown

	@Test
	void maxConnectionsAndPerAddressLimitsApplyToBrowsers() throws Exception {
		Hub hub = start("spread.hub.max-connections=2", "spread.hub.welcome=");
		RawWs one = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
		RawWs two = track(RawWs.open(hub.httpPort(), "/ws/gateway", null, 0));
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 2);
		RawWs three = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
		assertThat(three.readText()).isEqualTo("ERR server-full");
		assertThat(three.awaitClose()).isEqualTo(1008);
		assertThat(hub.registry().clientCount()).isEqualTo(2);
		one.abort();
		two.abort();
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 0);
		// the refused one was never counted: the container forgets it in its close callback, maybe later
		await().atMost(WAIT).until(() -> hub.container("relayWebSocket").getSessions().isEmpty());
		assertThat(hub.registry().addressCount()).isZero();
	}

	@Test
	void perAddressLimitAppliesToBrowsers() throws Exception {
		Hub hub = start("spread.hub.max-connections-per-address=1", "spread.hub.welcome=");
		RawWs one = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 1);
		RawWs two = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
		assertThat(two.readText()).startsWith("ERR too-many-connections-from-address");
		assertThat(two.awaitClose()).isEqualTo(1008);
		one.abort();
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 0);
		assertThat(hub.registry().addressCount()).isZero();
	}

	@Test
	void theWebSocketAllowListRefusesOthersAndLeavesNothingBehind() throws Exception {
		Hub hub = start("spread.websocket.allow=10.0.0.0/8", "spread.hub.welcome=");
		RawWs outsider = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
		assertThat(outsider.awaitClose()).isEqualTo(1008);
		assertThat(hub.registry().clientCount()).isZero();
		assertThat(hub.registry().addressCount()).isZero();
		// the container forgets the session in its close callback, which may run after the client saw the close
		await().atMost(WAIT).until(() -> hub.container("relayWebSocket").getSessions().isEmpty());
		// the TCP relay port has its own list (none): still open to loopback
		try (TestClient tcp = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			await().atMost(WAIT).until(() -> hub.registry().clientCount() == 1);
		}
	}

	/**
	 * Behind a reverse proxy on the hub's network, with {@code server.forward-headers-strategy=native}, a browser's
	 * address is the one the proxy forwards: the allow-list, the per-address limit and the logs see the browser, not
	 * the proxy. (Tomcat takes the header only from its internal proxies: loopback and private ranges by default.)
	 */
	@Test
	void behindATrustedProxyTheForwardedAddressIsTheBrowsers() throws Exception {
		Hub hub = start("server.forward-headers-strategy=native", "spread.websocket.allow=203.0.113.0/24",
				"spread.hub.welcome=");
		RawWs proxied = track(RawWs.open(hub.httpPort(), "/ws/gateway", null, 0, "X-Forwarded-For: 203.0.113.7\r\n"));
		proxied.send(RawWs.TEXT, true, "HELLO far".getBytes(StandardCharsets.UTF_8));
		assertThat(proxied.readText()).isEqualTo("OK HELLO far");
		assertThat(hub.registry().named("far").connection().remoteAddress()).startsWith("203.0.113.7:");
		RawWs direct = track(RawWs.open(hub.httpPort(), "/ws/gateway", null, 0));
		assertThat(direct.awaitClose()).as("loopback itself is not on the list").isEqualTo(1008);
	}

	@Test
	void crossOriginHandshakesAreRefusedByDefault() throws Exception {
		Hub hub = start("spread.hub.welcome=");
		assertThat(RawWs.handshakeStatus(hub.httpPort(), "/ws/relay", "http://evil.example")).isEqualTo(403);
		assertThat(RawWs.handshakeStatus(hub.httpPort(), "/ws/gateway", "http://evil.example")).isEqualTo(403);
		assertThat(RawWs.handshakeStatus(hub.httpPort(), "/ws/relay", "http://127.0.0.1:" + hub.httpPort()))
			.as("the hub's own pages").isEqualTo(101);
		assertThat(RawWs.handshakeStatus(hub.httpPort(), "/ws/relay", null)).as("no origin: not a browser")
			.isEqualTo(101);
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 0);
	}

	@Test
	void configuredOriginsAreAllowed() throws Exception {
		Hub hub = start("spread.websocket.allowed-origins=https://*.example.com", "spread.hub.welcome=");
		assertThat(RawWs.handshakeStatus(hub.httpPort(), "/ws/relay", "https://game.example.com")).isEqualTo(101);
		assertThat(RawWs.handshakeStatus(hub.httpPort(), "/ws/relay", "http://evil.example")).isEqualTo(403);
	}

	@Test
	void idleBrowsersAreClosed() throws Exception {
		Hub hub = start("spread.hub.idle-timeout=1s", "spread.hub.welcome=");
		RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/gateway", null, 0));
		assertThat(browser.readText()).isEqualTo("ERR idle-timeout");
		assertThat(browser.awaitClose()).isEqualTo(1000);
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 0);
	}

	@Test
	void anOperatorDisconnectsABrowser() throws Exception {
		Hub hub = start("spread.hub.welcome=");
		RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/gateway", null, 0));
		browser.send(RawWs.TEXT, true, "HELLO eve".getBytes(StandardCharsets.UTF_8));
		assertThat(browser.readText()).isEqualTo("OK HELLO eve");
		String id = hub.registry().named("eve").connection().getConnectionId();
		assertThat(adminDelete(hub, id)).isBetween(200, 299);
		assertThat(browser.readText()).startsWith("ERR disconnected");
		assertThat(browser.awaitClose()).isEqualTo(1000);
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 0);
		assertThat(hub.registry().named("eve")).isNull();
		assertThat(adminDelete(hub, id)).isEqualTo(404);
	}

	/** Shutdown with browsers connected, one of which does not read: 1001 for those that read, no hang. */
	@Test
	void shutdownWithBrowsersConnectedClosesThemWith1001AndDoesNotHang() throws Exception {
		Hub hub = start("spread.hub.shutdown-timeout=1s", "spread.hub.welcome=");
		RawWs reader = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 0));
		RawWs gateway = track(RawWs.open(hub.httpPort(), "/ws/gateway", null, 0));
		RawWs stuck = track(RawWs.open(hub.httpPort(), "/ws/relay", null, 4096));
		await().atMost(WAIT).until(() -> hub.registry().clientCount() == 3);
		try (TestClient sender = TestClient.connect(hub.tcpPort(), Framing.LINE)) {
			byte[] frame = "s".repeat(30_000).getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < 50; i++) {
				sender.sendFrame(frame);
			}
		}
		// the reader drains what it got
		Thread drain = new Thread(() -> {
			try {
				while (true) {
					RawWs.Frame frame = reader.readFrame();
					if (frame.opcode() == RawWs.CLOSE) {
						reader.closeCode = ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF);
						return;
					}
				}
			}
			catch (IOException ex) {
				reader.closeCode = -1;
			}
		});
		drain.start();
		long before = System.nanoTime();
		this.hubs.remove(hub.context());
		hub.context().close();
		long took = System.nanoTime() - before;
		drain.join(5000);
		assertThat(Duration.ofNanos(took)).as("context close with a browser that does not read")
			.isLessThan(Duration.ofSeconds(8));
		assertThat(reader.closeCode).isEqualTo(1001);
		assertThat(gateway.readText()).isEqualTo("ERR server-shutting-down");
		assertThat(gateway.awaitClose()).isEqualTo(1001);
		assertThat(stuck).isNotNull();
	}

	/** QUIT answers nothing after it: commands sent right behind it are not heard. */
	@Test
	void commandsBehindQuitAreNotHeard() throws Exception {
		Hub hub = start("spread.hub.welcome=");
		try (TestClient tcp = TestClient.connect(hub.gatewayPort(), Framing.LINE)) {
			tcp.sendFrame("HELLO bob");
			assertThat(tcp.readText()).isEqualTo("OK HELLO bob");
			tcp.sendFrame("JOIN chat");
			assertThat(tcp.readText()).startsWith("OK JOIN chat");
			RawWs browser = track(RawWs.open(hub.httpPort(), "/ws/gateway", null, 0));
			browser.send(RawWs.TEXT, true, "HELLO ada".getBytes(StandardCharsets.UTF_8));
			assertThat(browser.readText()).isEqualTo("OK HELLO ada");
			browser.send(RawWs.TEXT, true, "JOIN chat".getBytes(StandardCharsets.UTF_8));
			assertThat(browser.readText()).startsWith("OK JOIN chat");
			assertThat(tcp.readText()).startsWith("JOINED chat ada");
			browser.send(RawWs.TEXT, true, "QUIT".getBytes(StandardCharsets.UTF_8));
			browser.send(RawWs.TEXT, true, "PUB chat after quit".getBytes(StandardCharsets.UTF_8));
			assertThat(browser.awaitClose()).isEqualTo(1000);
			assertThat(tcp.readText()).startsWith("LEFT chat ada");
			assertThat(tcp.readTextWithin(Duration.ofMillis(500))).isEmpty();
		}
	}

	// ------------------------------------------------------------------------------------------------------------
	// support

	private <T extends Closeable> T track(T closeable) {
		this.opened.add(closeable);
		return closeable;
	}

	private Hub start(String... properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spread.tcp.port=0",
				"--management.endpoints.web.exposure.include=health,sessions",
				"--spread.tcp.host=127.0.0.1", "--spread.gateway.port=0", "--spread.gateway.host=127.0.0.1"));
		for (String property : properties) {
			args.add("--" + property);
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SpreadApplication.class)
			.run(args.toArray(String[]::new));
		this.hubs.add(context);
		return new Hub(context);
	}

	private static int adminDelete(Hub hub, String id) throws Exception {
		HttpRequest request = AdminLogin
			.authorized(HttpRequest.newBuilder(
					URI.create("http://127.0.0.1:" + hub.httpPort() + "/actuator/sessions/" + id)))
			.DELETE()
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	private record Hub(ConfigurableApplicationContext context) {

		int httpPort() {
			return ((WebServerApplicationContext) this.context).getWebServer().getPort();
		}

		int tcpPort() {
			return listenerPort("hubListener");
		}

		int gatewayPort() {
			return listenerPort("gatewayListener");
		}

		private int listenerPort(String name) {
			TcpNioServerConnectionFactory listener = this.context.getBean(name, TcpNioServerConnectionFactory.class);
			await().atMost(WAIT).until(listener::isListening);
			return listener.getPort();
		}

		SessionRegistry registry() {
			return this.context.getBean(SessionRegistry.class);
		}

		MemoryBudget budget() {
			return this.context.getBean(MemoryBudget.class);
		}

		ServerWebSocketContainer container(String name) {
			return this.context.getBean(name, ServerWebSocketContainer.class);
		}

	}

	/**
	 * Samples one thread's stack every 2 ms until stopped; counts the samples in which it waits in Tomcat's WebSocket
	 * code.
	 */
	private static final class ThreadSampler {

		private final String name;

		private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

		private final ConcurrentLinkedQueue<String> blocked = new ConcurrentLinkedQueue<>();

		private volatile int samples;

		private volatile long threadId = -1;

		private ThreadSampler(String name) {
			this.name = name;
		}

		static ThreadSampler start(String name) {
			ThreadSampler sampler = new ThreadSampler(name);
			sampler.timer.scheduleAtFixedRate(sampler::sample, 0, 2, TimeUnit.MILLISECONDS);
			return sampler;
		}

		private void sample() {
			if (this.threadId < 0) {
				Thread.getAllStackTraces()
					.keySet()
					.stream()
					.filter(t -> t.getName().equals(this.name))
					.findFirst()
					.ifPresent(t -> this.threadId = t.getId());
			}
			ThreadInfo info = (this.threadId < 0) ? null
					: ManagementFactory.getThreadMXBean().getThreadInfo(this.threadId, 64);
			if (info == null) {
				return;
			}
			this.samples++;
			StringBuilder stack = new StringBuilder();
			boolean inTomcat = false;
			for (StackTraceElement element : info.getStackTrace()) {
				if (element.getClassName().startsWith("org.apache.tomcat.websocket")) {
					inTomcat = true;
				}
				if (stack.length() < 1500) {
					stack.append(element).append(" <- ");
				}
			}
			if (inTomcat && (info.getThreadState() == Thread.State.TIMED_WAITING
					|| info.getThreadState() == Thread.State.WAITING)) {
				this.blocked.add(info.getThreadState() + ": " + stack);
			}
		}

		void stop() {
			this.timer.shutdownNow();
		}

		int blockedInTomcat() {
			return this.blocked.size();
		}

		int samples() {
			return this.samples;
		}

		String example() {
			String first = this.blocked.peek();
			return (first != null) ? first : "none";
		}

	}

	/** A WebSocket client speaking the protocol by hand, for frames a browser would not send. */
	static final class RawWs implements Closeable {

		static final int CONTINUATION = 0x0;

		static final int TEXT = 0x1;

		static final int BINARY = 0x2;

		static final int CLOSE = 0x8;

		static final int PING = 0x9;

		static final int PONG = 0xA;

		record Frame(boolean fin, int opcode, byte[] payload) {
		}

		private final Socket socket;

		private final DataInputStream in;

		private final OutputStream out;

		final int status;

		volatile int closeCode;

		private RawWs(Socket socket, int status) throws IOException {
			this.socket = socket;
			this.in = new DataInputStream(socket.getInputStream());
			this.out = socket.getOutputStream();
			this.status = status;
		}

		/** Opens and upgrades; fails unless the hub answers 101. */
		static RawWs open(int port, String path, String origin, int receiveBuffer) throws IOException {
			return open(port, path, origin, receiveBuffer, "");
		}

		/** As {@link #open(int, String, String, int)}, with more request header lines ("Name: value\r\n"). */
		static RawWs open(int port, String path, String origin, int receiveBuffer, String headers) throws IOException {
			RawWs ws = handshake(port, path, origin, receiveBuffer, headers);
			if (ws.status != 101) {
				ws.close();
				throw new IOException("handshake answered " + ws.status);
			}
			return ws;
		}

		static int handshakeStatus(int port, String path, String origin) throws IOException {
			try (RawWs ws = handshake(port, path, origin, 0, "")) {
				return ws.status;
			}
		}

		private static RawWs handshake(int port, String path, String origin, int receiveBuffer, String headers)
				throws IOException {
			Socket socket = new Socket();
			if (receiveBuffer > 0) {
				socket.setReceiveBufferSize(receiveBuffer);
			}
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(20_000);
			byte[] nonce = new byte[16];
			ThreadLocalRandom.current().nextBytes(nonce);
			String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
					+ Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n"
					+ ((origin != null) ? "Origin: " + origin + "\r\n" : "") + headers + "\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			String statusLine = line(in);
			while (!line(in).isEmpty()) {
				// headers
			}
			int status = Integer.parseInt(statusLine.split(" ")[1]);
			return new RawWs(socket, status);
		}

		private static String line(DataInputStream in) throws IOException {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			int previous = -1;
			while (true) {
				int b = in.read();
				if (b < 0) {
					throw new EOFException("end of stream in the handshake");
				}
				if (previous == '\r' && b == '\n') {
					byte[] all = bytes.toByteArray();
					return new String(all, 0, all.length - 1, StandardCharsets.US_ASCII);
				}
				bytes.write(b);
				previous = b;
			}
		}

		// the mask of the frame being written and how much of its payload has been, for continueFrame
		private final byte[] mask = new byte[4];

		private long maskedSoFar;

		/** Sends one masked frame. */
		synchronized void send(int opcode, boolean fin, byte[] payload) throws IOException {
			startFrame(opcode, fin, payload.length, payload);
		}

		/**
		 * Starts one masked frame of {@code length} payload bytes and writes {@code first} of them; the rest goes with
		 * {@link #continueFrame}.
		 */
		synchronized void startFrame(int opcode, boolean fin, long length, byte[] first) throws IOException {
			ByteArrayOutputStream header = new ByteArrayOutputStream();
			header.write((fin ? 0x80 : 0) | opcode);
			if (length < 126) {
				header.write(0x80 | (int) length);
			}
			else if (length < 65536) {
				header.write(0x80 | 126);
				header.write((int) (length >>> 8));
				header.write((int) (length & 0xFF));
			}
			else {
				header.write(0x80 | 127);
				for (int shift = 56; shift >= 0; shift -= 8) {
					header.write((int) ((length >>> shift) & 0xFF));
				}
			}
			ThreadLocalRandom.current().nextBytes(this.mask);
			header.write(this.mask, 0, 4);
			this.maskedSoFar = 0;
			this.out.write(header.toByteArray());
			continueFrame(first);
		}

		/** Writes more of the payload of the frame begun by {@link #startFrame}. */
		synchronized void continueFrame(byte[] more) throws IOException {
			byte[] masked = new byte[more.length];
			for (int i = 0; i < more.length; i++) {
				masked[i] = (byte) (more[i] ^ this.mask[(int) (this.maskedSoFar++ & 3)]);
			}
			this.out.write(masked);
			this.out.flush();
		}

		Frame readFrame() throws IOException {
			int b0 = this.in.readUnsignedByte();
			int b1 = this.in.readUnsignedByte();
			long length = b1 & 0x7F;
			if (length == 126) {
				length = this.in.readUnsignedShort();
			}
			else if (length == 127) {
				length = this.in.readLong();
			}
			byte[] payload = new byte[(int) length];
			this.in.readFully(payload);
			return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
		}

		/** The next whole text message; fails on a close. */
		String readText() throws IOException {
			ByteArrayOutputStream message = new ByteArrayOutputStream();
			while (true) {
				Frame frame = readFrame();
				if (frame.opcode() == CLOSE) {
					throw new IOException("closed by the hub: " + closeCodeOf(frame));
				}
				if (frame.opcode() == PING || frame.opcode() == PONG) {
					continue;
				}
				message.writeBytes(frame.payload());
				if (frame.fin()) {
					return message.toString(StandardCharsets.UTF_8);
				}
			}
		}

		/** Reads until the hub's close frame; its code, or -1 when the socket ends without one. */
		int awaitClose() {
			try {
				while (true) {
					Frame frame = readFrame();
					if (frame.opcode() == CLOSE) {
						return closeCodeOf(frame);
					}
				}
			}
			catch (SocketTimeoutException ex) {
				return -2;
			}
			catch (IOException ex) {
				return -1;
			}
		}

		private static int closeCodeOf(Frame frame) {
			return (frame.payload().length >= 2)
					? ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF) : 1005;
		}

		/** Drops the connection with a reset, no close handshake. */
		void abort() {
			try {
				this.socket.setSoLinger(true, 0);
				this.socket.close();
			}
			catch (IOException ex) {
				// gone
			}
		}

		@Override
		public void close() {
			abort();
		}

	}

}
