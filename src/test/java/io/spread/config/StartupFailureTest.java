package io.spread.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.spread.SpreadApplication;
import io.spread.support.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start-up fails fast, with Spring Boot's failure report naming the setting, and a non-zero exit: a real process
 * each time, because the exit code and the report on the console are what is under test.
 */
class StartupFailureTest {

	private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

	@Test
	void portInUseExitsNonZeroNamingThePortAndTheKey() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			Run run = exitOf(Map.of(), "--spread.tcp.port=" + port);
			assertThat(run.exitCode()).as(run.output()).isNotZero();
			String report = run.report();
			assertThat(report).contains("TCP port " + port + " (spread.tcp.port) on 127.0.0.1 is already in use.")
				.contains("set spread.tcp.port to a free port")
				.doesNotContain("\tat ");
		}
	}

	@Test
	void unknownKeyOnTheCommandLineExitsNonZeroSuggestingTheKnownOne() throws Exception {
		Run run = exitOf(Map.of(), "--spread.tcp.prot=9000");
		assertThat(run.exitCode()).as(run.output()).isNotZero();
		assertThat(run.report()).contains("spread.tcp.prot").contains("Did you mean spread.tcp.port?");
	}

	@Test
	void unknownKeyInTheEnvironmentExitsNonZeroInEveryMode() throws Exception {
		Run run = exitOf(Map.of("SPREAD_TCP_PROT", "1"), "--spread.mode=client");
		assertThat(run.exitCode()).as(run.output()).isNotZero();
		assertThat(run.report()).contains("SPREAD_TCP_PROT").contains("Did you mean SPREAD_TCP_PORT (spread.tcp.port)?");
	}

	@Test
	void badEnumValueListsTheValuesAsUsersWriteThem() throws Exception {
		Run run = exitOf(Map.of(), "--spread.tcp.framing=bogus");
		assertThat(run.exitCode()).as(run.output()).isNotZero();
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

	/**
	 * Runs the application until it exits, with the test's host and web settings and extra arguments. On the test
	 * class path {@code logback-test.xml} logs warnings and errors only: the failure report is an error.
	 */
	private static Run exitOf(Map<String, String> environment, String... arguments) throws Exception {
		Path log = Files.createTempFile("spread-startup", ".log");
		Process process = start(environment, log, arguments);
		try {
			boolean exited = process.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS);
			String output = Files.readString(log);
			assertThat(exited).as("exited within %s; output:%n%s", EXIT_WITHIN, output).isTrue();
			return new Run(process.exitValue(), output);
		}
		finally {
			process.destroyForcibly();
			Files.deleteIfExists(log);
		}
	}

	private static Process start(Map<String, String> environment, Path log, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), SpreadApplication.class.getName(),
				"--spread.tcp.host=127.0.0.1", "--server.port=0"));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().keySet().removeIf((name) -> name.toUpperCase().startsWith("SPREAD_"));
		builder.environment().putAll(environment);
		return builder.start();
	}

	private record Run(int exitCode, String output) {

		/** Spring Boot's failure report: from its banner to the end. */
		String report() {
			int start = this.output.indexOf("APPLICATION FAILED TO START");
			assertThat(start).as("failure report in:%n%s", this.output).isNotNegative();
			return this.output.substring(start);
		}

	}

}
