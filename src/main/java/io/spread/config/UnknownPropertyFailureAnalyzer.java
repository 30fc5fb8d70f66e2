package io.spread.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports settings that are not the application's, each with the known key spelt most like it. */
public class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertyException cause) {
		StringBuilder description = new StringBuilder();
		StringBuilder action = new StringBuilder();
		for (UnknownPropertyException.UnknownProperty property : cause.getProperties()) {
			if (!description.isEmpty()) {
				description.append(System.lineSeparator());
				action.append(System.lineSeparator());
			}
			description.append("Unknown setting ").append(property.name());
			if (!property.canonicalName().equals(property.name())) {
				description.append(" (").append(property.canonicalName()).append(')');
			}
			description.append(" from ").append(property.origin()).append('.');
			if (property.suggestion() != null) {
				description.append(" Did you mean ").append(property.suggestion()).append('?');
				action.append("Correct ").append(property.name()).append(" to ").append(property.suggestion());
			}
			else {
				action.append("Remove ").append(property.name());
			}
			action.append(". Settings under ")
				.append(property.group())
				.append(": ")
				.append(String.join(", ", property.groupKeys()))
				.append('.');
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

}
