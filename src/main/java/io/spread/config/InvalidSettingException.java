package io.spread.config;

/**
 * A setting that binds and validates but cannot be used, found while the application is built: a key file that
 * cannot be read, a value that does not go with another setting's. Carries the setting at fault and what to change,
 * for {@link InvalidSettingFailureAnalyzer}'s report.
 */
public class InvalidSettingException extends IllegalStateException {

	private final String key;

	private final String action;

	/**
	 * @param key the setting at fault, such as {@code spread.auth.jwt.public-key}
	 * @param problem what is wrong with its value, without a final full stop
	 * @param action what to change, a sentence
	 * @param cause the failure that showed it, or {@code null}
	 */
	public InvalidSettingException(String key, String problem, String action, Throwable cause) {
		super(problem, cause);
		this.key = key;
		this.action = action;
	}

	/** The setting at fault, such as {@code spread.auth.jwt.public-key}. */
	public String getKey() {
		return this.key;
	}

	/** What to change. */
	public String getAction() {
		return this.action;
	}

}
