package io.spread.support;

import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client for tests, the JDK's own (not Java's WebSocket support of the hub's): it keeps every message the
 * hub sends, whole, in order, text or binary, and can stop reading ({@link #stopReading}) to play a browser that does
 * not keep up.
 */
public final class WebSocketTestClient implements Closeable {

	private static final Duration WAIT = Duration.ofSeconds(20);

	/** A message from the hub: text, or binary bytes. */
	public record Received(String text, byte[] binary) {

		public boolean isText() {
			return this.text != null;
		}

	}

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final WebSocket webSocket;

	private volatile boolean reading = true;

	private WebSocketTestClient(URI uri) {
		Listener listener = new Listener();
		this.webSocket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(WAIT)
			.buildAsync(uri, listener)
			.join();
	}

	/** Connects to {@code path} ({@code /ws/relay}) on the hub's HTTP port. */
	public static WebSocketTestClient connect(int httpPort, String path) {
		return new WebSocketTestClient(URI.create("ws://127.0.0.1:" + httpPort + path));
	}

	public WebSocketTestClient sendText(String text) {
		this.webSocket.sendText(text, true).join();
		return this;
	}

	/** Sends {@code text} as one message in fragments of {@code size} characters. */
	public WebSocketTestClient sendTextInParts(String text, int size) {
		for (int at = 0; at < text.length(); at += size) {
			int end = Math.min(text.length(), at + size);
			this.webSocket.sendText(text.substring(at, end), end == text.length()).join();
		}
		return this;
	}

	public WebSocketTestClient sendBinary(byte[] bytes) {
		this.webSocket.sendBinary(ByteBuffer.wrap(bytes), true).join();
		return this;
	}

	/** The next message, which must come within the wait. */
	public Received read() {
		try {
			Received message = this.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(message).as("a message from the hub within %s", WAIT).isNotNull();
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The next message, which must be text. */
	public String readText() {
		Received message = read();
		assertThat(message.isText()).as("a text message, not %s bytes", message.binary() == null ? 0
				: message.binary().length).isTrue();
		return message.text();
	}

	/** Reads text messages until one starts with {@code prefix}; returns it. */
	public String readTextStartingWith(String prefix) {
		while (true) {
			String text = readText();
			if (text.startsWith(prefix)) {
				return text;
			}
		}
	}

	/** Messages received and not read yet. */
	public int unread() {
		return this.received.size();
	}

	/** Stops asking for messages, so the JDK stops reading the socket once its buffers are full. */
	public void stopReading() {
		this.reading = false;
	}

	/** Waits until the hub closes the WebSocket; returns the close status code. */
	public int awaitClosed() {
		return this.closed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	/** Drops the TCP connection without a close handshake. */
	public void abort() {
		this.webSocket.abort();
	}

	@Override
	public void close() {
		if (!this.webSocket.isOutputClosed()) {
			try {
				this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// the hub closed first
			}
		}
		this.webSocket.abort();
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				WebSocketTestClient.this.received.add(new Received(this.text.toString(), null));
				this.text.setLength(0);
			}
			more(webSocket);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			if (last) {
				WebSocketTestClient.this.received.add(new Received(null, this.binary.toByteArray()));
				this.binary.reset();
			}
			more(webSocket);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			WebSocketTestClient.this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			WebSocketTestClient.this.closed.complete(-1);
		}

		private void more(WebSocket webSocket) {
			if (WebSocketTestClient.this.reading) {
				webSocket.request(1);
			}
		}

	}

	/** {@code text} as UTF-8. */
	public static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
