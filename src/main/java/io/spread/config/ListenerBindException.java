package io.spread.config;

import java.util.Locale;

/**
 * A TCP listener did not start listening: its port is taken, its address is not this host's, or it neither bound
 * nor failed in time. Stops start-up; {@link ListenerBindFailureAnalyzer} turns it into the start-up failure report.
 */
public class ListenerBindException extends RuntimeException {

	private final String listenerBeanName;

	private final String host;

	private final int port;

	private final String portKey;

	private final String reason;

	/**
	 * @param portKey the property that sets the port, or {@code null} if none is known
	 * @param reason what went wrong, such as {@code Address already in use}
	 * @param cause why binding failed, or {@code null} if the listener did not bind in time
	 */
	public ListenerBindException(String listenerBeanName, String host, int port, String portKey, String reason,
			Throwable cause) {
		super("Listener '" + listenerBeanName + "' could not listen on " + host + ":" + port
				+ ((portKey != null) ? " (" + portKey + ")" : "") + ": " + reason, cause);
		this.listenerBeanName = listenerBeanName;
		this.host = host;
		this.port = port;
		this.portKey = portKey;
		this.reason = reason;
	}

	public String getListenerBeanName() {
		return this.listenerBeanName;
	}

	/** The address the listener was to bind to; {@code 0.0.0.0} is every interface. */
	public String getHost() {
		return this.host;
	}

	public int getPort() {
		return this.port;
	}

	/** The property that sets the port, or {@code null} if no {@link ListenerPortKey} names one. */
	public String getPortKey() {
		return this.portKey;
	}

	/** What went wrong, such as {@code Address already in use}. */
	public String getReason() {
		return this.reason;
	}

	/** Whether the port is taken by another process (rather than, say, the address not being this host's). */
	public boolean isPortInUse() {
		Throwable cause = getCause();
		String message = (cause != null) ? cause.getMessage() : null;
		return cause instanceof java.net.BindException && message != null
				&& message.toLowerCase(Locale.ROOT).contains("in use");
	}

	/** Whether the listener neither bound nor failed within the start-up wait. */
	public boolean isTimeout() {
		return getCause() == null;
	}

}
