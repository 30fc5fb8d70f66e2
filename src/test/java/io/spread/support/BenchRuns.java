package io.spread.support;

import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.spread.bench.BenchProperties;
import io.spread.bench.BenchProperties.Scenario;
import io.spread.bench.BenchResult;
import io.spread.bench.LoadTool;
import io.spread.codec.Framing;

import static org.assertj.core.api.Assertions.assertThat;

/** Short load-tool runs against a hub in the test, for checking what the tool reports (never its speed). */
public final class BenchRuns {

	private BenchRuns() {
	}

	public static BenchProperties settings(Scenario scenario, Framing framing, int port) {
		BenchProperties settings = new BenchProperties();
		settings.setScenario(scenario);
		settings.setFraming(framing);
		settings.setPort(port);
		settings.setReceivers(10);
		settings.setIdleTimeout(Duration.ofSeconds(5));
		settings.setWarmup(Duration.ZERO);
		return settings;
	}

	public static BenchResult run(BenchProperties settings) {
		return new LoadTool(settings, System.err).run();
	}

	/** Runs a fan-out and checks that every frame arrived at every receiver exactly once, in order, intact. */
	public static void assertCompleteFanout(BenchProperties settings) {
		assertCompleteFanout(settings, null);
	}

	/** As {@link #assertCompleteFanout(BenchProperties)}, the tool connecting with TLS in {@code tls} if not null. */
	public static void assertCompleteFanout(BenchProperties settings, SSLContext tls) {
		BenchResult result = new LoadTool(settings, System.err, tls).run();
		long sent = (long) settings.getSenders() * settings.getFrames();
		assertThat(result.getLong("sent")).isEqualTo(sent);
		assertThat(result.getLong("expected")).isEqualTo(sent * settings.getReceivers());
		assertThat(result.getLong("delivered")).isEqualTo(sent * settings.getReceivers());
		assertThat(result.getLong("lost")).isZero();
		assertThat(result.getLong("out_of_order")).isZero();
		assertThat(result.getLong("malformed")).isZero();
		assertThat(result.getLong("delivered_fps")).isPositive();
	}

}
