package io.spread.hub;

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
 * enough of them ran the hub out of memory. Unfinished frames now count against the hub's memory budget; over it,
 * the hub stops reading from the clients that hold one, keeps serving the others, and resumes when memory frees.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.hub.memory-budget=8MB", "spread.tcp.max-frame-size=64KB" })
class PartialFrameMemoryTest extends HubTestSupport {

	static final int HOLDERS = 300;

	static final int PARTIAL = 64_000;

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
		byte[] partial = "a".repeat(PARTIAL).getBytes();
		for (int i = 0; i < HOLDERS; i++) {
			TestClient holder = connectWelcomed();
			holder.sendRaw(partial);
			holders.add(holder);
		}
		// 300 x 64,000 bytes would be 19 MB; the hub holds its 8 MB budget, plus at most one small read per client
		await().atMost(WAIT).until(() -> readsPaused() > 0);
		assertThat(this.budget.partialInputBytes()).isLessThanOrEqualTo(10L << 20);

		talker.sendFrame("still served");
		assertThat(listener.readText()).isEqualTo("still served");

		// most holders leave: memory frees, and the rest are read again and finish their frames
		holders.subList(50, HOLDERS).forEach(TestClient::close);
		for (TestClient holder : holders.subList(0, 50)) {
			holder.sendRaw("\n".getBytes());
		}
		int complete = 0;
		while (complete < 50) {
			String frame = listener.readText();
			if (frame.length() == PARTIAL) {
				complete++;
			}
		}
		await().atMost(WAIT).until(() -> this.budget.partialInputBytes() == 0);
	}

	private double readsPaused() {
		return this.meters.get("spread.reads.paused").counter().count();
	}

}
