package io.spread.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How client mode prints what the gateway sends, one line each: a room's messages as {@code [room] from: text},
 * direct messages as {@code (dm) from: text}, presence and the client's own notices as {@code [room] * ...}.
 * Payloads are printed byte for byte; brackets and parentheses cannot be in a room's name, so a line's origin is
 * never ambiguous.
 */
final class GatewayLines {

	private GatewayLines() {
	}

	static byte[] message(String room, String from, byte[] payload) {
		return concat("[" + room + "] " + from + ": ", payload);
	}

	static byte[] direct(String from, byte[] payload) {
		return concat("(dm) " + from + ": ", payload);
	}

	static byte[] joined(String room, String name) {
		return notice(room, name + " joined");
	}

	static byte[] left(String room, String name) {
		return notice(room, name + " left");
	}

	/** A line about a room that no member wrote: presence, a gap in its history. */
	static byte[] notice(String room, String text) {
		return ("[" + room + "] * " + text).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(String head, byte[] payload) {
		ByteArrayOutputStream line = new ByteArrayOutputStream(head.length() + payload.length);
		line.writeBytes(head.getBytes(StandardCharsets.UTF_8));
		line.writeBytes(payload);
		return line.toByteArray();
	}

}
