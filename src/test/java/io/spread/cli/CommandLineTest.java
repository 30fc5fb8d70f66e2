package io.spread.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import io.spread.SpreadMode;
import io.spread.config.SettingsCatalog;
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

	/** The hub's help lists the settings of all its parts: gateway, history and WebSocket clients too. */
	@Test
	void helpListsTheHubsSettingsOfEveryPart() {
		assertThat(help(SpreadMode.SERVER)).contains("--spread.gateway.port=8008")
			.contains("--spread.gateway.framing=line")
			.contains("--spread.history.size=1000")
			.contains("--spread.websocket.enabled=true")
			.contains("--spread.websocket.allowed-origins")
			.contains("--spread.admin.token")
			.contains("--spread.auth.jwt.secret")
			.contains("--spread.cluster.enabled=false")
			.contains("--spread.echo.enabled")
			.contains("--spread.timestamp.enabled");
	}

	/** Every documented setting is in some mode's help: a new group of settings needs its mode's list. */
	@Test
	void helpListsEverySettingInSomeMode() {
		String all = Arrays.stream(SpreadMode.values()).map(CommandLineTest::help).collect(Collectors.joining());

		assertThat(SettingsCatalog.under("spread", getClass().getClassLoader())).isNotEmpty()
			.allSatisfy((setting) -> assertThat(all).contains("--" + setting.key()));
	}

	private static String help(SpreadMode mode) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CommandLine.of(new String[] { "--spread.mode=" + mode.name().toLowerCase() })
			.printHelp(new PrintStream(out, true, StandardCharsets.UTF_8));
		return out.toString(StandardCharsets.UTF_8);
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
