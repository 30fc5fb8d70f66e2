package io.spread.security;

/**
 * A token that was not accepted, and why: the {@link Reason} and a message for one line of the hub's log. Neither is
 * for the client, which is told only {@code ERR unauthorized}.
 */
public class TokenRejectedException extends Exception {

	/** Why a token was not accepted. */
	public enum Reason {

		/** Not a signed JWT in compact form: bad Base64, bad JSON, unsigned or encrypted. */
		MALFORMED,

		/** The signature does not verify with the configured key, or was made with an algorithm it does not check. */
		BAD_SIGNATURE,

		/** {@code exp} is past (beyond the clock skew). */
		EXPIRED,

		/** A claim is missing or wrong: no {@code sub} or {@code exp}, issuer, audience, not yet valid, bad rooms. */
		INVALID_CLAIMS,

		/** A valid token, issued to another name. */
		WRONG_SUBJECT

	}

	private final Reason reason;

	public TokenRejectedException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public TokenRejectedException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** One line for the log: the reason and what the check said, such as {@code EXPIRED: Expired JWT}. */
	public String logText() {
		return this.reason + ": " + getMessage();
	}

}
