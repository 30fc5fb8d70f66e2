package io.spread.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader for configuration metadata files: objects, arrays, strings, numbers, literals. Spring
 * Boot's {@code BasicJsonParser} misreads pretty-printed arrays of objects, and setting up Jackson's mapper would add
 * several hundred milliseconds to the start-up of every mode.
 */
final class MetadataJson {

	private final String text;

	private int position;

	private MetadataJson(String text) {
		this.text = text;
	}

	/** The value of a JSON document: maps, lists, strings, doubles, booleans, and {@code null}. */
	static Object parse(String text) {
		MetadataJson json = new MetadataJson(text);
		Object value = json.value();
		json.skipWhitespace();
		if (json.position != text.length()) {
			throw json.error("end of input");
		}
		return value;
	}

	private Object value() {
		skipWhitespace();
		if (this.position >= this.text.length()) {
			throw error("a value");
		}
		char c = this.text.charAt(this.position);
		return switch (c) {
			case '{' -> object();
			case '[' -> array();
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> number();
		};
	}

	private Map<String, Object> object() {
		Map<String, Object> object = new LinkedHashMap<>();
		this.position++;
		if (peek() == '}') {
			this.position++;
			return object;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("a member name");
			}
			String name = string();
			expect(':');
			object.put(name, value());
			if (next(',', '}') == '}') {
				return object;
			}
		}
	}

	private List<Object> array() {
		List<Object> array = new ArrayList<>();
		this.position++;
		if (peek() == ']') {
			this.position++;
			return array;
		}
		while (true) {
			array.add(value());
			if (next(',', ']') == ']') {
				return array;
			}
		}
	}

	private String string() {
		StringBuilder string = new StringBuilder();
		this.position++;
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position++);
			if (c == '"') {
				return string.toString();
			}
			if (c != '\\') {
				string.append(c);
				continue;
			}
			if (this.position >= this.text.length()) {
				break;
			}
			char escaped = this.text.charAt(this.position++);
			switch (escaped) {
				case 'b' -> string.append('\b');
				case 'f' -> string.append('\f');
				case 'n' -> string.append('\n');
				case 'r' -> string.append('\r');
				case 't' -> string.append('\t');
				case 'u' -> {
					if (this.position + 4 > this.text.length()) {
						throw error("four hex digits");
					}
					string.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
					this.position += 4;
				}
				default -> string.append(escaped);
			}
		}
		throw error("the end of a string");
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.position)) {
			throw error(word);
		}
		this.position += word.length();
		return value;
	}

	private Double number() {
		int start = this.position;
		while (this.position < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.position)) >= 0) {
			this.position++;
		}
		try {
			return Double.valueOf(this.text.substring(start, this.position));
		}
		catch (NumberFormatException ex) {
			this.position = start;
			throw error("a value");
		}
	}

	private char peek() {
		skipWhitespace();
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : 0;
	}

	private void expect(char c) {
		if (peek() != c) {
			throw error("'" + c + "'");
		}
		this.position++;
	}

	private char next(char one, char other) {
		char c = peek();
		if (c != one && c != other) {
			throw error("'" + one + "' or '" + other + "'");
		}
		this.position++;
		return c;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	private IllegalArgumentException error(String expected) {
		return new IllegalArgumentException("Expected " + expected + " at offset " + this.position);
	}

}
