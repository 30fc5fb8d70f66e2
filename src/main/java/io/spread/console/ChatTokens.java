package io.spread.console;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.spread.security.JwtProperties;
import io.spread.security.RoomPatterns;
import io.spread.security.TokenMinter;

/**
 * Tokens for the console's chat panel. When the hub checks tokens in the gateway's {@code HELLO}
 * ({@code spread.auth.jwt.*} has a key and is enabled) and holds the HMAC secret, the logged-in operator gets a
 * short-lived token for the name and the one room the panel asks for; with a public key or JWK set the hub cannot
 * sign, and the panel says so.
 */
class ChatTokens {

	/** How long a console token is good for: long enough to say {@code HELLO} right after it is handed out. */
	static final Duration TTL = Duration.ofMinutes(5);

	/**
	 * What the panel sends in {@code HELLO}.
	 * @param required whether the hub checks tokens
	 * @param token a token for the name and room, or null (none needed, or none can be made)
	 * @param reason why there is no token although one is required, else null
	 */
	record Answer(boolean required, String token, String reason) {
	}

	private final boolean required;

	private final TokenMinter minter;

	/**
	 * @param required whether the hub checks tokens (it has a {@code TokenVerifier})
	 */
	ChatTokens(boolean required, JwtProperties settings) {
		this.required = required;
		this.minter = (required && !settings.getSecret().isEmpty())
				? TokenMinter.withSecret(settings, Clock.systemUTC()) : null;
	}

	Answer forChat(String name, String room) {
		if (!this.required) {
			return new Answer(false, null, null);
		}
		if (this.minter == null) {
			return new Answer(true, null, "the hub checks gateway tokens with a public key (spread.auth.jwt.public-key "
					+ "or jwk-set) and cannot sign one: the chat needs spread.auth.jwt.secret");
		}
		return new Answer(true, this.minter.mint(name, RoomPatterns.of(List.of(room)), TTL), null);
	}

}
