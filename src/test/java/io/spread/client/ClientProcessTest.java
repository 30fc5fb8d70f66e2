package io.spread.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.spread.codec.Framing;
import io.spread.support.AppProcess;
import io.spread.support.FreePorts;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client mode as a person or a daemon runs it: a real process, with stdout and stderr apart. Stdout carries the
 * frames and nothing else; the log is short lines on stderr, with reasons in words and no stack traces.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1" })
class ClientProcessTest extends HubTestSupport {

	/** The jar's logging, not the quiet one of the test class path: the log is under test here. */
	private static final String MAIN_LOGGING = "--logging.config=classpath:logback-spring.xml";

	private Process process;

	private final Path stdout = temp("out");

	private final Path stderr = temp("err");

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@AfterEach
	void stop() throws Exception {
		if (this.process != null) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		Files.deleteIfExists(this.stdout);
		Files.deleteIfExists(this.stderr);
	}

	@Test
	void stdoutCarriesOnlyFramesAndTheLogIsShortLinesOnStderr() throws Exception {
		TestClient peer = connectWelcomed();
		this.process = AppProcess.start(this.stdout, this.stderr, "--spread.mode=client", MAIN_LOGGING,
				"--spread.client.host=127.0.0.1", "--spread.client.port=" + port(),
				"--spread.client.heartbeat-interval=0");
		awaitClientCount(2);
		peer.sendFrame("hello client");
		OutputStream keyboard = this.process.getOutputStream();
		keyboard.write("hello peer\n".getBytes(StandardCharsets.UTF_8));
		keyboard.flush();
		assertThat(peer.readText()).isEqualTo("hello peer");
		await().atMost(WAIT).until(() -> Files.readString(this.stdout).contains("hello client\n"));

		keyboard.close();
		assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.process.exitValue()).isZero();
		assertThat(Files.readString(this.stdout)).as(Files.readString(this.stderr))
			.isEqualTo("Welcome to Spread Site, you are client #2!\nhello client\n");
		String log = Files.readString(this.stderr);
		assertThat(log).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d Started to connect\\.$")
			.containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d Connected\\.$")
			.doesNotContain("\tat ")
			.doesNotContain("Exception");
	}

	@Test
	void listenOnlyIgnoresInputThatHasEnded() throws Exception {
		TestClient peer = connectWelcomed();
		this.process = AppProcess.start(this.stdout, this.stderr, "--spread.mode=client", MAIN_LOGGING,
				"--spread.client.host=127.0.0.1", "--spread.client.port=" + port(),
				"--spread.client.heartbeat-interval=0", "--spread.client.listen-only=true");
		this.process.getOutputStream().close();
		awaitClientCount(2);

		peer.sendFrame("still listening");

		await().atMost(WAIT).until(() -> Files.readString(this.stdout).contains("still listening\n"));
		assertThat(this.process.isAlive()).isTrue();
	}

	/** Regression: the hub down at start printed exception names and stack traces, and Ctrl-D waited silently. */
	@Test
	void aHubThatIsDownIsReportedInWordsAndGiveUpOnEofLeavesAtOnce() throws Exception {
		int nobody = FreePorts.next();
		this.process = AppProcess.start(this.stdout, this.stderr, "--spread.mode=client", MAIN_LOGGING,
				"--spread.client.host=127.0.0.1", "--spread.client.port=" + nobody,
				"--spread.client.give-up-on-eof=true");
		await().atMost(WAIT).until(() -> Files.readString(this.stderr).contains("Connection failed"));
		OutputStream keyboard = this.process.getOutputStream();
		keyboard.write("nobody will get this\n".getBytes(StandardCharsets.UTF_8));
		keyboard.close();

		assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.process.exitValue()).isEqualTo(1);
		assertThat(Files.readString(this.stdout)).isEmpty();
		assertThat(Files.readString(this.stderr))
			.contains("Connection failed. Reason: no hub at 127.0.0.1:" + nobody + " (connection refused)")
			.contains("1 typed line(s) not sent")
			.doesNotContain("\tat ")
			.doesNotContain("Exception");
	}

	private static Path temp(String suffix) {
		try {
			return Files.createTempFile("spread-client", "." + suffix);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
