package io.spread.security;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.util.PatternMatchUtils;

/**
 * The rooms a token allows, from its {@code rooms} claim: a list of patterns. A pattern is a room name
 * (letters, digits, {@code .}, {@code _}, {@code -}; case matters) in which {@code *} stands for any run of
 * characters, the empty one included: {@code lobby} is that room alone, {@code chat-*} every room whose name starts
 * with {@code chat-}, {@code sensors.*} {@code sensors.kitchen} and {@code sensors.kitchen.fridge}, {@code *} every
 * room. No other character is special. A token without the claim allows every room; an empty list, none.
 */
public final class RoomPatterns {

	/** The gateway's room names, with {@code *} added. */
	private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9._*-]{1,64}");

	private static final RoomPatterns ANY = new RoomPatterns(List.of("*"));

	private final List<String> patterns;

	private RoomPatterns(List<String> patterns) {
		this.patterns = List.copyOf(patterns);
	}

	/** Every room: for a token without a {@code rooms} claim. */
	public static RoomPatterns any() {
		return ANY;
	}

	/** The patterns given; throws {@link IllegalArgumentException} naming the first that is not one. */
	public static RoomPatterns of(List<String> patterns) {
		for (String pattern : patterns) {
			if (pattern == null || !SYNTAX.matcher(pattern).matches()) {
				throw new IllegalArgumentException("not a room pattern: " + pattern);
			}
		}
		return new RoomPatterns(patterns);
	}

	/** Whether some pattern matches the room name. */
	public boolean allows(String room) {
		return this.patterns.stream().anyMatch(pattern -> PatternMatchUtils.simpleMatch(pattern, room));
	}

	public List<String> patterns() {
		return this.patterns;
	}

	@Override
	public String toString() {
		return String.join(",", this.patterns);
	}

}
