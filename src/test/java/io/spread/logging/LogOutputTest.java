package io.spread.logging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.spread.codec.Framing;
import io.spread.support.AppProcess;
import io.spread.support.FreePorts;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the hub's log looks like to an operator, in a real process with the jar's logging: one start-up line that
 * names the listener and the HTTP port, none of the framework's lifecycle chatter, one line per connect and per
 * disconnect, and the same as JSON when structured logging is switched on.
 */
class LogOutputTest {

	private static final String MAIN_LOGGING = "--logging.config=classpath:logback-spring.xml";

	@Test
	void oneReadyLineAndOneLinePerConnectAndDisconnect() throws Exception {
		List<String> lines = runHubWithThreeClients();

		assertThat(lines).filteredOn(line -> line.contains("Spread hub ready: clients on 127.0.0.1:"))
			.singleElement()
			.asString()
			.matches(".*Spread hub ready: clients on 127\\.0\\.0\\.1:\\d+ \\(line framing\\), "
					+ "gateway on \\S+:\\d+ \\(line framing\\), HTTP \\(actuator, console\\) on port \\d+");
		assertThat(lines).noneMatch(line -> line.contains("started bean") || line.contains("Tomcat"));
		assertThat(lines).filteredOn(line -> line.contains("new connect: ")).hasSize(3);
		assertThat(lines).filteredOn(line -> line.contains("lost connect: ")).hasSize(3)
			.allMatch(line -> line.matches(".*lost connect: \\d \\(c\\d from 127\\.0\\.0\\.1:\\d+, client, after [0-9.]+m?s, \\d frames in, \\d out\\)"));
	}

	/** Regression: with the actuator on a port of its own, the ready line still called the HTTP port the actuator's. */
	@Test
	void theReadyLineNamesTheActuatorsOwnPort() throws Exception {
		int management = FreePorts.next();
		List<String> lines = runHubWithThreeClients("--management.server.port=" + management);

		assertThat(lines).filteredOn(line -> line.contains("Spread hub ready: "))
			.singleElement()
			.asString()
			.matches(".*, HTTP \\(console\\) on port \\d+, actuator on port " + management);
	}

	@Test
	void structuredLoggingWritesOneJsonObjectPerLine() throws Exception {
		List<String> lines = runHubWithThreeClients("--logging.structured.format.console=ecs");

		ObjectMapper json = new ObjectMapper();
		long connects = 0;
		for (String line : lines) {
			JsonNode entry = json.readTree(line);
			assertThat(entry.path("message").isTextual()).as(line).isTrue();
			if (entry.path("message").asText().startsWith("new connect: ")) {
				connects++;
				assertThat(entry.path("log").path("logger").asText()).isEqualTo("io.spread.clients");
			}
		}
		assertThat(connects).isEqualTo(3);
	}

	/** Starts a hub, connects and closes three clients, stops the hub; returns the lines it logged. */
	private static List<String> runHubWithThreeClients(String... extra) throws Exception {
		int port = FreePorts.next();
		Path log = Files.createTempFile("spread-log", ".log");
		String[] arguments = new String[extra.length + 2];
		arguments[0] = MAIN_LOGGING;
		arguments[1] = "--spread.tcp.port=" + port;
		System.arraycopy(extra, 0, arguments, 2, extra.length);
		Process hub = AppProcess.start(Map.of(), log, arguments);
		try {
			await().atMost(AppProcess.EXIT_WITHIN).until(() -> Files.readString(log).contains("Spread hub ready"));
			for (int i = 0; i < 3; i++) {
				try (TestClient client = TestClient.connect(port, Framing.LINE)) {
					client.readText();
				}
			}
			await().atMost(AppProcess.EXIT_WITHIN)
				.until(() -> Files.readString(log).split("lost connect: ", -1).length == 4);
			return Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
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
