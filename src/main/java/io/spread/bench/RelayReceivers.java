package io.spread.bench;

import java.io.Closeable;

/**
 * The receivers of the relay scenarios (fanout, latency), each a {@link RelayReceiver} counting into the run's
 * {@link ReceiveStats}, whatever carries their frames: TCP connections ({@link TcpReceivers}) or WebSocket clients
 * ({@link WebSocketReceivers}). The scenario, its senders, its waits and its summary are the same for both.
 */
interface RelayReceivers extends Closeable {

	/**
	 * Connects {@code count} receivers; each is read from then on.
	 * @throws java.io.UncheckedIOException if one cannot connect
	 */
	void connect(int count);

	/** Where the receivers connect, as the summary names it. */
	String target();

	/** Closes every receiver; from now on none is counted as disconnected by the hub. */
	@Override
	void close();

}
