package io.spread.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.SpreadApplication;
import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.FreePorts;
import io.spread.support.TestCertificates;
import io.spread.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The jar's client mode against real hubs, with the client's stdin and stdout piped to the test. */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1" })
class ClientModeTest extends HubTestSupport {

	private final List<RunningClient> clients = new ArrayList<>();

	private final List<ConfigurableApplicationContext> extraHubs = new ArrayList<>();

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@AfterEach
	void stopClientsAndHubs() throws IOException {
		for (RunningClient client : this.clients) {
			client.endInput();
			client.exitCode.completeOnTimeout(-1, 20, TimeUnit.SECONDS).join();
		}
		this.extraHubs.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void printsWhatItReceivesAndSendsWhatIsTyped() throws Exception {
		TestClient peer = connectWelcomed();
		RunningClient client = startClient(port(), "--spread.client.heartbeat-interval=0");
		assertThat(client.nextLine()).isEqualTo("Welcome to Spread Site, you are client #2!");

		peer.sendFrame("hello client");
		client.type("hello peer");

		assertThat(client.nextLine()).isEqualTo("hello client");
		assertThat(peer.readText()).isEqualTo("hello peer");
	}

	/** Regression: a frame over the client's own max-frame-size threw ClassCastException in the client's flow. */
	@Test
	void skipsAFrameLargerThanItsOwnLimitAndGoesOn() throws Exception {
		TestClient peer = connectWelcomed();
		RunningClient client = startClient(port(), "--spread.client.heartbeat-interval=0",
				"--spread.tcp.max-frame-size=64B");
		assertThat(client.nextLine()).isEqualTo("Welcome to Spread Site, you are client #2!");

		peer.sendFrame("x".repeat(100));
		peer.sendFrame("short again");

		assertThat(client.nextLine()).isEqualTo("short again");
	}

	@Test
	void sendsHeartbeatsAtTheConfiguredInterval() {
		TestClient peer = connectWelcomed();
		startClient(port(), "--spread.client.heartbeat-interval=300ms", "--spread.client.name=probe-7");

		List<Instant> stamps = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String heartbeat = peer.readText();
			assertThat(heartbeat).startsWith("hello, I'm probe-7 ");
			stamps.add(Instant.parse(heartbeat.substring("hello, I'm probe-7 ".length())));
		}
		for (int i = 1; i < stamps.size(); i++) {
			// 300 ms apart, with room for a busy machine (the default would be 5 s)
			assertThat(Duration.between(stamps.get(i - 1), stamps.get(i))).isBetween(Duration.ofMillis(150),
					Duration.ofMillis(1000));
		}
	}

	@Test
	void exitsZeroWhenInputEnds() throws IOException {
		RunningClient client = startClient(port(), "--spread.client.heartbeat-interval=0");
		client.nextLine();

		client.endInput();

		assertThat(client.exitCode.join()).isZero();
	}

	@Test
	void exitsNonZeroOnceItsRetriesAreUsedUp() {
		RunningClient client = startClient(FreePorts.next(), "--spread.client.reconnect.initial-delay=20ms",
				"--spread.client.reconnect.max-retries=2");

		assertThat(client.exitCode.join()).isEqualTo(1);
	}

	@Test
	void reconnectsToARestartedHubAndSendsWhatWasTypedMeanwhile() throws IOException {
		int port = FreePorts.next();
		ConfigurableApplicationContext firstHub = startHub(port);
		RunningClient client = startClient(port, "--spread.client.heartbeat-interval=0",
				"--spread.client.reconnect.initial-delay=100ms", "--spread.client.reconnect.factor=1",
				"--spread.client.reconnect.jitter=0");
		assertThat(client.nextLine()).startsWith("Welcome");

		firstHub.close();
		assertThat(client.nextLine()).isEqualTo("ERR server-shutting-down");
		client.type("typed while the hub was down");
		client.type("and a second line");
		ConfigurableApplicationContext secondHub = startHub(port);

		assertThat(client.nextLine()).as("welcome from the restarted hub").startsWith("Welcome");
		MeterRegistry meters = secondHub.getBean(MeterRegistry.class);
		await().atMost(WAIT).until(() -> meters.get("spread.frames.received").counter().count() == 2);
		assertThat(meters.get("spread.bytes.received").counter().count())
			.isEqualTo("typed while the hub was down".length() + "and a second line".length());
	}

	/** Client mode connects with TLS through its SSL bundle, checking the hub's certificate and host name. */
	@Test
	void connectsWithTlsThroughItsSslBundle() throws Exception {
		List<String> tls = new ArrayList<>(List.of("--spread.tcp.ssl.bundle=spread"));
		TestCertificates.bundle("spread").forEach((key, value) -> tls.add("--" + key + "=" + value));
		ConfigurableApplicationContext hub = startHub(0, tls.toArray(String[]::new));
		int tlsPort = hub.getBean("hubListener", AbstractServerConnectionFactory.class).getPort();
		List<String> settings = new ArrayList<>(tls);
		settings.remove("--spread.tcp.ssl.bundle=spread");
		settings.addAll(List.of("--spread.client.ssl.bundle=spread", "--spread.client.heartbeat-interval=0"));
		RunningClient first = startClient(tlsPort, settings.toArray(String[]::new));
		assertThat(first.nextLine()).isEqualTo("Welcome to Spread Site, you are client #1!");
		RunningClient second = startClient(tlsPort, settings.toArray(String[]::new));
		assertThat(second.nextLine()).isEqualTo("Welcome to Spread Site, you are client #2!");

		first.type("over tls");
		assertThat(second.nextLine()).isEqualTo("over tls");
	}

	private ConfigurableApplicationContext startHub(int port, String... settings) {
		List<String> args = new ArrayList<>(List.of("--spread.tcp.host=127.0.0.1", "--spread.tcp.port=" + port));
		args.addAll(List.of(settings));
		ConfigurableApplicationContext hub = new SpringApplicationBuilder(SpreadApplication.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		this.extraHubs.add(hub);
		return hub;
	}

	private RunningClient startClient(int port, String... settings) {
		List<String> args = new ArrayList<>(List.of("--spread.mode=client", "--spread.client.host=127.0.0.1",
				"--spread.client.port=" + port));
		args.addAll(List.of(settings));
		RunningClient client = RunningClient.launch(args);
		this.clients.add(client);
		return client;
	}


	/** A client running in its own application context, with its console wired to the test. */
	static final class RunningClient {

		final PipedOutputStream keyboard = new PipedOutputStream();

		final BlockingQueue<String> printed = new LinkedBlockingQueue<>();

		final ClientConsole console;

		CompletableFuture<Integer> exitCode;

		RunningClient() {
			try {
				this.console = new ClientConsole(new PipedInputStream(this.keyboard), new PrintStream(new LineSplitter(this.printed), true));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** Runs the jar's client mode with these arguments in an application context of its own. */
		static RunningClient launch(List<String> args) {
			RunningClient client = new RunningClient();
			client.exitCode = CompletableFuture.supplyAsync(() -> {
				ConfigurableApplicationContext context = new SpringApplicationBuilder(SpreadApplication.class)
					.initializers(ctx -> ctx.getBeanFactory().registerSingleton("clientConsole", client.console))
					.run(args.toArray(String[]::new));
				return SpringApplication.exit(context);
			});
			return client;
		}

		void type(String line) throws IOException {
			this.keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			this.keyboard.flush();
		}

		void endInput() throws IOException {
			this.keyboard.close();
		}

		String nextLine() {
			try {
				String line = this.printed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(line).as("a line printed by the client").isNotNull();
				return line;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	/** Collects what the client prints, line by line. */
	static final class LineSplitter extends OutputStream {

		private final BlockingQueue<String> lines;

		private final StringBuilder line = new StringBuilder();

		LineSplitter(BlockingQueue<String> lines) {
			this.lines = lines;
		}

		@Override
		public synchronized void write(int b) {
			if (b == '\n') {
				this.lines.add(this.line.toString());
				this.line.setLength(0);
			}
			else {
				this.line.append((char) b);
			}
		}

	}

}
