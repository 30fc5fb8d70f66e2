package io.spread.config;

/** A listener's TLS settings that cannot be honoured: the setting at fault, and why. */
public class ListenerSslException extends RuntimeException {

	private final String key;

	private final String action;

	public ListenerSslException(String key, String problem, String action, Throwable cause) {
		super(problem, cause);
		this.key = key;
		this.action = action;
	}

	/** The setting at fault, such as {@code spread.tcp.ssl.bundle}. */
	public String getKey() {
		return this.key;
	}

	/** What to change. */
	public String getAction() {
		return this.action;
	}

}
