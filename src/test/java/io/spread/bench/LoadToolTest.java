package io.spread.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.spread.SpreadApplication;
import io.spread.bench.BenchProperties.Scenario;
import io.spread.codec.Framing;
import io.spread.connection.MemoryBudget;
import io.spread.support.FreePorts;
import io.spread.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static io.spread.support.BenchRuns.assertCompleteFanout;
import static io.spread.support.BenchRuns.run;
import static io.spread.support.BenchRuns.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each load-tool scenario, run briefly against a hub in the test. Checks what the tool reports, not speed. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1" })
class LoadToolTest extends HubTestSupport {

	@Autowired
	private MemoryBudget budget;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void fanoutInBulkFromSeveralSendersDeliversEveryFrameInOrder() {
		BenchProperties settings = settings(Scenario.FANOUT, Framing.LINE, port());
		settings.setSenders(3);
		settings.setFrames(2000);
		assertCompleteFanout(settings);
	}

	@Test
	void fanoutWithOneFramePerWrite() {
		BenchProperties settings = settings(Scenario.FANOUT, Framing.LINE, port());
		settings.setSenders(2);
		settings.setFrames(500);
		settings.setFramesPerWrite(1);
		settings.setFrameSize(200);
		assertCompleteFanout(settings);
	}

	@Test
	void latencyReportsPercentilesForFramesSentAtAFixedRate() {
		BenchProperties settings = settings(Scenario.LATENCY, Framing.LINE, port());
		settings.setRate(500);
		settings.setDuration(Duration.ofMillis(500));

		BenchResult result = run(settings);

		assertThat(result.getLong("sent")).isEqualTo(250);
		assertThat(result.getLong("lost")).isZero();
		double p50 = (double) result.get("latency_p50_ms");
		double p99 = (double) result.get("latency_p99_ms");
		double max = (double) result.get("latency_max_ms");
		assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
		assertThat(p99).isLessThanOrEqualTo(max);
	}

	@Test
	void connectionsOpensConfirmsAndMeasuresTheHubsMemory() {
		BenchProperties settings = settings(Scenario.CONNECTIONS, Framing.LINE, port());
		settings.setConnections(300);
		settings.setBatch(100);
		settings.setHubPid(ProcessHandle.current().pid());

		BenchResult result = run(settings);

		assertThat(result.getLong("opened")).isEqualTo(300);
		assertThat(result.getLong("failures")).isZero();
		assertThat(result.getLong("unconfirmed")).isZero();
		assertThat(result.getLong("connects_per_second")).isPositive();
		assertThat(result.getLong("hub_rss_after_kb")).isPositive();
	}

	@Test
	void connectionsThatGreetOnceSendAWholeFrameThatTheHubRelaysAndDoesNotHold() {
		BenchProperties settings = settings(Scenario.CONNECTIONS, Framing.LINE, port());
		settings.setConnections(40);
		settings.setBatch(10);
		settings.setGreetingBytes(100);
		settings.setHubPid(ProcessHandle.current().pid());

		BenchResult result = run(settings);

		assertThat(result.getLong("opened")).isEqualTo(40);
		assertThat(result.getLong("greeting_bytes")).isEqualTo(100);
		assertThat(result.get("greeting_partial")).isEqualTo(false);
		assertThat(result.getLong("greetings_written")).isEqualTo(40);
		assertThat(result.getLong("greetings_unfinished")).isZero();
		// each greeting reaches at least the connections of the batches before its own, at most all the others
		assertThat(result.getLong("greetings_received")).isBetween(10L * (10 + 20 + 30), 40L * 39);
		assertThat(result.getLong("closed_by_hub")).isZero();
		assertThat(result.get("hub_bytes_per_connection")).isNotNull();
		assertThat(this.budget.partialInputBytes()).isZero();
	}

	@Test
	void aPartialLineGreetingLeavesTheHubHoldingAnUnfinishedFrameWhileTheConnectionsAreHeld() {
		BenchProperties settings = settings(Scenario.CONNECTIONS, Framing.LINE, port());
		settings.setConnections(20);
		settings.setGreetingBytes(1000);
		settings.setGreetingPartial(true);
		settings.setHold(Duration.ofSeconds(2));

		CompletableFuture<BenchResult> run = CompletableFuture.supplyAsync(() -> run(settings));
		await().atMost(WAIT).until(this.budget::partialInputBytes, held -> held >= 20 * 1000);
		awaitClientCount(20);
		assertThat(run).isNotDone();
		BenchResult result = run.join();

		assertThat(result.getLong("greetings_written")).isEqualTo(20);
		assertThat(result.getLong("greetings_received")).isZero();
		assertThat(result.getLong("closed_by_hub")).isZero();
		awaitClientCount(0);
		await().atMost(WAIT).until(this.budget::partialInputBytes, held -> held == 0);
	}

	@Test
	void aPartialLengthPrefixedGreetingAnnouncesOneByteMoreThanItSends() {
		try (ConfigurableApplicationContext lengthPrefixed = startHub("--spread.tcp.framing=length-prefixed")) {
			MemoryBudget hubBudget = lengthPrefixed.getBean(MemoryBudget.class);
			BenchProperties settings = settings(Scenario.CONNECTIONS, Framing.LENGTH_PREFIXED, hubPort(lengthPrefixed));
			settings.setConnections(10);
			settings.setGreetingBytes(500);
			settings.setGreetingPartial(true);
			settings.setHold(Duration.ofSeconds(2));

			CompletableFuture<BenchResult> run = CompletableFuture.supplyAsync(() -> run(settings));
			await().atMost(WAIT).until(hubBudget::partialInputBytes, held -> held >= 10 * 500);
			BenchResult result = run.join();

			assertThat(result.getLong("greetings_written")).isEqualTo(10);
			assertThat(result.getLong("greetings_received")).isZero();
			assertThat(result.getLong("closed_by_hub")).isZero();
		}
	}

	@Test
	void greetingsOnTheWire() {
		assertThat(text(BenchFrame.greeting(Framing.LINE, 5, false))).isEqualTo("Ggggg\n");
		assertThat(text(BenchFrame.greeting(Framing.LINE, 5, true))).isEqualTo("Ggggg");
		assertThat(BenchFrame.greeting(Framing.LENGTH_PREFIXED, 5, false))
			.containsExactly(0, 0, 0, 5, 'G', 'g', 'g', 'g', 'g');
		assertThat(BenchFrame.greeting(Framing.LENGTH_PREFIXED, 5, true))
			.containsExactly(0, 0, 0, 6, 'G', 'g', 'g', 'g', 'g');
		assertThat(text(BenchFrame.round(Framing.LINE, 12))).isEqualTo("R12\n");
		assertThat(BenchFrame.round(Framing.LENGTH_PREFIXED, 3)).containsExactly(0, 0, 0, 2, 'R', '3');
	}

	@Test
	void roundsDeliverEveryConnectionsFrameToAllTheOthersAndSampleTheHubsThreads() {
		BenchProperties settings = settings(Scenario.CONNECTIONS, Framing.LINE, port());
		settings.setConnections(30);
		settings.setRounds(3);
		settings.setHubPid(ProcessHandle.current().pid());

		BenchResult result = run(settings);

		assertThat(result.failure()).isNull();
		assertThat(result.getLong("rounds")).isEqualTo(3);
		assertThat(result.getLong("round_frames_expected")).isEqualTo(3L * 30 * 29);
		assertThat(result.getLong("round_frames_delivered")).isEqualTo(3L * 30 * 29);
		assertThat(result.getLong("round_write_failures")).isZero();
		assertThat(result.getLong("hub_threads_before")).isPositive();
		assertThat(result.getLong("hub_threads_peak")).isGreaterThanOrEqualTo(result.getLong("hub_threads_before"));
	}

	@Test
	void roundsWithoutAHubPidReportNoThreads() {
		BenchProperties settings = settings(Scenario.CONNECTIONS, Framing.LINE, port());
		settings.setConnections(5);
		settings.setRounds(1);

		BenchResult result = run(settings);

		assertThat(result.getLong("round_frames_delivered")).isEqualTo(5 * 4);
		assertThat(result.get("hub_threads_before")).isNull();
		assertThat(result.get("hub_threads_peak")).isNull();
	}

	@Test
	void holdKeepsTheConnectionsOpenAfterMeasuring() {
		BenchProperties settings = settings(Scenario.CONNECTIONS, Framing.LINE, port());
		settings.setConnections(10);
		settings.setHold(Duration.ofMillis(1500));

		long start = System.nanoTime();
		CompletableFuture<BenchResult> run = CompletableFuture.supplyAsync(() -> run(settings));
		awaitClientCount(10);
		BenchResult result = run.join();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
		assertThat(result.getLong("opened")).isEqualTo(10);
		assertThat(result.getLong("closed_by_hub")).isZero();
		awaitClientCount(0);
	}

	@Test
	void aPartialGreetingNeedsBytesAndAFramingWithFrames() {
		assertThatThrownBy(() -> runBenchMode(port(), "--spread.bench.scenario=connections",
				"--spread.bench.greeting-partial=true"))
			.hasStackTraceContaining("spread.bench.greeting-partial needs spread.bench.greeting-bytes above 0");
		assertThatThrownBy(() -> runBenchMode(port(), "--spread.bench.scenario=connections",
				"--spread.bench.greeting-partial=true", "--spread.bench.greeting-bytes=10",
				"--spread.bench.framing=raw"))
			.hasStackTraceContaining("line or length-prefixed framing");
		assertThatThrownBy(() -> runBenchMode(port(), "--spread.bench.scenario=connections",
				"--spread.bench.rounds=-1"))
			.hasStackTraceContaining("rounds");
		assertThatThrownBy(() -> runBenchMode(port(), "--spread.bench.scenario=connections",
				"--spread.bench.hold=-1s"))
			.hasStackTraceContaining("hold");
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.US_ASCII);
	}

	@Test
	void churnConnectsSendsAndLeavesWithoutLosingFrames() {
		BenchProperties settings = settings(Scenario.CHURN, Framing.LINE, port());
		settings.setWorkers(2);
		settings.setDuration(Duration.ofMillis(500));

		BenchResult result = run(settings);

		assertThat(result.getLong("cycles")).isPositive();
		assertThat(result.getLong("errors")).isZero();
		assertThat(result.getLong("observed")).isEqualTo(result.getLong("cycles"));
	}

	@Test
	void runsFromTheJarsBenchModeAndPrintsOneSummaryLine(CapturedOutput output) {
		new SpringApplicationBuilder(SpreadApplication.class).web(WebApplicationType.NONE)
			.run("--spread.mode=bench", "--spread.bench.port=" + port(), "--spread.bench.receivers=5",
					"--spread.bench.frames=100", "--spread.bench.output=json")
			.close();

		assertThat(output.getOut()).contains("{\"scenario\":\"fanout\"").contains("\"lost\":0");
		assertThat(output.getOut().lines().filter(line -> line.startsWith("{"))).hasSize(1);
	}

	@Test
	void aRunThatLosesNothingSaysSoAndExitsWithZero(CapturedOutput output) {
		BenchExit run = runBenchMode(port(), "--spread.bench.receivers=5", "--spread.bench.frames=1000");

		assertThat(run.exitCode()).isZero();
		assertThat(run.result().failure()).isNull();
		assertThat(run.result().getLong("lost")).isZero();
		assertThat(run.result().get("lost_reason")).isEqualTo("none");
		assertThat(run.result().getLong("receivers_disconnected")).isZero();
		assertThat(run.result().getLong("hub_dropped")).isZero();
		assertThat(output.getOut()).contains(" lost=0 lost_reason=none receivers_disconnected=0 disconnect_reasons=none");
		assertThat(output.getErr()).doesNotContain("FAIL");
	}

	/**
	 * A hub that lets no more than 1 KB wait for a receiver: a burst of bulk frames is more than that as soon as the
	 * hub's writer has not finished the previous one, so receivers are cut as slow consumers, each told so while its
	 * socket still has room.
	 */
	@Test
	void receiversCutAsSlowConsumersAreReportedAndFailTheRun(CapturedOutput output) {
		try (ConfigurableApplicationContext tinyBuffers = startHub("--spread.hub.outbound-buffer=1KB",
				"--spread.hub.outbound-buffer-max=1KB")) {
			BenchExit run = runBenchMode(hubPort(tinyBuffers), "--spread.bench.receivers=10",
					"--spread.bench.frames=50000");

			BenchResult result = run.result();
			assertThat(run.exitCode()).isEqualTo(BenchRunner.LOSS_EXIT_CODE);
			assertThat(result.getLong("receivers_disconnected")).isPositive();
			@SuppressWarnings("unchecked")
			Map<String, Integer> reasons = (Map<String, Integer>) result.get("disconnect_reasons");
			assertThat(reasons).containsKey("slow-consumer");
			// a receiver whose socket was full when it was cut gets no notice, and its stream just ends
			assertThat(reasons.keySet()).isSubsetOf("slow-consumer", "eof");
			assertThat((String) result.get("lost_reason")).startsWith("slow-consumer");
			assertThat(result.getLong("lost")).isPositive()
				.isEqualTo(result.getLong("lost_to_disconnects"))
				.isEqualTo(result.getLong("expected") - result.getLong("delivered"));
			assertThat(result.getLong("lost_unexplained")).isZero();
			assertThat(result.failure()).contains("receivers were disconnected by the hub")
				.contains("Raise spread.hub.outbound-buffer");
			assertThat(output.getErr()).contains("FAIL: " + result.failure());
			assertThat(output.getOut()).contains(" lost_reason=slow-consumer");
		}
	}

	/** Under policy drop receivers stay connected, and the hub tells each how many frames it dropped for it. */
	@Test
	void framesTheHubSaysItDroppedAreReportedAndFailTheRun() {
		try (ConfigurableApplicationContext dropping = startHub("--spread.hub.outbound-buffer=1KB",
				"--spread.hub.outbound-buffer-max=1KB", "--spread.hub.slow-consumer-policy=drop")) {
			BenchExit run = runBenchMode(hubPort(dropping), "--spread.bench.receivers=10",
					"--spread.bench.frames=50000", "--spread.bench.idle-timeout=1s");

			BenchResult result = run.result();
			assertThat(run.exitCode()).isEqualTo(BenchRunner.LOSS_EXIT_CODE);
			assertThat(result.getLong("receivers_disconnected")).isZero();
			assertThat(result.getLong("hub_dropped")).isPositive();
			assertThat(result.getLong("lost")).isGreaterThanOrEqualTo(result.getLong("hub_dropped"));
			assertThat((String) result.get("lost_reason")).startsWith("dropped");
			assertThat(result.failure()).contains("the hub dropped");
		}
	}

	private record BenchExit(int exitCode, BenchResult result) {
	}

	/** Runs the jar's bench mode (a fanout without warm-up) and ends it as the jar does, for its exit code. */
	/** Regression: with the hub down the load tool printed a 30-frame stack trace. */
	@Test
	void aHubThatIsDownIsOneFailLineAndExitOne(CapturedOutput output) {
		int nobody = FreePorts.next();

		BenchExit run = runBenchMode(nobody, "--spread.bench.receivers=2");

		assertThat(run.exitCode()).isEqualTo(BenchRunner.FAILED_EXIT_CODE);
		assertThat(output.getErr()).contains("FAIL: bench: cannot connect to").doesNotContain("\tat ");
	}

	private static BenchExit runBenchMode(int port, String... args) {
		List<String> all = new ArrayList<>(List.of("--spread.mode=bench", "--spread.bench.port=" + port,
				"--spread.bench.warmup=0s"));
		all.addAll(List.of(args));
		ConfigurableApplicationContext bench = new SpringApplicationBuilder(SpreadApplication.class)
			.web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
		BenchResult result = bench.getBean(BenchRunner.class).result();
		return new BenchExit(SpringApplication.exit(bench), result);
	}

	/** Starts another hub in this JVM, on a free loopback port, with {@code properties}. */
	private static ConfigurableApplicationContext startHub(String... properties) {
		List<String> all = new ArrayList<>(List.of("--spread.tcp.port=0", "--spread.tcp.host=127.0.0.1"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(SpreadApplication.class).web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
	}

	private static int hubPort(ConfigurableApplicationContext hub) {
		TcpNioServerConnectionFactory listener = hub.getBean(TcpNioServerConnectionFactory.class);
		await().atMost(WAIT).until(listener::isListening);
		return listener.getPort();
	}

}
