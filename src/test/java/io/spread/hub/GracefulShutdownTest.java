package io.spread.hub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.spread.SpreadApplication;
import io.spread.codec.Framing;
import io.spread.support.FreePorts;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SIGTERM on a real hub process with connected clients. */
class GracefulShutdownTest {

	@Test
	void sigtermSendsAFinalNoticeDrainsAndExitsZero() throws Exception {
		int tcpPort = FreePorts.next();
		int httpPort = FreePorts.next();
		Path log = Files.createTempFile("spread-hub", ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process hub = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				SpreadApplication.class.getName(), "--spread.tcp.host=127.0.0.1", "--spread.tcp.port=" + tcpPort,
				"--server.port=" + httpPort, "--logging.level.io.spread=info")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			HttpClient http = HttpClient.newHttpClient();
			HttpRequest readiness = HttpRequest.newBuilder(
					URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness")).build();
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
				.until(() -> http.send(readiness, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
			TestClient first = TestClient.connect(tcpPort, Framing.LINE);
			TestClient second = TestClient.connect(tcpPort, Framing.LINE);
			assertThat(first.readText()).startsWith("Welcome");
			assertThat(second.readText()).startsWith("Welcome");
			second.sendFrame("relayed before the end");
			assertThat(first.readText()).isEqualTo("relayed before the end");

			hub.destroy(); // SIGTERM

			assertThat(first.readText()).isEqualTo("ERR server-shutting-down");
			assertThat(second.readText()).isEqualTo("ERR server-shutting-down");
			first.awaitClosedByServer();
			second.awaitClosedByServer();
			assertThat(hub.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(hub.exitValue()).as("exit code; log in %s", log).isZero();
			assertThat(Files.readString(log)).contains("Shutting down: 2 clients").contains("Hub drained");
		}
		finally {
			hub.destroyForcibly();
		}
	}


}
