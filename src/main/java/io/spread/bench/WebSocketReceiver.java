package io.spread.bench;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One receiver on the hub's WebSocket relay endpoint: every message, text or binary, is one relayed frame (a text
 * message's characters are taken in UTF-8, as the hub sent them). A message may arrive in parts; they are gathered
 * up to the last one, then the whole message goes to the {@link RelayReceiver}, the same as a frame cut from a TCP
 * stream. A message longer than {@link #MAX_MESSAGE_BYTES} cannot be the tool's: it is not kept, and counts as
 * malformed.
 * <p>
 * Reading is paced with {@link WebSocket#request(long)}: {@link #WINDOW} messages (or parts) are requested when the
 * WebSocket opens, and as many as were handed over are requested again each time half the window has been used.
 * While the tool is behind, nothing more is read from the socket, and the hub sees a slow reader, as it would over
 * TCP.
 * <p>
 * The WebSocket calls a listener's methods one at a time; the only state other threads touch is {@link #leaving}.
 */
final class WebSocketReceiver implements WebSocket.Listener {

	/** Receive calls (message parts, pings, pongs, the close) requested ahead of time. */
	static final int WINDOW = 64;

	/** The longest message kept: the longest frame the tool sends ({@code spread.bench.frame-size} at most). */
	static final int MAX_MESSAGE_BYTES = 65_536;

	private final RelayReceiver receiver;

	private final ReceiveStats stats;

	private final CompletableFuture<Void> closed = new CompletableFuture<>();

	/** The message being gathered, {@link #length} bytes of it so far. */
	private byte[] message = new byte[256];

	private int length;

	/** Whether the message being gathered is longer than {@link #MAX_MESSAGE_BYTES}. */
	private boolean tooLong;

	/** Receive calls made since demand was last raised. */
	private int used;

	/** Set once the tool closes this receiver itself: its end is then not the hub's doing. */
	private volatile boolean leaving;

	WebSocketReceiver(RelayReceiver receiver, ReceiveStats stats) {
		this.receiver = receiver;
		this.stats = stats;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(WINDOW);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence part, boolean last) {
		appendText(part);
		received(webSocket, last);
		return null;
	}

	@Override
	public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer part, boolean last) {
		append(part);
		received(webSocket, last);
		return null;
	}

	/** The hub closed the WebSocket: the reason is the last notice it sent, if any. */
	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		ended(ReceiveStats.EOF);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		ended(ReceiveStats.RESET);
	}

	/**
	 * The tool is about to close this receiver: its end is not counted as a disconnect.
	 * @return completes once the WebSocket has closed
	 */
	CompletableFuture<Void> leave() {
		this.leaving = true;
		return this.closed;
	}

	private void received(WebSocket webSocket, boolean last) {
		if (last) {
			if (this.tooLong) {
				this.stats.malformed.incrementAndGet();
			}
			else {
				this.receiver.frame(this.message, 0, this.length);
			}
			this.length = 0;
			this.tooLong = false;
		}
		if (++this.used == WINDOW / 2) {
			webSocket.request(this.used);
			this.used = 0;
		}
	}

	private void ended(String withoutNotice) {
		if (!this.leaving) {
			this.receiver.hungUp(withoutNotice);
		}
		this.closed.complete(null);
	}

	/** Appends a text part in UTF-8: byte for character while it is ASCII, as the tool's frames are. */
	private void appendText(CharSequence part) {
		int chars = part.length();
		if (!reserve(chars)) {
			return;
		}
		for (int i = 0; i < chars; i++) {
			char c = part.charAt(i);
			if (c >= 0x80) {
				append(ByteBuffer.wrap(part.subSequence(i, chars).toString().getBytes(StandardCharsets.UTF_8)));
				return;
			}
			this.message[this.length++] = (byte) c;
		}
	}

	private void append(ByteBuffer part) {
		int bytes = part.remaining();
		if (reserve(bytes)) {
			part.get(this.message, this.length, bytes);
			this.length += bytes;
		}
	}

	/** Makes room for {@code bytes} more; false, the message marked too long, if it would pass the maximum. */
	private boolean reserve(int bytes) {
		if (this.tooLong || this.length + bytes > MAX_MESSAGE_BYTES) {
			this.tooLong = true;
			return false;
		}
		if (this.length + bytes > this.message.length) {
			this.message = Arrays.copyOf(this.message,
					Math.min(MAX_MESSAGE_BYTES, Math.max(this.message.length * 2, this.length + bytes)));
		}
		return true;
	}

}
