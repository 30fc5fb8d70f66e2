package io.spread.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.spread.SpreadApplication;
import io.spread.bench.BenchProperties.ReceiverTransport;
import io.spread.bench.BenchProperties.Scenario;
import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static io.spread.support.BenchRuns.assertCompleteFanout;
import static io.spread.support.BenchRuns.run;
import static io.spread.support.BenchRuns.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The relay scenarios with WebSocket receivers ({@code spread.bench.receiver-transport=websocket}) on the hub's
 * {@code /ws/relay}, TCP senders, real sockets, a hub in the test. Checks what the tool reports, not speed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spread.tcp.port=0",
		"spread.tcp.host=127.0.0.1" })
class WebSocketReceiversTest extends HubTestSupport {

	@LocalServerPort
	private int httpPort;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void fanoutToWebSocketReceiversDeliversEveryFrameInOrder() {
		BenchProperties settings = webSocketSettings(Scenario.FANOUT, this.httpPort, port());
		settings.setSenders(2);
		settings.setFrames(2000);

		assertCompleteFanout(settings);
	}

	@Test
	void fanoutOfLargeFramesFromOneFramePerWrite() {
		BenchProperties settings = webSocketSettings(Scenario.FANOUT, this.httpPort, port());
		settings.setFrames(300);
		settings.setFrameSize(20_000);
		settings.setFramesPerWrite(1);

		assertCompleteFanout(settings);
	}

	@Test
	void latencyOverWebSocketReportsPercentilesAndNoLoss() {
		BenchProperties settings = webSocketSettings(Scenario.LATENCY, this.httpPort, port());
		settings.setRate(500);
		settings.setDuration(Duration.ofMillis(500));

		BenchResult result = run(settings);

		assertThat(result.failure()).isNull();
		assertThat(result.get("receiver_transport")).isEqualTo("websocket");
		assertThat(result.get("target"))
			.isEqualTo("127.0.0.1:" + port() + "->ws://127.0.0.1:" + this.httpPort + "/ws/relay");
		assertThat(result.getLong("sent")).isEqualTo(250);
		assertThat(result.getLong("delivered")).isEqualTo(250L * settings.getReceivers());
		assertThat(result.getLong("lost")).isZero();
		double p50 = (double) result.get("latency_p50_ms");
		double p99 = (double) result.get("latency_p99_ms");
		assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
		assertThat(p99).isLessThan(1000);
	}

	@Test
	void theSettingsComeFromTheJarsBenchModeAndHoldOnlyForTheRelayScenarios() {
		BenchResult result = runBenchMode("--spread.bench.port=" + port(), "--spread.bench.receivers=3",
				"--spread.bench.frames=100", "--spread.bench.receiver-transport=websocket",
				"--spread.bench.websocket-url=ws://127.0.0.1:" + this.httpPort + "/ws/relay");

		assertThat(result.get("receiver_transport")).isEqualTo("websocket");
		assertThat(result.getLong("lost")).isZero();
		assertThat(result.getLong("delivered")).isEqualTo(300);
		assertThatThrownBy(() -> runBenchMode("--spread.bench.scenario=connections",
				"--spread.bench.receiver-transport=websocket"))
			.hasStackTraceContaining("spread.bench.receiver-transport=websocket is for the fanout and latency scenarios");
		assertThatThrownBy(() -> runBenchMode("--spread.bench.websocket-url=http://127.0.0.1/ws/relay"))
			.hasStackTraceContaining("must be empty or a ws:// or wss:// URL");
	}

	@Test
	void anEndpointThatRefusesTheHandshakeIsOneFailLine() {
		BenchProperties settings = webSocketSettings(Scenario.FANOUT, this.httpPort, port());
		settings.setWebsocketUrl("ws://127.0.0.1:" + this.httpPort + "/ws/nowhere");

		assertThatThrownBy(() -> run(settings)).hasMessage("bench: cannot open a WebSocket to ws://127.0.0.1:"
				+ this.httpPort + "/ws/nowhere")
			.cause()
			.hasMessageStartingWith("the handshake was answered with HTTP ");
	}

	@Test
	void aLoginInTheUrlIsSentButNeverPrinted() {
		ByteArrayOutputStream progress = new ByteArrayOutputStream();
		BenchProperties settings = webSocketSettings(Scenario.FANOUT, this.httpPort, port());
		settings.setFrames(100);
		settings.setWebsocketUrl("ws://someone:s3cret@127.0.0.1:" + this.httpPort + "/ws/relay");

		BenchResult result = new LoadTool(settings, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

		assertThat(result.getLong("lost")).isZero();
		assertThat(result.toText()).doesNotContain("s3cret").contains("->ws://127.0.0.1:" + this.httpPort + "/ws/relay");
		assertThat(progress.toString(StandardCharsets.UTF_8)).doesNotContain("s3cret");
	}

	/**
	 * A hub that lets no more than 1 KB wait for a receiver cuts WebSocket receivers as slow consumers, as it does TCP
	 * ones, and the run reports it the same way.
	 */
	@Test
	void webSocketReceiversCutAsSlowConsumersAreReportedAndFailTheRun() {
		try (ConfigurableApplicationContext tinyBuffers = startHub("--spread.hub.outbound-buffer=1KB",
				"--spread.hub.outbound-buffer-max=1KB")) {
			BenchProperties settings = webSocketSettings(Scenario.FANOUT, httpPort(tinyBuffers), relayPort(tinyBuffers));
			settings.setFrames(50_000);

			BenchResult result = run(settings);

			assertThat(result.failure()).contains("receivers were disconnected by the hub");
			assertThat(result.getLong("receivers_disconnected")).isPositive();
			@SuppressWarnings("unchecked")
			Map<String, Integer> reasons = (Map<String, Integer>) result.get("disconnect_reasons");
			assertThat(reasons).containsKey("slow-consumer");
			assertThat(result.getLong("lost")).isPositive().isEqualTo(result.getLong("lost_to_disconnects"));
			assertThat(result.getLong("lost_unexplained")).isZero();
		}
	}

	private static BenchProperties webSocketSettings(Scenario scenario, int httpPort, int relayPort) {
		BenchProperties settings = settings(scenario, Framing.LINE, relayPort);
		settings.setReceiverTransport(ReceiverTransport.WEBSOCKET);
		settings.setWebsocketUrl("ws://127.0.0.1:" + httpPort + "/ws/relay");
		return settings;
	}

	/** Runs the jar's bench mode (a fanout without warm-up unless told otherwise) and returns its summary. */
	private static BenchResult runBenchMode(String... args) {
		List<String> all = new ArrayList<>(List.of("--spread.mode=bench", "--spread.bench.warmup=0s"));
		all.addAll(List.of(args));
		ConfigurableApplicationContext bench = new SpringApplicationBuilder(SpreadApplication.class)
			.web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
		BenchResult result = bench.getBean(BenchRunner.class).result();
		SpringApplication.exit(bench);
		return result;
	}

	/** Starts another hub in this JVM, its relay and HTTP ports free loopback ones, with {@code properties}. */
	private static ConfigurableApplicationContext startHub(String... properties) {
		List<String> all = new ArrayList<>(List.of("--spread.tcp.port=0", "--spread.tcp.host=127.0.0.1",
				"--server.port=0", "--server.address=127.0.0.1", "--spread.gateway.port=0"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(SpreadApplication.class).run(all.toArray(String[]::new));
	}

	private static int relayPort(ConfigurableApplicationContext hub) {
		TcpNioServerConnectionFactory listener = hub.getBean("hubListener", TcpNioServerConnectionFactory.class);
		await().atMost(WAIT).until(listener::isListening);
		return listener.getPort();
	}

	private static int httpPort(ConfigurableApplicationContext hub) {
		return ((WebServerApplicationContext) hub).getWebServer().getPort();
	}

}
