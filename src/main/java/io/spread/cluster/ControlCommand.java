package io.spread.cluster;

/**
 * An operator's action that must reach another replica, as published on the control channel (JSON).
 *
 * @param origin the replica that published it
 * @param replica the replica it is for, or {@link #ALL} for every other replica
 * @param action {@link #DISCONNECT} or {@link #ANNOUNCE}
 * @param argument the connection id to disconnect, or the text to announce
 */
public record ControlCommand(String origin, String replica, String action, String argument) {

	public static final String ALL = "*";

	public static final String DISCONNECT = "disconnect";

	public static final String ANNOUNCE = "announce";

}
