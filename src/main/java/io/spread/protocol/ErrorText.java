package io.spread.protocol;

/**
 * Every {@code ERR} frame the hub sends, relay and gateway alike: the one place their texts are written. Clients
 * match on the word after {@code ERR}; what follows it names the thing concerned.
 */
public final class ErrorText {

	// limits and the hub's own state: sent before the client is closed

	public static final String SERVER_FULL = "ERR server-full";

	public static final String ADDRESS_LIMIT = "ERR too-many-connections-from-address";

	public static final String RATE_LIMIT = "ERR rate-limit";

	public static final String IDLE = "ERR idle-timeout";

	public static final String SHUTDOWN = "ERR server-shutting-down";

	public static final String DISCONNECTED = "ERR disconnected-by-operator";

	public static final String SLOW_CONSUMER = "ERR slow-consumer";

	/** An unfinished frame held too long while the hub is over its memory budget. */
	public static final String SERVER_BUSY = "ERR server-busy";

	// the gateway protocol (SPEC section 8): answers to one command; the connection stays

	public static final String HELLO_FIRST = "ERR hello-first";

	public static final String BAD_NAME = "ERR bad-name";

	/** HELLO without a valid token, when the gateway requires one. */
	public static final String UNAUTHORIZED = "ERR unauthorized";

	private ErrorText() {
	}

	/** Policy drop: the client missed {@code frames} frames while it was behind. */
	public static String dropped(long frames) {
		return "ERR dropped " + frames;
	}

	public static String frameTooLarge(int limit) {
		return "ERR frame-too-large max=" + limit;
	}

	public static String unknownCommand(String verb) {
		return "ERR unknown-command " + verb;
	}

	public static String badArgs(String verb) {
		return "ERR bad-args " + verb;
	}

	public static String nameTaken(String name) {
		return "ERR name-taken " + name;
	}

	public static String notMember(String room) {
		return "ERR not-member " + room;
	}

	public static String offline(String name) {
		return "ERR offline " + name;
	}

	/** History of a room the client cannot have: the room's epoch now and its earliest offset retained. */
	public static String historyGone(String room, String epoch, long earliest) {
		return "ERR history-gone " + room + " " + epoch + " " + earliest;
	}

	/** A room the client's token does not allow it to join or publish to. */
	public static String forbidden(String room) {
		return "ERR forbidden " + room;
	}

	public static String tooManyRooms(String room) {
		return "ERR too-many-rooms " + room;
	}

}
