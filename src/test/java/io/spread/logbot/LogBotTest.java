package io.spread.logbot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.spread.SpreadApplication;
import io.spread.codec.Framing;
import io.spread.support.AppProcess;
import io.spread.support.FreePorts;
import io.spread.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The log bot as it runs: a real process ({@code spread.mode=logger}) against a hub, writing what it hears to its
 * file, reconnecting when the hub comes back, and losing no line it wrote when it is killed.
 */
class LogBotTest {

	@TempDir
	Path directory;

	private Process bot;

	private ConfigurableApplicationContext hub;

	@AfterEach
	void stop() throws Exception {
		if (this.bot != null) {
			this.bot.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		if (this.hub != null) {
			this.hub.close();
		}
	}

	@Test
	void writesWhatItHearsAndTheConnectionsOfItsLifeAcrossAHubRestart() throws Exception {
		int port = FreePorts.next();
		this.hub = startHub(port);
		this.bot = startBot(port);
		Path relay = this.directory.resolve("relay.log");
		await().atMost(AppProcess.EXIT_WITHIN).until(() -> lines(relay).stream().anyMatch(l -> l.startsWith("[connected at ")));

		try (TestClient person = TestClient.connect(port, Framing.LINE)) {
			person.readText();
			person.sendFrame("hello, anyone there?");
			await().atMost(AppProcess.EXIT_WITHIN).until(() -> lines(relay).stream()
				.anyMatch(line -> line.matches("\\[\\d\\d:\\d\\d:\\d\\d\\] hello, anyone there\\?")));
		}

		this.hub.close();
		this.hub = startHub(port);
		await().atMost(AppProcess.EXIT_WITHIN).until(() -> lines(relay).stream().filter(l -> l.contains("] Welcome")).count() == 2);

		List<String> lines = lines(relay);
		assertThat(lines.get(0)).matches("\\[connected at \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\\]");
		assertThat(lines).extracting(line -> line.replaceAll(" at .*", "").replaceAll("^\\[\\d\\d:\\d\\d:\\d\\d\\] ", ""))
			.containsSubsequence("[connected", "Welcome to Spread Site, you are client #1!", "hello, anyone there?",
					"ERR server-shutting-down", "[disconnected", "[connected",
					"Welcome to Spread Site, you are client #1!");
	}

	/** Each line is on disk as soon as it is written: a SIGKILL in mid-stream leaves whole lines, in order. */
	@Test
	void losesNoLineWhenKilled() throws Exception {
		int port = FreePorts.next();
		this.hub = startHub(port);
		this.bot = startBot(port);
		Path relay = this.directory.resolve("relay.log");
		await().atMost(AppProcess.EXIT_WITHIN).until(() -> Files.exists(relay) && !lines(relay).isEmpty());

		try (TestClient person = TestClient.connect(port, Framing.LINE)) {
			person.readText();
			StringBuilder burst = new StringBuilder();
			for (int i = 0; i < 2000; i++) {
				burst.append("line ").append(i).append('\n');
			}
			person.sendRaw(burst.toString().getBytes());
			await().atMost(AppProcess.EXIT_WITHIN).until(() -> lines(relay).stream().anyMatch(l -> l.endsWith(" line 500")));
			this.bot.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}

		List<String> heard = lines(relay).stream().filter(line -> line.contains(" line ")).toList();
		assertThat(heard.size()).isGreaterThan(500);
		for (int i = 0; i < heard.size(); i++) {
			assertThat(heard.get(i)).matches("\\[\\d\\d:\\d\\d:\\d\\d\\] line " + i);
		}
		assertThat(Files.readString(relay)).endsWith("\n");
	}

	private Process startBot(int port) throws Exception {
		return AppProcess.start(Map.of(), this.directory.resolve("bot.out"), "--spread.mode=logger",
				"--spread.client.host=127.0.0.1", "--spread.client.port=" + port,
				"--spread.client.reconnect.initial-delay=100ms", "--spread.client.reconnect.factor=1",
				"--spread.client.reconnect.jitter=0", "--spread.logger.directory=" + this.directory);
	}

	private static ConfigurableApplicationContext startHub(int port) {
		return new SpringApplicationBuilder(SpreadApplication.class).web(WebApplicationType.NONE)
			.run("--spread.tcp.host=127.0.0.1", "--spread.tcp.port=" + port);
	}

	private static List<String> lines(Path file) throws Exception {
		return Files.exists(file) ? Files.readAllLines(file) : List.of();
	}

}
