package io.spread.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One gateway frame, parsed: a verb, its arguments, and for the verbs that carry one, the payload (SPEC section 8).
 * Verbs are matched whatever their case, since telnet users type {@code join}; {@link #verb()} is upper case.
 * @param verb the verb, upper case, or {@link #UNKNOWN}
 * @param sent the verb as the client sent it
 * @param args the arguments, or null when their number or form is wrong for the verb
 * @param payload the rest of the frame after the last argument and its space, for PUB, SEND and PING
 */
public record Command(String verb, String sent, List<String> args, byte[] payload) {

	public static final String UNKNOWN = "UNKNOWN";

	/** Names and rooms: 1-64 characters of A-Z a-z 0-9 . _ - */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	/** Each verb: how many arguments it takes at least and at most, and whether a payload follows them. */
	private record Shape(int minArgs, int maxArgs, boolean payload) {
	}

	private static final Map<String, Shape> SHAPES = Map.ofEntries(Map.entry("HELLO", new Shape(1, 2, false)),
			Map.entry("JOIN", new Shape(1, 1, false)), Map.entry("LEAVE", new Shape(1, 1, false)),
			Map.entry("PUB", new Shape(1, 1, true)), Map.entry("SEND", new Shape(1, 1, true)),
			Map.entry("WHO", new Shape(1, 1, false)), Map.entry("ROOMS", new Shape(0, 0, false)),
			Map.entry("HISTORY", new Shape(3, 3, false)), Map.entry("PING", new Shape(0, 0, true)),
			Map.entry("QUIT", new Shape(0, 0, false)), Map.entry("CLOSE", new Shape(0, 0, false)));

	/** Parses one frame; an empty frame has the verb {@code ""}. */
	public static Command parse(byte[] frame) {
		int verbEnd = indexOf(frame, 0);
		String sent = new String(frame, 0, verbEnd, StandardCharsets.UTF_8);
		String verb = sent.toUpperCase(Locale.ROOT);
		Shape shape = SHAPES.get(verb);
		if (shape == null) {
			return new Command(sent.isEmpty() ? "" : UNKNOWN, sent, List.of(), null);
		}
		List<String> args = new ArrayList<>(shape.maxArgs());
		int start = verbEnd + 1;
		while (start <= frame.length && args.size() < shape.maxArgs()) {
			int end = indexOf(frame, start);
			args.add(new String(frame, start, end - start, StandardCharsets.UTF_8));
			start = end + 1;
		}
		byte[] payload = null;
		if (shape.payload()) {
			// PUB room and PING have an empty payload; a space after them starts it
			payload = (start <= frame.length) ? Arrays.copyOfRange(frame, start, frame.length) : new byte[0];
		}
		else if (start <= frame.length) {
			return new Command(verb, sent, null, null);
		}
		boolean wellFormed = args.size() >= shape.minArgs() && args.stream().noneMatch(String::isEmpty);
		return new Command(verb, sent, wellFormed ? List.copyOf(args) : null, payload);
	}

	/** Whether the arguments fit the verb. */
	public boolean wellFormed() {
		return this.args != null;
	}

	public String arg(int index) {
		return this.args.get(index);
	}

	/** How many arguments it has. */
	public int argCount() {
		return this.args.size();
	}

	/** Whether a name or room is 1-64 characters of A-Z a-z 0-9 . _ - */
	public static boolean isName(String name) {
		return NAME.matcher(name).matches();
	}

	private static int indexOf(byte[] frame, int from) {
		for (int i = from; i < frame.length; i++) {
			if (frame[i] == ' ') {
				return i;
			}
		}
		return frame.length;
	}

}
