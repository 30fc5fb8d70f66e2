package io.spread.bench;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a WebSocket receiver reads what the JDK's client hands it, without sockets: messages in parts, demand, the
 * hub's close.
 */
class WebSocketReceiverTest {

	private final ReceiveStats stats = new ReceiveStats();

	private final WebSocketReceiver receiver = new WebSocketReceiver(new RelayReceiver(2, this.stats), this.stats);

	private final CountingWebSocket socket = new CountingWebSocket();

	@Test
	void aTextMessageInPartsIsOneFrame() {
		String frame = payload(1, 0);
		this.receiver.onOpen(this.socket);

		this.receiver.onText(this.socket, CharBuffer.wrap(frame, 0, 5), false);
		this.receiver.onText(this.socket, frame.substring(5, 30), false);
		assertThat(this.stats.dataFrames).hasValue(0);
		this.receiver.onText(this.socket, frame.substring(30), true);

		assertThat(this.stats.dataFrames).hasValue(1);
		assertThat(this.stats.malformed).hasValue(0);
	}

	@Test
	void aBinaryMessageInPartsIsOneFrameFromEachBuffersPosition() {
		byte[] frame = payload(0, 7).getBytes(StandardCharsets.US_ASCII);
		this.receiver.onOpen(this.socket);

		ByteBuffer first = ByteBuffer.allocate(frame.length + 3).put(new byte[3]).put(frame, 0, 10).flip();
		first.position(3);
		this.receiver.onBinary(this.socket, first, false);
		this.receiver.onBinary(this.socket, ByteBuffer.wrap(frame, 10, frame.length - 10), true);
		this.receiver.onText(this.socket, payload(0, 8), true);

		assertThat(this.stats.dataFrames).hasValue(2);
		assertThat(this.stats.outOfOrder).hasValue(0);
		assertThat(this.stats.malformed).hasValue(0);
	}

	@Test
	void aMessageLongerThanAnyFrameOfTheToolIsMalformedAndNotKept() {
		this.receiver.onOpen(this.socket);

		this.receiver.onText(this.socket, "B".repeat(WebSocketReceiver.MAX_MESSAGE_BYTES), false);
		this.receiver.onBinary(this.socket, ByteBuffer.allocate(1), true);
		this.receiver.onText(this.socket, payload(1, 1), true);

		assertThat(this.stats.malformed).hasValue(1);
		assertThat(this.stats.dataFrames).hasValue(1);
	}

	@Test
	void demandStaysWithinTheWindowAsMessagesArrive() {
		this.receiver.onOpen(this.socket);
		assertThat(this.socket.requested).isEqualTo(WebSocketReceiver.WINDOW);

		for (int i = 0; i < 1000; i++) {
			this.receiver.onText(this.socket, payload(0, i), true);
			long outstanding = this.socket.requested - (i + 1);
			assertThat(outstanding).isBetween((long) WebSocketReceiver.WINDOW / 2, (long) WebSocketReceiver.WINDOW);
		}
		assertThat(this.stats.dataFrames).hasValue(1000);
	}

	@Test
	void theHubsCloseAfterANoticeIsADisconnectForThatReason() {
		this.receiver.onOpen(this.socket);
		this.receiver.onText(this.socket, "ERR slow-consumer", true);

		this.receiver.onClose(this.socket, 1011, "");

		assertThat(this.stats.disconnects()).isEqualTo(Map.of(HubNotice.SLOW_CONSUMER, 1));
		assertThat(this.receiver.leave()).isDone();
	}

	@Test
	void anErrorWithoutANoticeIsAReset() {
		this.receiver.onOpen(this.socket);

		this.receiver.onError(this.socket, new java.io.IOException("connection reset"));

		assertThat(this.stats.disconnects()).isEqualTo(Map.of(ReceiveStats.RESET, 1));
	}

	@Test
	void aCloseOnceTheToolIsLeavingIsNotCounted() {
		this.receiver.onOpen(this.socket);
		CompletableFuture<Void> closed = this.receiver.leave();
		assertThat(closed).isNotDone();

		this.receiver.onClose(this.socket, WebSocket.NORMAL_CLOSURE, "");

		assertThat(closed).isDone();
		assertThat(this.stats.closed).hasValue(0);
	}

	private static String payload(int sender, long sequence) {
		ByteBuffer out = ByteBuffer.allocate(64);
		BenchFrame.putPayload(out, 64, sender, sequence, System.nanoTime());
		return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
	}

	/** Counts what the receiver requests; it sends nothing. */
	private static final class CountingWebSocket implements WebSocket {

		long requested;

		@Override
		public void request(long n) {
			this.requested += n;
		}

		@Override
		public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
			throw new UnsupportedOperationException();
		}

		@Override
		public String getSubprotocol() {
			return "";
		}

		@Override
		public boolean isOutputClosed() {
			return false;
		}

		@Override
		public boolean isInputClosed() {
			return false;
		}

		@Override
		public void abort() {
		}

	}

}
