package io.spread.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

/**
 * Receivers on the hub's WebSocket relay endpoint ({@code /ws/relay}), with the JDK's own client
 * ({@link java.net.http.WebSocket}): one {@link HttpClient} for all of them, its selector thread reading the
 * sockets and one thread of its own running every receiver's listener, as one thread reads every TCP receiver.
 * A login in the endpoint's URL is sent as HTTP Basic with each handshake.
 */
final class WebSocketReceivers implements RelayReceivers {

	/** Handshakes under way at once while connecting. */
	private static final int CONNECTING_AT_ONCE = 64;

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/** How long closing waits for the hub to answer the receivers' close messages before it drops the sockets. */
	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

	private final UrlLogin endpoint;

	private final int senders;

	private final ReceiveStats stats;

	private final ExecutorService listenerThread;

	private final HttpClient client;

	private final List<Connected> connected = new ArrayList<>();

	/**
	 * @param endpoint the relay endpoint, {@code ws://host:port/ws/relay} (or {@code wss://}), with any login
	 * @param tls checks the hub's certificate for {@code wss://}; null for the JDK's default trust
	 */
	WebSocketReceivers(UrlLogin endpoint, SSLContext tls, int senders, ReceiveStats stats) {
		this.endpoint = endpoint;
		this.senders = senders;
		this.stats = stats;
		this.listenerThread = Executors.newSingleThreadExecutor(task -> {
			Thread thread = new Thread(task, "bench-ws-receive");
			thread.setDaemon(true);
			return thread;
		});
		HttpClient.Builder client = HttpClient.newBuilder().executor(this.listenerThread).connectTimeout(CONNECT_TIMEOUT);
		if (tls != null) {
			client.sslContext(tls);
		}
		this.client = client.build();
	}

	/** Opens the WebSockets a few dozen handshakes at a time; stops at the first that fails. */
	@Override
	public void connect(int count) {
		Semaphore handshakes = new Semaphore(CONNECTING_AT_ONCE);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<CompletableFuture<Connected>> opening = new ArrayList<>();
		for (int i = 0; i < count && failure.get() == null; i++) {
			acquire(handshakes);
			WebSocketReceiver receiver = new WebSocketReceiver(new RelayReceiver(this.senders, this.stats), this.stats);
			WebSocket.Builder handshake = this.client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
			if (this.endpoint.hasLogin()) {
				handshake.header("Authorization", this.endpoint.authorization());
			}
			opening.add(handshake.buildAsync(this.endpoint.uri(), receiver).whenComplete((socket, ex) -> {
				handshakes.release();
				if (ex != null) {
					failure.compareAndSet(null, (ex instanceof CompletionException) ? ex.getCause() : ex);
				}
			}).thenApply(socket -> new Connected(socket, receiver)));
		}
		for (CompletableFuture<Connected> each : opening) {
			try {
				this.connected.add(each.join());
			}
			catch (CompletionException ex) {
				// reported below, once
			}
		}
		if (failure.get() != null) {
			throw new UncheckedIOException("bench: cannot open a WebSocket to " + this.endpoint,
					new IOException(why(failure.get()), failure.get()));
		}
	}

	private static void acquire(Semaphore semaphore) {
		try {
			semaphore.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("bench: interrupted", ex);
		}
	}

	private static String why(Throwable failure) {
		if (failure instanceof WebSocketHandshakeException refused) {
			return "the handshake was answered with HTTP " + refused.getResponse().statusCode();
		}
		return String.valueOf(failure);
	}

	@Override
	public String target() {
		return this.endpoint.toString();
	}

	/** Sends every receiver's close message, waits a little for the hub's answers, then drops what is left. */
	@Override
	public void close() {
		List<CompletableFuture<Void>> closed = new ArrayList<>();
		for (Connected each : this.connected) {
			closed.add(each.receiver().leave());
			each.socket().sendClose(WebSocket.NORMAL_CLOSURE, "");
		}
		try {
			CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new))
				.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// dropped below
		}
		this.connected.forEach(each -> each.socket().abort());
		this.connected.clear();
		this.listenerThread.shutdownNow();
	}

	private record Connected(WebSocket socket, WebSocketReceiver receiver) {
	}

}
