package io.spread.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;

/**
 * Reports a setting whose value is not one of its enum's constants, listing the valid values as users write them
 * ({@code length-prefixed}, not {@code LENGTH_PREFIXED}). Ordered ahead of Spring Boot's analyzers, which have no
 * order (the lowest precedence) and whose {@code BindFailureAnalyzer} lists the constants' Java names.
 * <p>
 * A value that its constraints refuse also fails binding; that is reported by {@link ValidationFailureAnalyzer},
 * through this analyzer while {@code META-INF/spring.factories} names only this one.
 */
public class EnumValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private final ValidationFailureAnalyzer validationFailures = new ValidationFailureAnalyzer();

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (findCause(cause, BindValidationException.class) != null) {
			return this.validationFailures.analyze(rootFailure);
		}
		Class<?> type = cause.getTarget().getType().resolve();
		if (type == null || !type.isEnum() || findCause(cause, ConversionFailedException.class) == null) {
			return null;
		}
		String valid = Arrays.stream(type.getEnumConstants())
			.map((constant) -> configName((Enum<?>) constant))
			.collect(Collectors.joining(", "));
		ConfigurationProperty property = cause.getProperty();
		String key = cause.getName().toString();
		StringBuilder description = new StringBuilder("Invalid value for " + key + ":");
		description.append(String.format("%n%n    Property: %s", (property != null) ? property.getName() : key));
		if (property != null) {
			description.append(String.format("%n    Value: \"%s\"", property.getValue()));
			if (property.getOrigin() != null) {
				description.append(String.format("%n    Origin: %s", property.getOrigin()));
			}
		}
		description.append(String.format("%n    Reason: not one of %s", valid));
		String action = "Set " + key + " to one of: " + valid + ".";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	/** The name users write for a constant, as in {@code io.spread.codec.Framing#configName()}. */
	static String configName(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
