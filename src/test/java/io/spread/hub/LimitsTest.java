package io.spread.hub;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=0.0.0.0",
		"spread.hub.max-connections-per-address=2", "spread.hub.rate-limit.frames-per-second=20",
		"spread.hub.rate-limit.burst=10", "spread.hub.rate-limit.disconnect-after=50" })
class LimitsTest extends HubTestSupport {

	@Autowired
	MeterRegistry meters;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	/** Connects from another loopback address, so the per-address limit counts it apart. */
	private static Consumer<Socket> from(String address) {
		return socket -> {
			try {
				socket.bind(new InetSocketAddress(address, 0));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	private TestClient connectWelcomedFrom(String address) {
		TestClient client = connect(from(address));
		assertThat(client.readText()).startsWith("Welcome");
		return client;
	}

	@Test
	void refusesAThirdConnectionFromOneAddressButNotFromAnother() {
		TestClient first = connectWelcomedFrom("127.0.0.2");
		connectWelcomedFrom("127.0.0.2");

		TestClient third = connect(from("127.0.0.2"));
		assertThat(third.readText()).isEqualTo("ERR too-many-connections-from-address");
		third.awaitClosedByServer();

		TestClient elsewhere = connectWelcomedFrom("127.0.0.3");
		first.sendFrame("still relayed");
		assertThat(elsewhere.readText()).isEqualTo("still relayed");
		assertThat(this.hub.clientCount()).isEqualTo(3);
	}

	@Test
	void dropsFramesOverTheRateAndClosesAPersistentFlooder() {
		TestClient flooder = connectWelcomedFrom("127.0.0.4");
		TestClient polite = connectWelcomedFrom("127.0.0.5");
		TestClient receiver = connectWelcomedFrom("127.0.0.6");
		double droppedBefore = this.meters.get("spread.frames.dropped").tag("reason", "rate-limited").counter().count();

		StringBuilder flood = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			flood.append("flood ").append(i).append('\n');
		}
		flooder.sendRaw(flood.toString().getBytes());

		assertThat(flooder.readText()).isEqualTo("ERR rate-limit");
		flooder.awaitClosedByServer();
		assertThat(this.meters.get("spread.frames.dropped").tag("reason", "rate-limited").counter().count())
			.isGreaterThanOrEqualTo(droppedBefore + 50);
		// the burst got through, in order; then the polite client is relayed as usual
		int relayed = 0;
		String frame;
		while ((frame = receiver.readText()).startsWith("flood ")) {
			assertThat(frame).isEqualTo("flood " + relayed++);
			polite.sendFrame("polite");
		}
		assertThat(relayed).isBetween(10, 50);
		assertThat(frame).isEqualTo("polite");
	}

}
