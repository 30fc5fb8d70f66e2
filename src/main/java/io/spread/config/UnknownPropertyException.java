package io.spread.config;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings under {@code spread.} that nothing binds: most likely misspelt, and silently ignored if start-up went on.
 * Thrown by {@link UnknownPropertyCheck}; {@link UnknownPropertyFailureAnalyzer} turns it into the start-up failure
 * report.
 */
public class UnknownPropertyException extends RuntimeException {

	private final List<UnknownProperty> properties;

	public UnknownPropertyException(List<UnknownProperty> properties) {
		super(properties.stream().map(UnknownProperty::describe).collect(Collectors.joining("; ")));
		this.properties = List.copyOf(properties);
	}

	public List<UnknownProperty> getProperties() {
		return this.properties;
	}

	/**
	 * One unknown setting.
	 *
	 * @param name the name as written, such as {@code spread.tcp.prot} or {@code SPREAD_TCP_PROT}
	 * @param canonicalName the name in the dotted form Spring Boot reads it as, such as {@code spread.tcp.prot}
	 * @param origin where it was set, such as {@code command line argument}
	 * @param suggestion the known key spelt most like it, in the form the name was written in; {@code null} if none
	 * @param group the group the known keys near it are in, such as {@code spread.tcp}
	 * @param groupKeys what is directly under that group
	 */
	public record UnknownProperty(String name, String canonicalName, String origin, String suggestion, String group,
			Set<String> groupKeys) {

		String describe() {
			return name + ((canonicalName.equals(name)) ? "" : " (" + canonicalName + ")") + " from " + origin
					+ ((suggestion != null) ? ", did you mean " + suggestion + "?" : "");
		}

	}

}
