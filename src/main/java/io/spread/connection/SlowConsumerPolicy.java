package io.spread.connection;

/** What happens when a connection's outbound buffer is full; {@code spread.hub.slow-consumer-policy}. */
public enum SlowConsumerPolicy {

	/** Send {@code ERR slow-consumer} if the socket takes it, then close the connection. */
	DISCONNECT,

	/** Drop the newest frames for that connection, and count them. */
	DROP

}
