package io.spread.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every setting under a prefix, as the configuration metadata describes it: for help texts. */
public final class SettingsCatalog {

	private SettingsCatalog() {
	}

	/** One documented setting: its key, its default as written in configuration (or empty), what it does. */
	public record Setting(String key, String defaultValue, String description) {
	}

	/** The settings whose key starts with {@code prefix} followed by a dot, sorted by key. */
	public static List<Setting> under(String prefix, ClassLoader classLoader) {
		Map<String, Setting> settings = new LinkedHashMap<>();
		for (String location : KnownProperties.METADATA_LOCATIONS) {
			for (Map<?, ?> property : KnownProperties.properties(location, "\"" + prefix + ".", classLoader)) {
				if (property.get("name") instanceof String key && key.startsWith(prefix + ".")) {
					Object value = property.get("defaultValue");
					String description = (property.get("description") instanceof String text) ? text : "";
					settings.merge(key, new Setting(key, (value != null) ? written(value) : "", description),
							(first, second) -> first.description().isEmpty() ? second : first);
				}
			}
		}
		List<Setting> sorted = new ArrayList<>(settings.values());
		sorted.sort(Comparator.comparing(Setting::key));
		return sorted;
	}

	private static String written(Object value) {
		if (value instanceof List<?> list) {
			return String.join(",", list.stream().map(String::valueOf).toList());
		}
		if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
			return String.valueOf(number.longValue());
		}
		String text = String.valueOf(value);
		// enum defaults are recorded as constants; users write them in lower case with dashes
		return text.matches("[A-Z][A-Z0-9_]*") ? text.toLowerCase().replace('_', '-') : text;
	}

}
