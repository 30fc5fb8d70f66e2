package io.spread.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.ClassUtils;

/**
 * The settings under one prefix that the application binds, from the configuration metadata that
 * {@code spring-boot-configuration-processor} generates for each {@code @ConfigurationProperties} class
 * ({@code META-INF/spring-configuration-metadata.json}, which also merges
 * {@code META-INF/additional-spring-configuration-metadata.json}; both are read, from every class path entry).
 * A key whose type is a map, a collection, an array, or an object bound property by property also accepts what is
 * under it, such as {@code rooms[0]} or {@code routes.a}.
 */
final class KnownProperties {

	static final String[] METADATA_LOCATIONS = { "META-INF/spring-configuration-metadata.json",
			"META-INF/additional-spring-configuration-metadata.json" };

	private final ConfigurationPropertyName prefix;

	/** Each key of the metadata, and whether names below it are part of its value. */
	private final Map<ConfigurationPropertyName, Boolean> keys;

	/** Keys that are accepted but neither suggested nor listed. */
	private final Set<ConfigurationPropertyName> unlisted;

	private KnownProperties(ConfigurationPropertyName prefix, Map<ConfigurationPropertyName, Boolean> keys,
			Set<ConfigurationPropertyName> unlisted) {
		this.prefix = prefix;
		this.keys = keys;
		this.unlisted = unlisted;
	}

	/**
	 * @param unlistedKeys keys to accept that no metadata names (each a plain value), left out of suggestions
	 */
	static KnownProperties load(String prefix, Collection<String> unlistedKeys, ClassLoader classLoader) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
		Map<ConfigurationPropertyName, Boolean> keys = new LinkedHashMap<>();
		for (String location : METADATA_LOCATIONS) {
			for (Map<?, ?> property : properties(location, "\"" + prefix + ".", classLoader)) {
				Object name = property.get("name");
				if (name instanceof String text && ConfigurationPropertyName.isValid(text)) {
					ConfigurationPropertyName key = ConfigurationPropertyName.of(text);
					if (root.isAncestorOf(key)) {
						Object type = property.get("type");
						keys.merge(key, hasChildren((type instanceof String t) ? t : null, classLoader),
								Boolean::logicalOr);
					}
				}
			}
		}
		Set<ConfigurationPropertyName> unlisted = new LinkedHashSet<>();
		unlistedKeys.forEach((key) -> unlisted.add(ConfigurationPropertyName.of(key)));
		return new KnownProperties(root, keys, unlisted);
	}

	static List<Map<?, ?>> properties(String location, String marker, ClassLoader classLoader) {
		List<Map<?, ?>> properties = new ArrayList<>();
		try {
			Enumeration<URL> resources = classLoader.getResources(location);
			while (resources.hasMoreElements()) {
				URL url = resources.nextElement();
				String json = read(url);
				// most metadata (Spring Boot's own, in every starter) has none of our keys: skip parsing it
				if (json.contains(marker)) {
					properties.addAll(properties(url, json));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read configuration metadata " + location, ex);
		}
		return properties;
	}

	private static List<Map<?, ?>> properties(URL url, String json) {
		try {
			Object list = (MetadataJson.parse(json) instanceof Map<?, ?> metadata) ? metadata.get("properties") : null;
			List<Map<?, ?>> properties = new ArrayList<>();
			if (list instanceof List<?> entries) {
				entries.stream().filter(Map.class::isInstance).map(Map.class::cast).forEach(properties::add);
			}
			return properties;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Cannot read configuration metadata " + url + ": " + ex.getMessage(), ex);
		}
	}

	private static String read(URL url) throws IOException {
		try (InputStream in = url.openStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** Whether a property of this type is bound from names below its own: containers and plain objects. */
	private static boolean hasChildren(String type, ClassLoader classLoader) {
		if (type == null) {
			return true;
		}
		String raw = type.contains("<") ? type.substring(0, type.indexOf('<')) : type;
		if (raw.endsWith("[]")) {
			return true;
		}
		try {
			Class<?> resolved = ClassUtils.forName(raw, classLoader);
			if (Map.class.isAssignableFrom(resolved) || Collection.class.isAssignableFrom(resolved)) {
				return true;
			}
			return !ApplicationConversionService.getSharedInstance().canConvert(String.class, resolved);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return true;
		}
	}

	/** Whether the metadata named any key under the prefix (it is absent when annotation processing did not run). */
	boolean isEmpty() {
		return this.keys.isEmpty();
	}

	/** Whether the property in this one-property source binds to a known key (or to a part of one). */
	boolean binds(ConfigurationPropertySource property) {
		for (Map.Entry<ConfigurationPropertyName, Boolean> key : this.keys.entrySet()) {
			if (property.getConfigurationProperty(key.getKey()) != null) {
				return true;
			}
			if (key.getValue() && property.containsDescendantOf(key.getKey()) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return this.unlisted.stream().anyMatch((key) -> property.getConfigurationProperty(key) != null);
	}

	/** The known key closest in spelling to a name, or {@code null} if none is close. */
	String closest(ConfigurationPropertyName name) {
		String target = letters(name.toString());
		return this.keys.keySet()
			.stream()
			.map((key) -> Map.entry(key, distance(target, letters(key.toString()))))
			.filter((candidate) -> candidate.getValue() <= allowance(candidate.getKey()))
			.min(Comparator.<Map.Entry<ConfigurationPropertyName, Integer>>comparingInt(Map.Entry::getValue)
				.thenComparing((candidate) -> !sameParent(candidate.getKey(), name))
				.thenComparing((candidate) -> candidate.getKey().toString()))
			.map((candidate) -> candidate.getKey().toString())
			.orElse(null);
	}

	/**
	 * The nearest group above a name that has known keys under it (the prefix at least), and what is directly under
	 * that group: key names and sub-group names, for a report to list.
	 */
	Group group(ConfigurationPropertyName name) {
		ConfigurationPropertyName group = name.getParent();
		while (!group.equals(this.prefix) && this.prefix.isAncestorOf(group)) {
			Set<String> found = children(group);
			if (!found.isEmpty()) {
				return new Group(group.toString(), found);
			}
			group = group.getParent();
		}
		return new Group(this.prefix.toString(), children(this.prefix));
	}

	private Set<String> children(ConfigurationPropertyName group) {
		Set<String> found = new TreeSet<>();
		for (ConfigurationPropertyName key : this.keys.keySet()) {
			if (group.isAncestorOf(key)) {
				found.add(key.getElement(group.getNumberOfElements(), ConfigurationPropertyName.Form.DASHED));
			}
		}
		return found;
	}

	/** What is directly under a group: the last elements of keys, and the names of sub-groups. */
	record Group(String name, Set<String> keys) {
	}

	private static boolean sameParent(ConfigurationPropertyName a, ConfigurationPropertyName b) {
		return a.getNumberOfElements() > 0 && b.getNumberOfElements() > 0 && a.getParent().equals(b.getParent());
	}

	private static int allowance(ConfigurationPropertyName key) {
		return Math.max(2, key.getLastElement(ConfigurationPropertyName.Form.UNIFORM).length() / 3);
	}

	/** Lower-case letters and digits only, so that relaxed forms and separators do not count as differences. */
	private static String letters(String name) {
		StringBuilder letters = new StringBuilder(name.length());
		for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
			if (Character.isLetterOrDigit(c)) {
				letters.append(c);
			}
		}
		return letters.toString();
	}

	/** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
	static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

}
