package io.spread.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.spread.SpreadApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as a real process, started the way {@code java -jar} starts it (its {@code main}, on the test
 * class path), for what only a process shows: exit codes and what it prints. Every process runs with
 * {@code --spread.tcp.host=127.0.0.1 --server.port=0}, and no {@code SPREAD_*} variable but those given.
 */
public final class AppProcess {

	public static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

	private AppProcess() {
	}

	/** Runs the application until it exits; fails the test if it does not exit within {@link #EXIT_WITHIN}. */
	public static Run exitOf(Map<String, String> environment, String... arguments) throws Exception {
		Path log = Files.createTempFile("spread-process", ".log");
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

	/** Starts the application with its output (stdout and stderr) going to {@code log}. */
	public static Process start(Map<String, String> environment, Path log, String... arguments) throws IOException {
		return builder(environment, arguments).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** Starts the application with stdout and stderr apart, and stdin a pipe the test writes to. */
	public static Process start(Path stdout, Path stderr, String... arguments) throws IOException {
		return builder(Map.of(), arguments).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
	}

	private static ProcessBuilder builder(Map<String, String> environment, String... arguments) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), SpreadApplication.class.getName(),
				"--spread.tcp.host=127.0.0.1", "--server.port=0"));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().keySet().removeIf((name) -> name.toUpperCase().startsWith("SPREAD_"));
		builder.environment().putAll(environment);
		return builder;
	}

	/** How a process ended, and everything it printed. */
	public record Run(int exitCode, String output) {

		/** Spring Boot's failure report: from its banner to the end. */
		public String report() {
			int start = this.output.indexOf("APPLICATION FAILED TO START");
			assertThat(start).as("failure report in:%n%s", this.output).isNotNegative();
			return this.output.substring(start);
		}

	}

}
