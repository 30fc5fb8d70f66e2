package io.spread.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How client mode talks to the hub's port ({@code spread.client.protocol}): what it sends first on each connection,
 * what a typed line and a heartbeat become, and what it prints of each frame received. {@link SpreadClient} keeps
 * the connection; a dialect only says what goes over it.
 */
public interface ClientDialect {

	/** The frames to send first on every connection (reconnects included), before the lines typed meanwhile. */
	List<String> greeting();

	/** The frame to send for a typed line; empty when the line is not to be sent (the reason is logged). */
	Optional<String> typed(String line);

	/** The heartbeat frame to send now. */
	String heartbeat(Instant now);

	/** A frame from the hub: prints what a person should see of it, and answers it if the protocol asks to. */
	void received(byte[] frame, ReceivedFrames printer);

}
