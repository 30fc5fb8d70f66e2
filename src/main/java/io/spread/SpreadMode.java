package io.spread;

/** What the jar runs; {@code spread.mode}. */
public enum SpreadMode {

	/** The broadcast hub, with its TCP listener and the HTTP server for actuator. */
	SERVER,

	/** A client of a hub: prints what it receives, sends what is typed, keeps the connection up. */
	CLIENT,

	/** The load tool: runs one benchmark scenario against a hub, prints the result, and exits. */
	BENCH,

	/** The log bot: a client that writes what it hears to rolling log files, with client mode's reconnects. */
	LOGGER,

	/** The token command: prints a signed token for the gateway's HELLO (development and examples), and exits. */
	TOKEN;

	/** Whether the process ends once the mode's work is done, rather than serving until stopped. */
	public boolean exitsWhenDone() {
		return this != SERVER;
	}

}
