package io.spread.hub;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.connection.MemoryBudget;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression: every connection holding an unfinished frame just under max-frame-size cost about 187 KB of heap, and
 * enough of them ran the hub out of memory; a first fix still let throttled holders creep past the budget a byte at
 * a time. Unfinished frames now count against the hub's memory budget; over it, the hub stops reading from the
 * clients that hold one and keeps serving the others; a holder still stopped after the grace period is closed with
 * {@code ERR server-busy}, largest first, which frees memory so the rest are read again.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.hub.memory-budget=8MB", "spread.tcp.max-frame-size=64KB", "spread.hub.slow-consumer-grace=4s" })
class PartialFrameMemoryTest extends HubTestSupport {

	static final int HOLDERS = 300;

	static final int PARTIAL = 64_000;

	/** 300 holders with 65,000 bytes each would be 19.5 MB; allowed: the budget, plus one small read per client. */
	static final long BOUND = 8L * 1024 * 1024 + HOLDERS * 8 * 1024;

	@Autowired
	MemoryBudget budget;

	@Autowired
	MeterRegistry meters;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void unfinishedFramesStayWithinTheBudgetAndOthersAreServed() {
		TestClient listener = connectWelcomed();
		TestClient talker = connectWelcomed();
		List<TestClient> holders = new ArrayList<>();
		for (int i = 0; i < HOLDERS; i++) {
			TestClient holder = connectWelcomed();
			// the first holder holds the most, so it is the first the hub gives up on
			holder.sendRaw("a".repeat((i == 0) ? PARTIAL + 1_500 : PARTIAL).getBytes());
			holders.add(holder);
		}
		await().atMost(WAIT).until(() -> readsPaused() > 0);

		// every holder keeps adding to its frame, a few bytes at a time: the budget holds all along
		for (int round = 0; round < 10; round++) {
			for (TestClient holder : holders.subList(1, HOLDERS)) {
				holder.sendRaw("b".repeat(100).getBytes());
			}
		}
		await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> this.budget.partialInputBytes() <= BOUND);

		talker.sendFrame("still served");
		assertThat(listener.readText()).isEqualTo("still served");

		// after the grace period the largest holder is closed, and it is told why
		assertThat(framesUntilClosed(holders.get(0))).endsWith("ERR server-busy");
		await().atMost(WAIT).until(() -> closedForLimits() > 0);

		// most holders leave: memory frees, the hang-ups are noticed, and the rest finish their frames
		holders.subList(50, HOLDERS).forEach(TestClient::close);
		for (TestClient holder : holders.subList(1, 50)) {
			try {
				holder.sendRaw("\n".getBytes());
			}
			catch (UncheckedIOException ex) {
				// the hub closed this one for holding too much
			}
		}
		await().atMost(WAIT).until(() -> this.budget.partialInputBytes() == 0);
		int survivors = this.hub.clientCount() - 2;
		int complete = 0;
		while (complete < survivors) {
			if (listener.readText().length() == PARTIAL + 1_000) {
				complete++;
			}
		}
		assertThat(survivors).as("holders that finished their frames").isPositive();
	}

	/** Reads frames until the hub closes the connection; returns them. */
	private static List<String> framesUntilClosed(TestClient client) {
		List<String> frames = new ArrayList<>();
		while (true) {
			try {
				frames.add(client.readText());
			}
			catch (UncheckedIOException ex) {
				return frames;
			}
		}
	}

	private double readsPaused() {
		return this.meters.get("spread.reads.paused").counter().count();
	}

	private double closedForLimits() {
		return this.meters.get("spread.connections.closed").tag("reason", "limit").counter().count();
	}

}
