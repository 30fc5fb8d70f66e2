package io.spread.hub;

import java.net.Socket;
import java.net.SocketException;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

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
