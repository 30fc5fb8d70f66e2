package io.spread.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports settings whose values their constraints refuse, as {@link EnumValueFailureAnalyzer} reports a value that
 * is not one of its enum's: each by its key as users write it ({@code spread.hub.memory-budget}, where Spring Boot's
 * report has the field, {@code spread.hub.memoryBudget}), its value as written and where it came from, and what is
 * allowed, which the constraint's message says ({@code must be between 1s and 32767s}); several in the order of
 * their keys.
 * <p>
 * A refusal that is no one setting's, such as a rule between two settings, or one about a value that was not set, is
 * left to Spring Boot's report, which gives the rule's message. Ordered ahead of Spring Boot's analyzers, which have
 * no order (the lowest precedence).
 */
public class ValidationFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		List<Refused> refused = new ArrayList<>();
		for (ObjectError error : errors.getAllErrors()) {
			ConfigurationProperty property = (error instanceof FieldError field) ? boundProperty(errors, field) : null;
			if (property == null) {
				return null;
			}
			refused.add(new Refused(property, error.getDefaultMessage()));
		}
		if (refused.isEmpty()) {
			return null;
		}
		// Bean Validation reports violations in no particular order
		refused.sort(Comparator.comparing(Refused::key).thenComparing(Refused::reason));
		String keys = refused.stream().map(Refused::key).distinct().collect(Collectors.joining(", "));
		StringBuilder description = new StringBuilder(
				((refused.size() == 1) ? "Invalid value for " : "Invalid values for ") + keys + ":");
		StringBuilder action = new StringBuilder();
		for (Refused one : refused) {
			ConfigurationProperty property = one.property();
			description.append(String.format("%n%n    Property: %s", property.getName()));
			description.append(String.format("%n    Value: \"%s\"", property.getValue()));
			if (property.getOrigin() != null) {
				description.append(String.format("%n    Origin: %s", property.getOrigin()));
			}
			description.append(String.format("%n    Reason: %s", one.reason()));
			if (!action.isEmpty()) {
				action.append(System.lineSeparator());
			}
			action.append("Change ").append(one.key()).append(": it ").append(one.reason()).append('.');
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	/**
	 * The setting a field error is about, as it was bound; {@code null} if it was not bound from any property source,
	 * as for a rule checked by a method ({@code @AssertTrue}) or a default value.
	 */
	private static ConfigurationProperty boundProperty(ValidationErrors errors, FieldError error) {
		ConfigurationPropertyName name = ConfigurationPropertyName
			.ofIfValid(errors.getName() + "." + DataObjectPropertyName.toDashedForm(error.getField()));
		if (name == null) {
			return null;
		}
		for (ConfigurationProperty property : errors.getBoundProperties()) {
			if (property.getName().equals(name)) {
				return property;
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** A setting and what its constraint says about it, such as {@code must be between 1 and 127}. */
	private record Refused(ConfigurationProperty property, String reason) {

		String key() {
			return this.property.getName().toString();
		}

	}

}
