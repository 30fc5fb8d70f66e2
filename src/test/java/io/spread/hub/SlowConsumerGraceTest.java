package io.spread.hub;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.spread.hub.SlowConsumerDisconnectTest.PADDING;
import static io.spread.hub.SlowConsumerDisconnectTest.setReceiveBuffer;
import static io.spread.hub.SlowConsumerDisconnectTest.slowConsumerDrops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The soft limit: a client may stay above outbound-buffer only for slow-consumer-grace. A client that stopped
 * reading is cut once the grace is over, far below the hard limit; one that reads stays.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.hub.outbound-buffer=64KB", "spread.hub.outbound-buffer-max=64MB", "spread.hub.slow-consumer-grace=300ms" })
class SlowConsumerGraceTest extends HubTestSupport {

	@Autowired
	MeterRegistry meters;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void cutsAClientThatStaysOverTheSoftLimitPastTheGrace() {
		double droppedBefore = slowConsumerDrops(this.meters);
		TestClient stalled = connect(socket -> setReceiveBuffer(socket, 4096));
		TestClient reader = connectWelcomed();
		TestClient sender = connectWelcomed();
		long start = System.nanoTime();

		// past what the kernel buffers for the stalled client (a few MB), its queue passes 64 KB and sits there
		int[] sent = { 0 };
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
			for (int i = 0; i < 64; i++) {
				sender.sendFrame(sent[0] + " " + PADDING);
				assertThat(reader.readText()).isEqualTo(sent[0] + " " + PADDING);
				sent[0]++;
			}
			return this.hub.clientCount() == 2;
		});

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat((long) sent[0] * PADDING.length()).as("far below the 64 MB hard limit").isLessThan(32L << 20);
		assertThat(slowConsumerDrops(this.meters)).isGreaterThan(droppedBefore);
		stalled.awaitClosedByServer();
	}

}
