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
		"spread.hub.outbound-buffer=64KB", "spread.hub.slow-consumer-policy=drop" })
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

		double dropped = slowConsumerDrops(this.meters) - droppedBefore;
		assertThat(dropped).isPositive();
		// the stalled client stayed connected and, reading at last, gets every frame not dropped, in order
		assertThat(stalled.readText()).startsWith("Welcome");
		int previous = -1;
		for (int n = 0; n < FRAMES - dropped; n++) {
			String frame = stalled.readText();
			int sequence = Integer.parseInt(frame.substring(0, frame.indexOf(' ')));
			assertThat(sequence).isGreaterThan(previous);
			previous = sequence;
		}
		assertThat(this.hub.clientCount()).isEqualTo(3);
	}

}
