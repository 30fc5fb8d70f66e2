package io.spread.cli;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import io.spread.support.AppProcess.Run;
import org.junit.jupiter.api.Test;

import static io.spread.support.AppProcess.exitOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The jar's command line, in a real process each time: what it prints and its exit code. */
class CommandLineTest {

	@Test
	void versionNamesSpreadAndWhatItRunsOn() throws Exception {
		Run run = exitOf(Map.of(), "--version");

		assertThat(run.exitCode()).isZero();
		assertThat(run.output().strip()).matches("spread \\S+.* \\(Spring Boot 4\\.1\\.\\d+, Spring Integration 7\\.1\\.\\d+, Java 17.*\\)")
			.doesNotContain("Started");
	}

	@Test
	void helpListsEachModesSettingsWithTheirDefaults() throws Exception {
		Run hub = exitOf(Map.of(), "--help");
		Run client = exitOf(Map.of(), "--spread.mode=client", "-h");

		assertThat(hub.exitCode()).isZero();
		assertThat(hub.output()).contains("Usage: java -jar spread.jar")
			.contains("--spread.tcp.port=8007")
			.contains("--spread.hub.outbound-buffer=8MB")
			.contains("--spread.hub.slow-consumer-policy=disconnect")
			.contains("--check-config")
			.doesNotContain("--spread.client.")
			.doesNotContain("Started");
		assertThat(client.exitCode()).isZero();
		assertThat(client.output()).contains("spread.mode=client")
			.contains("--spread.client.heartbeat-interval=5s")
			.doesNotContain("--spread.hub.");
	}

	/** The port stays held by the test: a check that bound anything would fail. */
	@Test
	void checkConfigValidatesWithoutBindingAnything() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Run good = exitOf(Map.of(), "--check-config", "--spread.tcp.port=" + taken.getLocalPort(),
					"--spread.tcp.framing=length-prefixed");
			Run bad = exitOf(Map.of(), "-t", "--spread.tcp.port=" + taken.getLocalPort(),
					"--spread.hub.slow-consumer-policy=ignore");

			assertThat(good.exitCode()).as(good.output()).isZero();
			assertThat(good.output()).contains("Configuration OK for spread.mode=server").doesNotContain("ready");
			assertThat(bad.exitCode()).as(bad.output()).isEqualTo(2);
			assertThat(bad.report()).contains("spread.hub.slow-consumer-policy").contains("disconnect, drop");
		}
	}

}
