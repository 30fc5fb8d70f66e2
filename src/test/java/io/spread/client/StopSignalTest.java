package io.spread.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.spread.support.AppProcess;
import io.spread.support.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM ({@link Process#destroy()}) on client and logger modes, which are still in {@code SpringApplication.run}
 * while they run, as systemd stops them: a graceful stop that exits 0, saying it stops and nothing about a lost
 * connection or a reconnect. Regression: they ended with the JVM's 143, after {@code Lost connection},
 * {@code Reconnecting in ...} and a warning that the {@code TcpConnectionCloseEvent} could not be published. The hub
 * is a plain server socket that accepts and stays silent.
 */
class StopSignalTest {

	/** The jar's logging, not the quiet one of the test class path: the log is under test here. */
	private static final String MAIN_LOGGING = "--logging.config=classpath:logback-spring.xml";

	@TempDir
	Path directory;

	private ServerSocket hub;

	private final List<Socket> accepted = new ArrayList<>();

	private Process process;

	@AfterEach
	void stop() throws Exception {
		if (this.process != null) {
			this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		if (this.hub != null) {
			this.hub.close();
		}
		synchronized (this.accepted) {
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}
	}

	@Test
	void aConnectedClientStopsWithExitZeroAndNoReconnect() throws Exception {
		int port = startHub();
		String log = runUntilStopped("Connected.", "--spread.mode=client", "--spread.client.port=" + port,
				"--spread.client.listen-only=true");

		assertStoppedQuietly(log);
	}

	@Test
	void aClientWaitingToReconnectStopsWithExitZero() throws Exception {
		int nobody = FreePorts.next();
		String log = runUntilStopped("Reconnecting in", "--spread.mode=client", "--spread.client.port=" + nobody,
				"--spread.client.listen-only=true");

		assertStoppedQuietly(log);
	}

	@Test
	void aConnectedLogBotStopsWithExitZeroAndWritesItsDisconnect() throws Exception {
		int port = startHub();
		String log = runUntilStopped("Connected.", "--spread.mode=logger", "--spread.client.port=" + port,
				"--spread.logger.directory=" + this.directory);

		assertStoppedQuietly(log);
		assertThat(Files.readAllLines(this.directory.resolve("relay.log"))).last()
			.asString()
			.startsWith("[disconnected at ");
	}

	/** Starts the process, waits for {@code ready} in its log, sends SIGTERM and returns the log from then on. */
	private String runUntilStopped(String ready, String... arguments) throws Exception {
		Path stdout = this.directory.resolve("stdout");
		Path stderr = this.directory.resolve("stderr");
		List<String> all = new ArrayList<>(List.of(MAIN_LOGGING, "--spread.client.host=127.0.0.1",
				"--spread.client.heartbeat-interval=0", "--spread.client.reconnect.initial-delay=1m"));
		all.addAll(List.of(arguments));
		this.process = AppProcess.start(stdout, stderr, all.toArray(String[]::new));
		await().atMost(AppProcess.EXIT_WITHIN).until(() -> Files.readString(stderr).contains(ready));
		int before = Files.readString(stderr).length();

		this.process.destroy();

		assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(stderr)).isTrue();
		String log = Files.readString(stderr);
		assertThat(this.process.exitValue()).as("exit code; log:%n%s", log).isZero();
		return log.substring(before);
	}

	private static void assertStoppedQuietly(String log) {
		assertThat(log).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d Stopping\\.$")
			.doesNotContain("Lost connection")
			.doesNotContain("Reconnecting")
			.doesNotContain("Failed to publish")
			.doesNotContain("Exception");
	}

	/** A hub that accepts connections and says nothing. */
	private int startHub() throws IOException {
		this.hub = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			try {
				while (true) {
					Socket socket = this.hub.accept();
					synchronized (this.accepted) {
						this.accepted.add(socket);
					}
				}
			}
			catch (IOException ex) {
				// closed at the end of the test
			}
		}, "stop-signal-test-hub");
		acceptor.setDaemon(true);
		acceptor.start();
		return this.hub.getLocalPort();
	}

}
