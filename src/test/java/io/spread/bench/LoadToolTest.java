package io.spread.bench;

import java.time.Duration;

import io.spread.SpreadApplication;
import io.spread.bench.BenchProperties.Scenario;
import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.spread.support.BenchRuns.assertCompleteFanout;
import static io.spread.support.BenchRuns.run;
import static io.spread.support.BenchRuns.settings;
import static org.assertj.core.api.Assertions.assertThat;

/** Each load-tool scenario, run briefly against a hub in the test. Checks what the tool reports, not speed. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1" })
class LoadToolTest extends HubTestSupport {

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

}
