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
 * A rule checked by a method ({@code @AssertTrue}) is reported as the setting the method is named after, where
 * Spring Boot's report names the method as if it were a setting: {@code isFramingCommandable} is about
 * {@code spread.gateway.framing}, {@code isSecretLongEnough} about {@code spread.auth.jwt.secret} (the longest key
 * that was set and starts the method's name). A rule named after no setting that was set, such as one between
 * several settings ({@code isOneKey}), is reported for the settings it is among ({@code spread.auth.jwt.*}), with
 * its message, which names them. Ordered ahead of Spring Boot's analyzers, which have no order (the lowest
 * precedence).
 * <p>
 * A refused entry of a list given as one comma-separated value ({@code spread.websocket.allow=10.0.0.0/8,nope}) is
 * reported as the list's setting, with the entry's number and value.
 */
public class ValidationFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		List<Refused> refused = new ArrayList<>();
		for (ObjectError error : errors.getAllErrors()) {
			Refused one = refused(errors, error);
			if (one == null) {
				return null;
			}
			refused.add(one);
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
			if (property != null) {
				description.append(String.format("%n%n    Property: %s", property.getName()));
				description.append(String.format("%n    Value: \"%s\"", property.getValue()));
				if (property.getOrigin() != null) {
					description.append(String.format("%n    Origin: %s", property.getOrigin()));
				}
			}
			else {
				description.append(String.format("%n%n    Settings: %s", one.key()));
			}
			description.append(String.format("%n    Reason: %s", one.reason()));
			if (!action.isEmpty()) {
				action.append(System.lineSeparator());
			}
			action.append("Change ").append(one.key()).append(": ").append(one.subject()).append(one.reason()).append('.');
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	/**
	 * What one error is about: a setting as it was bound, or the settings of a rule named after none; {@code null}
	 * if neither, as for a constraint on a value that was not set.
	 */
	private static Refused refused(ValidationErrors errors, ObjectError error) {
		if (!(error instanceof FieldError field)) {
			// a constraint on the class: a rule among all its settings
			return new Refused(errors.getName() + ".*", null, error.getDefaultMessage());
		}
		ConfigurationPropertyName name = ConfigurationPropertyName
			.ofIfValid(errors.getName() + "." + DataObjectPropertyName.toDashedForm(field.getField()));
		if (name == null) {
			return null;
		}
		ConfigurationProperty property = boundProperty(errors, name);
		if (property != null) {
			return new Refused(property.getName().toString(), property, error.getDefaultMessage());
		}
		if (name.isLastElementIndexed() && name.getNumberOfElements() > 1) {
			// one entry of a list given as one comma-separated value: the setting is the list
			ConfigurationProperty list = boundProperty(errors, name.getParent());
			if (list != null) {
				String index = name.getLastElement(ConfigurationPropertyName.Form.UNIFORM).replaceAll("\\D", "");
				int number = Integer.parseInt(index) + 1;
				return new Refused(list.getName().toString(), list, "entry " + number + " (\""
						+ field.getRejectedValue() + "\") " + error.getDefaultMessage());
			}
		}
		if (field.getRejectedValue() instanceof Boolean) {
			// a rule checked by a method, whose "value" is what the method returned
			property = namedInRule(errors, name);
			return (property != null) ? new Refused(property.getName().toString(), property, error.getDefaultMessage())
					: new Refused(name.getParent() + ".*", null, error.getDefaultMessage());
		}
		return null;
	}

	/** The setting bound under exactly this name, or {@code null} (not set: a default value). */
	private static ConfigurationProperty boundProperty(ValidationErrors errors, ConfigurationPropertyName name) {
		for (ConfigurationProperty property : errors.getBoundProperties()) {
			if (property.getName().equals(name)) {
				return property;
			}
		}
		return null;
	}

	/**
	 * The setting a rule is named after: of those that were set, the one with the longest name that starts the rule's
	 * ({@code spread.gateway.framing} for {@code spread.gateway.framing-commandable}); {@code null} if none does.
	 */
	private static ConfigurationProperty namedInRule(ValidationErrors errors, ConfigurationPropertyName rule) {
		ConfigurationProperty named = null;
		for (ConfigurationProperty property : errors.getBoundProperties()) {
			String key = property.getName().toString();
			if (rule.toString().startsWith(key + "-")
					&& (named == null || key.length() > named.getName().toString().length())) {
				named = property;
			}
		}
		return named;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * What a constraint says, such as {@code must be between 1 and 127}, about one setting, or about the settings
	 * of a rule among several ({@code spread.auth.jwt.*}, with no property).
	 */
	private record Refused(String key, ConfigurationProperty property, String reason) {

		/** How the action's sentence goes on before a reason that starts with a verb ({@code must be ...}). */
		String subject() {
			if (!this.reason.startsWith("must ")) {
				return "";
			}
			return (this.property != null) ? "it " : "they ";
		}

	}

}
