package io.spread.seeds;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.SpreadApplication;
import io.spread.codec.Framing;
import io.spread.connection.HubListener;
import io.spread.config.ListenerBindException;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The seed servers' start and stop: off by default, a port in use named by its key, graceful shutdown. */
class SeedLifecycleTest {

	private static ConfigurableApplicationContext start(String... arguments) {
		String[] common = { "--spread.tcp.port=0", "--spread.tcp.host=127.0.0.1" };
		String[] all = new String[common.length + arguments.length];
		System.arraycopy(common, 0, all, 0, common.length);
		System.arraycopy(arguments, 0, all, common.length, arguments.length);
		return new SpringApplicationBuilder(SpreadApplication.class).web(WebApplicationType.NONE).run(all);
	}

	@Test
	void neitherRunsUnlessEnabled() {
		try (ConfigurableApplicationContext hub = start()) {
			assertThat(hub.containsBean("echoListener")).isFalse();
			assertThat(hub.containsBean("timestampListener")).isFalse();
			assertThat(hub.containsBean("echoHealthIndicator")).isFalse();
			assertThat(hub.containsBean("timestampHealthIndicator")).isFalse();
		}
	}

	@Test
	void aPortInUseStopsStartUpNamingItsKey() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			int port = taken.getLocalPort();
			for (String service : new String[] { "echo", "timestamp" }) {
				ListenerBindException failure = bindFailure("--spread." + service + ".enabled=true",
						"--spread." + service + ".host=127.0.0.1", "--spread." + service + ".port=" + port);
				assertThat(failure.getListenerBeanName()).isEqualTo(service + "Listener");
				assertThat(failure.getPortKey()).isEqualTo("spread." + service + ".port");
				assertThat(failure.getPort()).isEqualTo(port);
			}
		}
	}

	@Test
	void shutdownWritesWhatIsQueuedThenClosesEveryClient() throws Exception {
		ConfigurableApplicationContext app = start("--spread.echo.enabled=true", "--spread.echo.port=0",
				"--spread.echo.host=127.0.0.1", "--spread.timestamp.enabled=true", "--spread.timestamp.port=0",
				"--spread.timestamp.host=127.0.0.1");
		try {
			HubListener echo = app.getBean("echoListener", HubListener.class);
			HubListener timestamp = app.getBean("timestampListener", HubListener.class);
			TestClient echoClient = TestClient.connect(echo.getPort(), Framing.RAW);
			TestClient timestampClient = TestClient.connect(timestamp.getPort(), Framing.LINE);
			timestampClient.sendFrame("bye");
			assertThat(timestampClient.readText()).endsWith("] bye");
			// a megabyte the echo server has read and queued, most of it still waiting for the client to read
			byte[] megabyte = new byte[1024 * 1024];
			new Random(3).nextBytes(megabyte);
			MeterRegistry meters = app.getBean(MeterRegistry.class);
			CompletableFuture.runAsync(() -> echoClient.sendRaw(megabyte));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> meters.get("spread.echo.bytes").counter().count() == megabyte.length);

			CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);

			assertThat(echoClient.readExactly(megabyte.length)).isEqualTo(megabyte);
			echoClient.awaitClosedByServer();
			timestampClient.awaitClosedByServer();
			closing.join();
			assertThat(echo.isListening()).isFalse();
			assertThat(timestamp.isListening()).isFalse();
		}
		finally {
			app.close();
		}
	}

	private static ListenerBindException bindFailure(String... arguments) {
		try {
			start(arguments).close();
		}
		catch (RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof ListenerBindException bind) {
					return bind;
				}
			}
			throw new AssertionError("start-up failed, but not for the port in use", ex);
		}
		throw new AssertionError("started on a port in use");
	}

}
