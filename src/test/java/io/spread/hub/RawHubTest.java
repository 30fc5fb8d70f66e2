package io.spread.hub;

import java.nio.charset.StandardCharsets;

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

@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.tcp.framing=raw" })
class RawHubTest extends HubTestSupport {

	@Override
	protected Framing framing() {
		return Framing.RAW;
	}

	@Test
	void sendsNoticesAsLines() {
		assertThat(connect().readText()).isEqualTo("Welcome to Spread Site, you are client #1!");
	}

	@Test
	void relaysBytesUnchangedWhateverTheChunking() throws Exception {
		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();
		byte[] everyByteTwice = new byte[512];
		for (int i = 0; i < everyByteTwice.length; i++) {
			everyByteTwice[i] = (byte) i;
		}

		sender.sendInChunks(everyByteTwice, 1);
		sender.sendInChunks(everyByteTwice, 100);
		sender.sendRaw(everyByteTwice);

		for (int round = 0; round < 3; round++) {
			assertThat(receiver.readExactly(512)).isEqualTo(everyByteTwice);
		}
	}

	@Test
	void closesAClientWhoseChunkIsClose() {
		TestClient quitter = connectWelcomed();
		connectWelcomed();

		quitter.sendRaw("close\r\n".getBytes(StandardCharsets.US_ASCII));

		quitter.awaitClosedByServer();
		awaitClientCount(1);
	}

	@Test
	void carriesTheLoadToolsFanout() {
		// one sender: with several, a raw relay may interleave their chunks mid-line
		BenchProperties settings = BenchRuns.settings(Scenario.FANOUT, Framing.RAW, port());
		settings.setFrames(1000);
		BenchRuns.assertCompleteFanout(settings);
	}

}
