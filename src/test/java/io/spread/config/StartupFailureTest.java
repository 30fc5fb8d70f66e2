package io.spread.config;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.spread.support.AppProcess.Run;
import io.spread.support.FreePorts;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static io.spread.support.AppProcess.EXIT_WITHIN;
import static io.spread.support.AppProcess.exitOf;
import static io.spread.support.AppProcess.start;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start-up fails fast, with Spring Boot's failure report naming the setting, and a non-zero exit: a real process
 * each time, because the exit code and the report on the console are what is under test.
 */
class StartupFailureTest {

	@Test
	void portInUseExitsNonZeroNamingThePortAndTheKey() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			Run run = exitOf(Map.of(), "--spread.tcp.port=" + port);
			assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
			String report = run.report();
			assertThat(report).contains("TCP port " + port + " (spread.tcp.port) on 127.0.0.1 is already in use.")
				.contains("set spread.tcp.port to a free port")
				.doesNotContain("\tat ");
		}
	}

	/** The report is all: the listener is never started, so Spring Integration logs no bind failure of its own. */
	@Test
	void portInUseIsReportedOnceWithNoErrorLoggedByTheListener() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			Run run = exitOf(Map.of(), "--spread.tcp.port=" + port);
			assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
			assertOnlyTheReport(run, "TCP port " + port + " (spread.tcp.port) on 127.0.0.1 is already in use.");
		}
	}

	/** A listener's SSL bundle that is not defined stops start-up with one message naming the setting. */
	@Test
	void anUndefinedSslBundleExitsNonZeroNamingTheSetting() throws Exception {
		Run run = exitOf(Map.of(), "--spread.tcp.port=0", "--spread.gateway.port=0", "--spread.tcp.ssl.bundle=nope");
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.report()).contains("Invalid value for spread.tcp.ssl.bundle:")
			.contains("Reason: there is no SSL bundle named 'nope'")
			.contains("set spread.tcp.ssl.bundle to one that is defined")
			.doesNotContain("\tat ");
	}

	/** Every listener is probed alike, here the echo server's next to the hub's. */
	@Test
	void anotherListenersPortInUseIsReportedTheSameWay() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			Run run = exitOf(Map.of(), "--spread.tcp.port=" + FreePorts.next(), "--spread.echo.enabled=true",
					"--spread.echo.host=127.0.0.1", "--spread.echo.port=" + port);
			assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
			assertOnlyTheReport(run, "TCP port " + port + " (spread.echo.port) on 127.0.0.1 is already in use.");
		}
	}

	private static void assertOnlyTheReport(Run run, String description) {
		assertThat(run.report()).as(run.output()).contains(description);
		assertThat(run.output()).as(run.output())
			.doesNotContain("\tat ")
			.doesNotContain("BindException")
			.doesNotContain("Error on ServerChannel")
			// the context's own warning and the hint about the condition report came before the report
			.doesNotContain("Exception encountered during context initialization")
			.doesNotContain("condition evaluation report");
		assertThat(run.output().lines().filter((line) -> line.matches("\\S+\\s+ERROR .*")))
			.as(run.output())
			.singleElement(as(InstanceOfAssertFactories.STRING))
			.contains("LoggingFailureAnalysisReporter");
		assertThat(run.output().split("already in use", -1)).as(run.output()).hasSize(2);
	}

	@Test
	void unknownKeyOnTheCommandLineExitsNonZeroSuggestingTheKnownOne() throws Exception {
		Run run = exitOf(Map.of(), "--spread.tcp.prot=9000");
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.report()).contains("spread.tcp.prot").contains("Did you mean spread.tcp.port?");
	}

	@Test
	void unknownKeyInTheEnvironmentExitsNonZeroInEveryMode() throws Exception {
		Run run = exitOf(Map.of("SPREAD_TCP_PROT", "1"), "--spread.mode=client");
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.report()).contains("SPREAD_TCP_PROT").contains("Did you mean SPREAD_TCP_PORT (spread.tcp.port)?");
	}

	@Test
	void badEnumValueListsTheValuesAsUsersWriteThem() throws Exception {
		Run run = exitOf(Map.of(), "--spread.tcp.framing=bogus");
		assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
		assertThat(run.report()).contains("spread.tcp.framing")
			.contains("\"bogus\"")
			.contains("line, length-prefixed, raw")
			.doesNotContain("LENGTH_PREFIXED");
	}

	@Test
	void validKeysFromTheEnvironmentAndTheCommandLineStart() throws Exception {
		Path log = Files.createTempFile("spread-startup", ".log");
		Process hub = start(Map.of("SPREAD_HUB_OUTBOUND_BUFFER", "2MB", "SPREAD_HUB_IDLE_TIMEOUT", "0s"), log,
				"--spread.tcp.port=" + FreePorts.next(), "--spread.tcp.framing=length-prefixed",
				"--spread.hub.max-connections=50", "--logging.level.io.spread=info");
		try {
			await().atMost(EXIT_WITHIN)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> Files.readString(log).contains("Started SpreadApplication") || !hub.isAlive());
			assertThat(Files.readString(log)).contains("Started SpreadApplication")
				.doesNotContain("APPLICATION FAILED TO START");
		}
		finally {
			hub.destroy();
			if (!hub.waitFor(30, TimeUnit.SECONDS)) {
				hub.destroyForcibly();
			}
			Files.deleteIfExists(log);
		}
	}

}
