package io.spread.connection;

/** Why a connection was closed; a tag on {@code spread.connections.closed}. */
public enum CloseReason {

	/** The client hung up. */
	CLIENT,

	/** The client sent {@code close}. */
	CLOSE_COMMAND,

	/** Its outbound buffer overflowed under the {@code disconnect} policy. */
	SLOW_CONSUMER,

	/** It broke a limit: too many connections, rate, or a broken length header. */
	LIMIT,

	/** Its address is not in the listener's allow-list ({@code spread.tcp.allow}, {@code spread.gateway.allow}). */
	ADDRESS,

	/** It sent nothing for the idle timeout. */
	IDLE,

	/** An operator disconnected it. */
	ADMIN,

	/** Reading or writing failed. */
	ERROR,

	/** The hub is shutting down. */
	SHUTDOWN;

	public String tag() {
		return name().toLowerCase().replace('_', '-');
	}

}
