package io.spread.hub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The frame that asks the hub to close the sender's connection: exactly {@code close} (a trailing line end allowed). */
final class CloseCommand {

	private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);

	private CloseCommand() {
	}

	/** Whether the payload is the close command; raw framing's chunks may still end with the line end typed. */
	static boolean matches(byte[] payload) {
		int length = payload.length;
		if (length > 0 && payload[length - 1] == '\n') {
			length--;
			if (length > 0 && payload[length - 1] == '\r') {
				length--;
			}
		}
		return Arrays.equals(payload, 0, length, CLOSE, 0, CLOSE.length);
	}

}
