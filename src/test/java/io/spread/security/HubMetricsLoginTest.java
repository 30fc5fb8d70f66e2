package io.spread.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.spread.bench.BenchProperties;
import io.spread.bench.BenchProperties.Scenario;
import io.spread.bench.BenchResult;
import io.spread.bench.LoadTool;
import io.spread.codec.Framing;
import io.spread.support.BenchRuns;
import io.spread.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load tool reads the hub's counters from {@code /actuator/prometheus} behind the admin login, with the
 * credentials written in {@code spread.bench.hub-metrics-url}, and never prints them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spread.tcp.port=0",
		"spread.tcp.host=127.0.0.1", "management.endpoints.web.exposure.include=health,prometheus" })
class HubMetricsLoginTest extends HubTestSupport {

	@LocalServerPort
	int httpPort;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void readsTheHubsCountersWithTheLoginInTheUrl() {
		ByteArrayOutputStream progress = new ByteArrayOutputStream();

		BenchResult result = fanout("admin:" + AdminLogin.PASSWORD + "@", progress);

		assertThat(result.get("hub_frames_dropped")).as(progress.toString(StandardCharsets.UTF_8)).isNotNull();
		assertThat(result.get("hub_connections_closed")).isNotNull();
	}

	@Test
	void reportsARefusedLoginWithoutPrintingIt() {
		ByteArrayOutputStream progress = new ByteArrayOutputStream();

		BenchResult withWrongPassword = fanout("admin:wrong%2Bpassword@", progress);
		BenchResult withoutLogin = fanout("", progress);

		assertThat(withWrongPassword.get("hub_frames_dropped")).isNull();
		assertThat(withoutLogin.get("hub_frames_dropped")).isNull();
		String printed = progress.toString(StandardCharsets.UTF_8);
		assertThat(printed).contains("HTTP 401 from http://127.0.0.1:" + this.httpPort + "/actuator/prometheus")
			.doesNotContain("wrong");
	}

	private BenchResult fanout(String login, ByteArrayOutputStream progress) {
		BenchProperties settings = BenchRuns.settings(Scenario.FANOUT, Framing.LINE, port());
		settings.setReceivers(2);
		settings.setSenders(1);
		settings.setFrames(50);
		settings.setHubMetricsUrl("http://" + login + "127.0.0.1:" + this.httpPort + "/actuator/prometheus");
		return new LoadTool(settings, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
	}

}
