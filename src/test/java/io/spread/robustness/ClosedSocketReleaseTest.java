package io.spread.robustness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Regression: a connection the hub closed kept its socket until some other client happened to wake the hub's
 * selector. A client that sent {@code close} and kept its end open left the hub's socket in FIN-WAIT-2, owned by the
 * hub's process, for as long as the hub stayed quiet. (The client itself did read the end of the stream: the JDK
 * shuts a registered channel's output down when it is closed; it is the descriptor that stayed.) The hub runs in this
 * JVM, so the tests see what it holds in {@code /proc/self} (Linux only). No other client connects while they wait.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1" })
class ClosedSocketReleaseTest extends HubTestSupport {

	private static final Duration RELEASE_WAIT = Duration.ofSeconds(5);

	private final List<Socket> kept = Collections.synchronizedList(new ArrayList<>());

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@BeforeEach
	void needsProc() {
		assumeTrue(ProcSockets.available(), "needs /proc/self (Linux)");
	}

	@AfterEach
	void closeKept() {
		synchronized (this.kept) {
			this.kept.forEach(ClosedSocketReleaseTest::closeQuietly);
			this.kept.clear();
		}
	}

	@Test
	void aClientThatSendsCloseAndKeepsItsEndOpenIsLetGoOfWithoutAnyOtherClient() throws Exception {
		int hubPort = port();
		// nothing left of earlier clients, whose last packets could wake the hub while this test waits
		await().atMost(WAIT).until(() -> ProcSockets.heldConnections(hubPort, -1) == 0);
		TestClient quitter = connectWelcomed();
		int clientPort = quitter.socket().getLocalPort();
		await().atMost(WAIT).until(() -> ProcSockets.heldConnections(hubPort, clientPort) == 1);

		quitter.sendFrame("close");

		// end of stream within 5 s; a read timeout fails the test
		quitter.socket().setSoTimeout((int) RELEASE_WAIT.toMillis());
		quitter.awaitClosedByServer();
		// the client keeps its end open and says nothing; the hub's end must not stay in this process
		await().atMost(RELEASE_WAIT)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(ProcSockets.heldConnections(hubPort, clientPort))
				.as("hub-side sockets of the client still held by the hub: %s", ProcSockets.describe(hubPort, clientPort))
				.isZero());
		awaitClientCount(0);
	}

	/**
	 * 300 clients come and go one after another on four threads (each connects, sends a frame and {@code close},
	 * reads to the end of the stream, and keeps its end open, closes it or resets it); then 200 connected clients send
	 * {@code close} in one burst and keep their ends open. The hub must let go of every socket it closed, with no
	 * client doing anything more, and the process's descriptors must come back to what they were.
	 */
	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void fiveHundredClientsThatSayCloseLeaveNoSocketsOrDescriptorsBehind() throws Exception {
		long seed = System.nanoTime();
		int hubPort = port();
		// one client first, so that what the hub sets up on its first connection is in the baseline
		TestClient first = connectWelcomed();
		first.close();
		awaitClientCount(0);
		await().atMost(WAIT).until(() -> ProcSockets.heldConnections(hubPort, -1) == 0);
		int baseline = ProcSockets.openFileDescriptors();

		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				Random random = new Random(seed * 31 + t);
				runs.add(pool.submit(() -> {
					for (int i = 0; i < 75; i++) {
						cycle(hubPort, random, i, random.nextInt(5));
					}
					return null;
				}));
			}
			for (Future<?> run : runs) {
				run.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		List<TestClient> burst = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			burst.add(connectWelcomed());
		}
		Collections.shuffle(burst, new Random(seed));
		for (int i = 0; i < burst.size(); i++) {
			burst.get(i).sendRaw(("bye " + i + "\nclose\n").getBytes(StandardCharsets.US_ASCII));
		}
		for (TestClient client : burst) {
			// reads what was relayed to it, then the hub's end of stream; the client's end stays open
			client.awaitClosedByServer();
		}
		awaitClientCount(0);

		int keptOpen = this.kept.size() + burst.size();
		String context = "seed " + seed + ", " + keptOpen + " clients keep their ends open";
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(ProcSockets.heldConnections(hubPort, -1))
				.as("hub-side sockets still held by the hub (%s): %s", context, ProcSockets.describe(hubPort, -1))
				.isZero());
		assertThat(ProcSockets.openFileDescriptors() - keptOpen)
			.as("open file descriptors but the clients' own, %d before the churn (%s)", baseline, context)
			.isLessThanOrEqualTo(baseline + 20);

		closeKept();
		burst.forEach(TestClient::close);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(ProcSockets.openFileDescriptors())
				.as("open file descriptors, %d before the churn (%s)", baseline, context)
				.isLessThanOrEqualTo(baseline + 20));
	}

	/**
	 * One client: connects, reads the welcome, sends a frame and {@code close}, reads to the end of the stream, and
	 * then keeps its end open ({@code ending} 0 to 2), closes it (3) or resets it (4).
	 */
	private void cycle(int hubPort, Random random, int i, int ending) {
		Socket socket = new Socket();
		try {
			socket.setSoTimeout(20_000);
			socket.connect(new InetSocketAddress("127.0.0.1", hubPort), 20_000);
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			byte[] welcome = readLine(in);
			assertThat(new String(welcome, StandardCharsets.UTF_8)).startsWith("Welcome to Spread Site");
			out.write(("bye " + i + " " + random.nextInt() + "\nclose\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			while (in.read() >= 0) {
				// whatever was relayed to it meanwhile, up to the hub's end of stream
			}
			switch (ending) {
				case 3 -> socket.close();
				case 4 -> {
					socket.setSoLinger(true, 0);
					socket.close();
				}
				default -> this.kept.add(socket);
			}
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new SocketException("end of stream inside a line: " + line);
			}
			line.write(b);
		}
		return line.toByteArray();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// gone already
		}
	}

}
