package io.spread.robustness;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression: the idle timeout counted only frames received, so it also closed healthy clients that only listen.
 * Idle means no traffic either way. (Keepalive on accepted sockets is checked by {@code io.spread.hub.KeepAliveTest},
 * which needs the registry's package-private view of a session's connection.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.hub.idle-timeout=1s" })
class KeepAliveAndIdleTest extends HubTestSupport {

	private static final Duration TALK = Duration.ofMillis(3_500);

	private static final Duration TICK = Duration.ofMillis(200);

	private static final Duration CLOSE_WITHIN = Duration.ofSeconds(3);

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void aClientThatOnlyListensStaysWhileFramesReachItAndSilentClientsAreClosed() throws Exception {
		TestClient listener = connectWelcomed();
		TestClient talker = connectWelcomed();
		awaitClientCount(2);

		ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger sent = new AtomicInteger();
		long started = System.nanoTime();
		int received = 0;
		try {
			ticks.scheduleAtFixedRate(() -> talker.sendFrame("tick " + sent.getAndIncrement()), 0, TICK.toMillis(),
					TimeUnit.MILLISECONDS);
			// three and a half idle timeouts: the listener never sends, yet hears a frame every 200 ms
			while (System.nanoTime() - started < TALK.toNanos()) {
				Optional<String> frame = listener.readTextWithin(Duration.ofSeconds(1));
				long at = (System.nanoTime() - started) / 1_000_000;
				assertThat(frame).as("what the listen-only client got %d ms into the talk", at)
					.contains("tick " + received);
				received++;
				assertThat(this.hub.clientCount()).as("clients %d ms into the talk", at).isEqualTo(2);
			}
		}
		finally {
			ticks.shutdownNow();
			ticks.awaitTermination(5, TimeUnit.SECONDS);
		}
		assertThat(received).isGreaterThanOrEqualTo(15);
		assertThat(talker.readTextWithin(Duration.ofMillis(50))).as("what the talker got while it talked").isEmpty();

		// all traffic stops: both are idle now, and both are closed
		long stopped = System.nanoTime();
		String last;
		while ((last = listener.readTextWithin(CLOSE_WITHIN).orElse("nothing")).startsWith("tick ")) {
			// ticks sent before the talker stopped
		}
		assertThat(last).as("the listener's last frame").isEqualTo("ERR idle-timeout");
		assertThat(talker.readTextWithin(CLOSE_WITHIN)).as("the talker's last frame").contains("ERR idle-timeout");
		assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("time from the last tick to both notices")
			.isLessThanOrEqualTo(CLOSE_WITHIN);
		listener.socket().setSoTimeout((int) CLOSE_WITHIN.toMillis());
		talker.socket().setSoTimeout((int) CLOSE_WITHIN.toMillis());
		listener.awaitClosedByServer();
		talker.awaitClosedByServer();
		awaitClientCount(0);
	}

}
