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
import org.junit.jupiter.api.Test;

import static io.spread.support.AppProcess.EXIT_WITHIN;
import static io.spread.support.AppProcess.exitOf;
import static io.spread.support.AppProcess.start;
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
