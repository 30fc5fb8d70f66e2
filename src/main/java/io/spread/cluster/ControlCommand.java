package io.spread.cluster;

/**
 * An operator's action, or a direct message, that must reach another replica, as published on the control channel (JSON).
 *
 * @param origin the replica that published it
 * @param replica the replica it is for, or {@link #ALL} for every other replica
 * @param action {@link #DISCONNECT}, {@link #ANNOUNCE} or {@link #DIRECT}
 * @param argument the connection id to disconnect, the text to announce, or a {@link DirectMessage}
 */
public record ControlCommand(String origin, String replica, String action, String argument) {

	public static final String ALL = "*";

	public static final String DISCONNECT = "disconnect";

	public static final String ANNOUNCE = "announce";

	/** A gateway client's direct message to a client of the replica named. */
	public static final String DIRECT = "direct";

}
