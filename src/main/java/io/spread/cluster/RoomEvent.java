package io.spread.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What replicas publish on a room's channel ({@code <room-channel-prefix><room>}), as one of them receives it.
 * <ul>
 * <li>Messages, as the publishing script numbers and publishes them ({@link RoomScripts#PUBLISH}):
 * {@code M <epoch> <first-offset> <count> <from> <origin-replica> <origin-connection>\n} then, for each message,
 * {@code <length>:<payload bytes>}; the origin connection is {@code -} when there is none to skip.
 * <li>Presence: {@code J <name> <origin-replica>} (joined) or {@code L <name> <origin-replica>} (left).
 * </ul>
 */
sealed interface RoomEvent {

	/** Messages numbered cluster-wide from {@code first}. */
	record Messages(String epoch, long first, String from, String originReplica, String originConnection,
			List<byte[]> payloads) implements RoomEvent {
	}

	/** A client of {@code originReplica} joined or left. */
	record Presence(String name, String originReplica, boolean joined) implements RoomEvent {

		byte[] encode() {
			return ((this.joined ? "J " : "L ") + this.name + " " + this.originReplica).getBytes(StandardCharsets.UTF_8);
		}

	}

	/**
	 * Reads an event. Every number is checked against the bytes that remain before anything is allocated for it.
	 * @throws IllegalArgumentException if the bytes are not one event; the message says what is wrong
	 */
	static RoomEvent decode(byte[] bytes) {
		if (bytes.length < 2 || bytes[1] != ' ') {
			throw malformed("too short or no type");
		}
		return switch (bytes[0]) {
			case 'M' -> messages(bytes);
			case 'J', 'L' -> presence(bytes);
			default -> throw malformed("unknown type '" + (char) (bytes[0] & 0xFF) + "'");
		};
	}

	private static Presence presence(byte[] bytes) {
		String[] words = new String(bytes, StandardCharsets.UTF_8).split(" ", -1);
		if (words.length != 3 || words[1].isEmpty() || words[2].isEmpty()) {
			throw malformed("presence is not '<J|L> <name> <replica>'");
		}
		return new Presence(words[1], words[2], bytes[0] == 'J');
	}

	private static Messages messages(byte[] bytes) {
		int lineEnd = indexOf(bytes, (byte) '\n', 0);
		if (lineEnd < 0) {
			throw malformed("no end to the header");
		}
		String[] words = new String(bytes, 0, lineEnd, StandardCharsets.UTF_8).split(" ", -1);
		if (words.length != 7) {
			throw malformed("header has " + words.length + " words, not 7");
		}
		long first = number(words[2], "first offset");
		long count = number(words[3], "count");
		// each message takes at least two bytes ("0:")
		if (count < 1 || count > (bytes.length - lineEnd - 1) / 2) {
			throw malformed("count " + count + " does not fit the " + (bytes.length - lineEnd - 1) + " bytes left");
		}
		List<byte[]> payloads = new ArrayList<>((int) count);
		int at = lineEnd + 1;
		for (int i = 1; i <= count; i++) {
			int colon = indexOf(bytes, (byte) ':', at);
			if (colon < 0 || colon - at > 10) {
				throw malformed("no length before message " + i + " of " + count);
			}
			long length = number(new String(bytes, at, colon - at, StandardCharsets.US_ASCII), "length");
			if (length > bytes.length - colon - 1) {
				throw malformed("message " + i + " of " + count + " is cut short");
			}
			byte[] payload = new byte[(int) length];
			System.arraycopy(bytes, colon + 1, payload, 0, payload.length);
			payloads.add(payload);
			at = colon + 1 + payload.length;
		}
		if (at != bytes.length) {
			throw malformed((bytes.length - at) + " bytes left over after the last message");
		}
		String connection = words[6].equals("-") ? null : words[6];
		return new Messages(words[1], first, words[4], words[5], connection, payloads);
	}

	private static long number(String text, String what) {
		try {
			long value = Long.parseLong(text);
			if (value < 0) {
				throw malformed(what + " " + value + " is negative");
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw malformed(what + " '" + text + "' is not a number");
		}
	}

	private static int indexOf(byte[] bytes, byte wanted, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

	private static IllegalArgumentException malformed(String problem) {
		return new IllegalArgumentException("Not a Spread room event: " + problem);
	}

}
