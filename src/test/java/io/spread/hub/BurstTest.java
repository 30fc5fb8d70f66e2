package io.spread.hub;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression: one sender bursting 40 MB of short lines at a client that reads as fast as it can got that reader
 * cut as a slow consumer (a 1 MB queue with no grace). On default settings (8 MB soft limit with 10 s grace, 64 MB
 * hard limit) the reader gets every frame.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1" })
class BurstTest extends HubTestSupport {

	static final int FRAME = 100;

	static final int FRAMES = 40 * 1024 * 1024 / FRAME;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void aReaderThatKeepsReadingGetsA40MegabyteBurstWhole() throws Exception {
		TestClient reader = connectWelcomed();
		TestClient sender = connectWelcomed();
		CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> sendBurst(sender));

		InputStream in = new BufferedInputStream(reader.socket().getInputStream(), 1 << 16);
		byte[] line = new byte[FRAME];
		for (int n = 0; n < FRAMES; n++) {
			int length = readLine(in, line);
			String prefix = new String(line, 0, Math.min(length, 12), StandardCharsets.US_ASCII);
			assertThat(prefix).as("frame %d", n).doesNotStartWith("ERR").startsWith(n + " ");
		}
		burst.join();
		assertThat(this.hub.clientCount()).isEqualTo(2);
	}

	/** Writes every frame in large writes, as fast as the hub takes them. */
	private static void sendBurst(TestClient sender) {
		StringBuilder block = new StringBuilder();
		for (int n = 0; n < FRAMES; n++) {
			String head = n + " ";
			block.append(head).append("x".repeat(FRAME - 1 - head.length())).append('\n');
			if (block.length() > 256 * 1024 || n == FRAMES - 1) {
				sender.sendRaw(block.toString().getBytes(StandardCharsets.US_ASCII));
				block.setLength(0);
			}
		}
	}

	private static int readLine(InputStream in, byte[] line) throws IOException {
		int length = 0;
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("closed by the hub after " + length + " bytes of a line");
			}
			if (length < line.length) {
				line[length] = (byte) b;
			}
			length++;
		}
		return length;
	}

}
