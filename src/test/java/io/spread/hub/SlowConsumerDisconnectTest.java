package io.spread.hub;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import java.net.Socket;
import java.net.SocketException;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.hub.outbound-buffer=64KB",
		"spread.hub.outbound-buffer-max=64KB" })
class SlowConsumerDisconnectTest extends HubTestSupport {

	/** 20 MB in all: far more than a stalled client's kernel buffers and its 64 KB outbound buffer hold. */
	static final int FRAMES = 20_000;

	static final String PADDING = "p".repeat(1000);

	/** The sender waits for the reader after each window; a window fits the outbound buffer. */
	static final int WINDOW = 32;

	@Autowired
	MeterRegistry meters;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void disconnectsAClientThatNeverReadsWhileAReaderGetsEveryFrame() {
		double droppedBefore = slowConsumerDrops(this.meters);

		TestClient stalled = floodPastAStalledClient(this);

		stalled.awaitClosedByServer();
		awaitClientCount(2);
		assertThat(slowConsumerDrops(this.meters)).isGreaterThan(droppedBefore);
	}

	/**
	 * Regression: a client cut while its socket was full was closed after the next write attempt, so the notice
	 * queued after what it had not read yet was often never written. Now it reads, to the end, every frame already
	 * on its way, then {@code ERR slow-consumer}, then the close.
	 */
	@RepeatedTest(3)
	void aClientCutForFallingBehindIsToldWhy() {
		TestClient slow = connect(socket -> setReceiveBuffer(socket, 4096));
		TestClient sender = connectWelcomed();
		double droppedBefore = slowConsumerDrops(this.meters);
		// until the hub cuts it: its kernel buffers take a few MB first
		for (int i = 0; slowConsumerDrops(this.meters) == droppedBefore; i++) {
			assertThat(i).as("frames sent before the cut").isLessThan(FRAMES * 5);
			sender.sendFrame(i + " " + PADDING);
		}
		List<String> frames = new ArrayList<>();
		while (true) {
			try {
				frames.add(slow.readText());
			}
			catch (UncheckedIOException ex) {
				break;
			}
		}
		assertThat(frames).first().asString().startsWith("Welcome");
		assertThat(frames).last().isEqualTo("ERR slow-consumer");
	}

	/** As above, for a client that reads all along, at full speed, but cannot keep up with a flood. */
	@RepeatedTest(3)
	void aReaderCutWhileItReadsIsToldWhy() throws Exception {
		TestClient reader = connect(socket -> setReceiveBuffer(socket, 4096));
		TestClient sender = connectWelcomed();
		double droppedBefore = slowConsumerDrops(this.meters);
		CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> framesUntilClosed(reader));
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 64; i++) {
			lines.append(i).append(' ').append(PADDING).append('\n');
		}
		byte[] burst = lines.toString().getBytes();
		for (int i = 0; slowConsumerDrops(this.meters) == droppedBefore; i++) {
			assertThat(i).as("bursts sent before the cut").isLessThan(FRAMES);
			sender.sendRaw(burst);
		}
		assertThat(received.get(WAIT.toSeconds(), TimeUnit.SECONDS)).last().isEqualTo("ERR slow-consumer");
	}

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

	/**
	 * Connects a client that never reads (with a small receive buffer), a reader and a sender, and sends every frame
	 * paced by the reader.
	 * @return the stalled client
	 */
	static TestClient floodPastAStalledClient(HubTestSupport hub) {
		TestClient stalled = hub.connect(socket -> setReceiveBuffer(socket, 4096));
		TestClient reader = hub.connectWelcomed();
		TestClient sender = hub.connectWelcomed();
		sendPacedByReader(sender, reader);
		return stalled;
	}

	/** Sends {@link #FRAMES} numbered frames, never more than a window ahead of the reader, which checks each. */
	static void sendPacedByReader(TestClient sender, TestClient reader) {
		for (int start = 0; start < FRAMES; start += WINDOW) {
			for (int i = start; i < start + WINDOW; i++) {
				sender.sendFrame(i + " " + PADDING);
			}
			for (int i = start; i < start + WINDOW; i++) {
				assertThat(reader.readText()).isEqualTo(i + " " + PADDING);
			}
		}
	}

	static double slowConsumerDrops(MeterRegistry meters) {
		return meters.get("spread.frames.dropped").tag("reason", "slow-consumer").counter().count();
	}

	static void setReceiveBuffer(Socket socket, int size) {
		try {
			socket.setReceiveBufferSize(size);
		}
		catch (SocketException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
