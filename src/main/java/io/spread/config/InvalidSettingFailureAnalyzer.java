package io.spread.config;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports a setting that cannot be used ({@link InvalidSettingException}) as {@link ValidationFailureAnalyzer}
 * reports one its constraints refuse: its key, its value and where that came from, and why, in one message where
 * Spring Boot would print a stack trace.
 */
public class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

	private final Environment environment;

	public InvalidSettingFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
		StringBuilder description = new StringBuilder("Invalid value for " + cause.getKey() + ":");
		description.append(String.format("%n%n    Property: %s", cause.getKey()));
		ConfigurationProperty property = set(cause.getKey());
		if (property != null) {
			description.append(String.format("%n    Value: \"%s\"", property.getValue()));
			if (property.getOrigin() != null) {
				description.append(String.format("%n    Origin: %s", property.getOrigin()));
			}
		}
		description.append(String.format("%n    Reason: %s", cause.getMessage()));
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

	/** The setting as it was set, from the source that wins; {@code null} when it has its default value. */
	private ConfigurationProperty set(String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
		if (name == null) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

}
