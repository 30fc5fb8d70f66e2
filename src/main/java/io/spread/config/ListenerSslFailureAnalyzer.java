package io.spread.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports TLS settings a listener cannot serve with by the setting at fault, in one message. */
public class ListenerSslFailureAnalyzer extends AbstractFailureAnalyzer<ListenerSslException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenerSslException cause) {
		return new FailureAnalysis(cause.getKey() + ": " + cause.getMessage() + ".", cause.getAction(), cause);
	}

}
