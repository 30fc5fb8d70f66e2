package io.spread.connection;

import java.time.Duration;

import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;

/**
 * A client's connection as the hub's model sees it: how the registry, the router, the notices and the operations
 * reach one client, whatever carries its bytes. {@link HubConnection}, the non-blocking TCP connection (plain or TLS),
 * is the one there is; the model depends on this, not on it.
 */
public interface ClientConnection {

	/** A short id, unique in this process. */
	String getConnectionId();

	/** The listener's bean name. */
	String getConnectionFactoryName();

	/** The peer's address, for limits and allow-lists. */
	String getHostAddress();

	/** The peer's address and port, for logs. */
	String remoteAddress();

	/**
	 * Queues a shared chunk for the client, under its outbound limits and the slow-consumer policy; never blocks.
	 * @return whether it took the chunk
	 */
	boolean offer(Chunk chunk);

	/** Ends the client's input and closes once what is queued is written (or after the close timeout). */
	void closeAfterFlush(CloseReason reason);

	/** As {@link #closeAfterFlush(CloseReason)}, waiting at most {@code timeout} for the peer to read. */
	void closeAfterFlush(CloseReason reason, Duration timeout);

	/** Closes at once, for {@code reason}, dropping whatever is queued. */
	void closeNow(CloseReason reason);

	/** Closes at once. */
	void close();

	/** Runs {@code hook} once, off the caller's thread, as soon as the connection starts closing. */
	void whenClosing(Runnable hook);

	boolean isClosed();

	/** Whether what the client sends is no longer heard (it quit, or broke a limit). */
	boolean isInputEnded();

	/** Bytes queued for the client and not yet written. */
	long bufferedBytes();

	/** Bytes of unfinished input held for the client. */
	int partialInputBytes();

	/** Lets go of the client's queued output under memory pressure, as its slow-consumer policy says; bytes freed. */
	long shedForMemory();

	void countFramesIn(int frames);

	long framesIn();

	long framesOut();

	long openedAtMillis();

	long lastActivityMillis();

	/** True the first time it is asked: what a client does wrong is logged once per connection. */
	boolean firstWarning();

	CloseReason closeReason();

	/** What happened in words, for the disconnect log line, or null. */
	String closeDetail();

	/**
	 * The client connection an event's source is, or wraps: Spring Integration publishes a connection's events from
	 * its outermost interceptor when the listener has an interceptor chain. Null if it is neither.
	 */
	static ClientConnection of(Object eventSource) {
		Object connection = eventSource;
		while (connection instanceof TcpConnectionInterceptorSupport interceptor) {
			connection = interceptor.getTheConnection();
		}
		return (connection instanceof ClientConnection client) ? client : null;
	}

}
