package io.spread.hub;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.spread.hub.SlowConsumerDisconnectTest.FRAMES;
import static io.spread.hub.SlowConsumerDisconnectTest.floodPastAStalledClient;
import static io.spread.hub.SlowConsumerDisconnectTest.slowConsumerDrops;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.hub.outbound-buffer=64KB",
		"spread.hub.outbound-buffer-max=64KB", "spread.hub.slow-consumer-policy=drop" })
class SlowConsumerDropTest extends HubTestSupport {

	@Autowired
	MeterRegistry meters;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void dropsAndCountsFramesForAClientThatDoesNotReadWhileAReaderGetsEveryFrame() {
		double droppedBefore = slowConsumerDrops(this.meters);

		TestClient stalled = floodPastAStalledClient(this);

		long dropped = (long) (slowConsumerDrops(this.meters) - droppedBefore);
		assertThat(dropped).isPositive();
		// the stalled client stayed connected and, reading at last, gets every frame not dropped, in order, and
		// each gap it caught up from is told with "ERR dropped <count>" where it was
		assertThat(stalled.readText()).startsWith("Welcome");
		int previous = -1;
		long told = 0;
		for (int n = 0; n < FRAMES - dropped; n++) {
			String frame = stalled.readText();
			if (frame.startsWith("ERR dropped ")) {
				told += Long.parseLong(frame.substring("ERR dropped ".length()));
				n--;
				continue;
			}
			int sequence = Integer.parseInt(frame.substring(0, frame.indexOf(' ')));
			assertThat(sequence).isGreaterThan(previous);
			previous = sequence;
		}
		// caught up: the last gap is told without waiting for another frame (regression: it came only with the next)
		while (told < dropped) {
			String frame = stalled.readText();
			assertThat(frame).startsWith("ERR dropped ");
			told += Long.parseLong(frame.substring("ERR dropped ".length()));
		}
		assertThat(told).isEqualTo(dropped);
		connectWelcomed().sendFrame("after the gap");
		assertThat(stalled.readText()).isEqualTo("after the gap");
		assertThat(this.hub.clientCount()).isEqualTo(4);
	}

}
