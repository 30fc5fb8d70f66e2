package io.spread.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a TCP listener that could not bind by its port and the setting that chooses it. */
public class ListenerBindFailureAnalyzer extends AbstractFailureAnalyzer<ListenerBindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenerBindException cause) {
		String key = cause.getPortKey();
		String port = "TCP port " + cause.getPort() + ((key != null) ? " (" + key + ")" : "");
		String where = " on " + cause.getHost();
		String listener = (key != null) ? "" : " for listener '" + cause.getListenerBeanName() + "'";
		String description;
		String action;
		String setting = (key != null) ? "set " + key : "configure listener '" + cause.getListenerBeanName() + "'";
		if (cause.isPortInUse()) {
			description = port + where + listener + " is already in use.";
			action = "Stop the process that is listening on port " + cause.getPort() + ", or " + setting
					+ " to a free port (0 picks one).";
		}
		else if (cause.isTimeout()) {
			description = port + where + listener + " was " + cause.getReason() + ".";
			action = "Check the log above for why the listener did not start.";
		}
		else {
			description = port + where + listener + " could not be bound: " + cause.getReason() + ".";
			action = "Check that " + cause.getHost() + " is an address of this host and that the port may be used, or "
					+ setting + " to another port.";
		}
		return new FailureAnalysis(description, action, cause);
	}

}
