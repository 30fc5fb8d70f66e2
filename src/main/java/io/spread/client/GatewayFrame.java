package io.spread.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A frame the gateway sent, split as SPEC section 8 writes them: words separated by single spaces, and for the
 * frames that carry one ({@code MSG}, {@code DM}) a payload, the rest of the frame after the last word and its
 * space, kept as bytes. Only the words are decoded (as UTF-8).
 */
final class GatewayFrame {

	private final byte[] frame;

	private GatewayFrame(byte[] frame) {
		this.frame = frame;
	}

	static GatewayFrame of(byte[] frame) {
		return new GatewayFrame(frame);
	}

	/** The frame as it came. */
	byte[] bytes() {
		return this.frame;
	}

	/** Whether the frame starts with these words, each followed by a space or the end of the frame. */
	boolean startsWith(String... words) {
		List<String> first = words(words.length);
		return first.size() == words.length && first.equals(List.of(words));
	}

	/** The first {@code count} words, or fewer when the frame has fewer. */
	List<String> words(int count) {
		List<String> words = new ArrayList<>(count);
		int start = 0;
		while (words.size() < count && start <= this.frame.length) {
			int end = spaceFrom(start);
			words.add(new String(this.frame, start, end - start, StandardCharsets.UTF_8));
			start = end + 1;
		}
		return words;
	}

	/** What follows the first {@code words} words and their spaces (empty when nothing does). */
	byte[] payloadAfter(int words) {
		int start = 0;
		for (int i = 0; i < words; i++) {
			start = spaceFrom(start) + 1;
			if (start > this.frame.length) {
				return new byte[0];
			}
		}
		return Arrays.copyOfRange(this.frame, start, this.frame.length);
	}

	@Override
	public String toString() {
		return new String(this.frame, StandardCharsets.UTF_8);
	}

	private int spaceFrom(int from) {
		for (int i = from; i < this.frame.length; i++) {
			if (this.frame[i] == ' ') {
				return i;
			}
		}
		return this.frame.length;
	}

}
