package io.spread.cluster;

import java.util.Base64;

/**
 * A direct message as a control command's argument: {@code <from> <to> <payload in base 64>}. Names have no spaces
 * (SPEC section 8), and base 64 keeps any payload bytes intact in the JSON of the control channel.
 */
public record DirectMessage(String from, String to, byte[] payload) {

	static String encode(String from, String to, byte[] payload) {
		return from + " " + to + " " + Base64.getEncoder().encodeToString(payload);
	}

	/** The message in a command's argument; IllegalArgumentException if it is not one. */
	static DirectMessage decode(String argument) {
		String[] parts = argument.split(" ", 3);
		if (parts.length != 3) {
			throw new IllegalArgumentException("not a direct message: " + parts.length + " parts");
		}
		return new DirectMessage(parts[0], parts[1], Base64.getDecoder().decode(parts[2]));
	}

}
