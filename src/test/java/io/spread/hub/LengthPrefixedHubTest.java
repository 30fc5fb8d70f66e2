package io.spread.hub;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import io.spread.bench.BenchProperties;
import io.spread.bench.BenchProperties.Scenario;
import io.spread.codec.Framing;
import io.spread.support.BenchRuns;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.tcp.framing=length-prefixed", "spread.tcp.max-frame-size=1KB" })
class LengthPrefixedHubTest extends HubTestSupport {

	@Override
	protected Framing framing() {
		return Framing.LENGTH_PREFIXED;
	}

	@Test
	void welcomesInTheListenersFraming() {
		assertThat(connect().readText()).isEqualTo("Welcome to Spread Site, you are client #1!");
	}

	@Test
	void relaysPayloadsWithEveryByteValueIntact() {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();
		byte[] everyByte = new byte[256];
		for (int b = 0; b < 256; b++) {
			everyByte[b] = (byte) b;
		}

		sender.sendFrame(everyByte);
		sender.sendFrame(new byte[0]);
		sender.sendFrame("close\n".getBytes());

		assertThat(receiver.readFrame()).isEqualTo(everyByte);
		assertThat(receiver.readFrame()).isEmpty();
		// "close" plus a line end is a command in every framing; the sender is gone
		sender.awaitClosedByServer();
	}

	@Test
	void reassemblesFramesFedOneByteAtATime() {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		for (int i = 0; i < 20; i++) {
			stream.writeBytes(sender.encode(new byte[] { (byte) i, '\n', (byte) 0xFF, (byte) (255 - i) }));
		}

		sender.sendInChunks(stream.toByteArray(), 1);

		for (int i = 0; i < 20; i++) {
			assertThat(receiver.readFrame()).containsExactly((byte) i, '\n', (byte) 0xFF, (byte) (255 - i));
		}
	}

	@Test
	void acceptsAFrameOfExactlyTheLimit() {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();

		sender.sendInChunks(sender.encode(new byte[1024]), 100);

		assertThat(receiver.readFrame()).hasSize(1024);
	}

	@Test
	void closesTheSenderOfAnOversizedLengthAfterTellingIt() {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();

		// the header claims 1025 bytes; what follows must not be taken for frames
		sender.sendRaw(ByteBuffer.allocate(4).putInt(1025).array());
		sender.sendRaw(receiver.encode("smuggled".getBytes()));

		assertThat(sender.readText()).isEqualTo("ERR frame-too-large max=1024");
		sender.awaitClosedByServer();
		awaitClientCount(1);
		TestClient another = connectWelcomed();
		another.sendFrame("next");
		assertThat(receiver.readText()).isEqualTo("next");
	}

	@Test
	void carriesTheLoadToolsFanout() {
		BenchProperties settings = BenchRuns.settings(Scenario.FANOUT, Framing.LENGTH_PREFIXED, port());
		settings.setSenders(2);
		settings.setFrames(1000);
		BenchRuns.assertCompleteFanout(settings);
	}

}
