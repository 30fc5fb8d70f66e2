package io.spread.client;

/**
 * What a line typed in client mode sends in the gateway protocol:
 * <ul>
 * <li>{@code text}: {@code PUB <first room> text};</li>
 * <li>{@code /room <room> text}: {@code PUB <room> text}, to another of the client's rooms;</li>
 * <li>{@code /msg <name> text}: {@code SEND <name> text}, a direct message;</li>
 * <li>{@code /who [<room>]}: {@code WHO}, the first room's members by default; {@code /rooms}: {@code ROOMS};</li>
 * <li>{@code //text}: {@code PUB <first room> /text}, for a line that starts with a slash.</li>
 * </ul>
 * Anything else that starts with a slash is refused, so that a mistyped command is not published to a room.
 */
final class TypedLine {

	static final String USAGE = "text | /room <room> <text> | /msg <name> <text> | /who [<room>] | /rooms | //text";

	private TypedLine() {
	}

	/**
	 * The command to send for a typed line.
	 * @throws IllegalArgumentException with what is wrong and the usage, for a command that is unknown or lacks its
	 * room or name
	 */
	static String command(String line, String firstRoom) {
		if (!line.startsWith("/")) {
			return "PUB " + firstRoom + " " + line;
		}
		if (line.startsWith("//")) {
			return "PUB " + firstRoom + " " + line.substring(1);
		}
		int space = line.indexOf(' ');
		String verb = (space < 0) ? line : line.substring(0, space);
		String rest = (space < 0) ? "" : line.substring(space + 1);
		return switch (verb) {
			case "/room" -> "PUB " + target(rest, "/room <room> <text>");
			case "/msg" -> "SEND " + target(rest, "/msg <name> <text>");
			case "/who" -> "WHO " + (rest.isBlank() ? firstRoom : rest.strip());
			case "/rooms" -> "ROOMS";
			default -> throw new IllegalArgumentException("Unknown command " + verb + " (not sent). Type " + USAGE);
		};
	}

	/** {@code <room or name> <text>}, checked to name its target; the text may be empty. */
	private static String target(String rest, String usage) {
		int space = rest.indexOf(' ');
		String target = (space < 0) ? rest : rest.substring(0, space);
		if (target.isEmpty()) {
			throw new IllegalArgumentException("Not sent: type " + usage);
		}
		return (space < 0) ? target + " " : rest;
	}

}
