package io.spread.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/** A scenario's summary: named values in a fixed order, printed as one key=value line or as JSON. */
public final class BenchResult {

	private final Map<String, Object> values = new LinkedHashMap<>();

	BenchResult put(String key, Object value) {
		this.values.put(key, value);
		return this;
	}

	/** Puts {@code count / seconds}, rounded to a whole number. */
	BenchResult putRate(String key, long count, double seconds) {
		return put(key, (seconds > 0) ? Math.round(count / seconds) : 0);
	}

	public Object get(String key) {
		return this.values.get(key);
	}

	public long getLong(String key) {
		return ((Number) this.values.get(key)).longValue();
	}

	public String toText() {
		return this.values.entrySet()
			.stream()
			.map(entry -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining(" ", "spread-bench ", ""));
	}

	public String toJson() {
		return JsonMapper.builder().build().writeValueAsString(this.values);
	}

}
