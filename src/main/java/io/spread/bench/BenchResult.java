package io.spread.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * A scenario's summary: named values in a fixed order, printed as one key=value line or as JSON. A value that is a
 * map (counts by reason) prints as {@code a:1,b:2} in the line ({@code none} when empty) and as an object in JSON.
 * A run that lost frames also carries a {@linkplain #failure() failure}: one sentence saying why.
 */
public final class BenchResult {

	private final Map<String, Object> values = new LinkedHashMap<>();

	private String failure;

	BenchResult put(String key, Object value) {
		this.values.put(key, value);
		return this;
	}

	/** Puts {@code count / seconds}, rounded to a whole number. */
	BenchResult putRate(String key, long count, double seconds) {
		return put(key, (seconds > 0) ? Math.round(count / seconds) : 0);
	}

	BenchResult fail(String why) {
		this.failure = why;
		return this;
	}

	public Object get(String key) {
		return this.values.get(key);
	}

	public long getLong(String key) {
		return ((Number) this.values.get(key)).longValue();
	}

	/** Why the run failed (frames were lost, receivers were disconnected), or null if it did not. */
	public String failure() {
		return this.failure;
	}

	public String toText() {
		return this.values.entrySet()
			.stream()
			.map(entry -> entry.getKey() + "=" + text(entry.getValue()))
			.collect(Collectors.joining(" ", "spread-bench ", ""));
	}

	public String toJson() {
		return JsonMapper.builder().build().writeValueAsString(this.values);
	}

	private static String text(Object value) {
		if (value instanceof Map<?, ?> map) {
			return map.isEmpty() ? "none"
					: map.entrySet()
						.stream()
						.map(entry -> entry.getKey() + ":" + entry.getValue())
						.collect(Collectors.joining(","));
		}
		return String.valueOf(value);
	}

}
