package io.spread.client;

/** What client mode speaks to the hub's port: {@code spread.client.protocol}. */
public enum ClientProtocol {

	/** The relay port (8007): typed lines are sent as they are, and every frame received is printed as it came. */
	RELAY,

	/**
	 * The gateway port (8008, SPEC section 8): the client names itself, joins its rooms, publishes typed lines to the
	 * first room, and after a reconnect asks for what it missed (SPEC section 9).
	 */
	GATEWAY

}
