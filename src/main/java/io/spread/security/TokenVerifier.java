package io.spread.security;

import java.text.ParseException;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;

import io.spread.security.TokenRejectedException.Reason;

/**
 * Checks the tokens clients present ({@code spread.auth.jwt.*}) with Nimbus JOSE + JWT: a signed JWT in compact
 * form, its signature made with the configured key by an algorithm that key is for, {@code exp} and {@code sub}
 * present, {@code exp} (and {@code nbf}, if any) within the clock skew of now, and {@code iss} and {@code aud} when
 * configured. What Spread takes from it: the name ({@code sub}) and the rooms ({@code rooms}, a list of
 * {@link RoomPatterns}; absent = every room). Thread-safe.
 */
public class TokenVerifier {

	/** The claim that lists the room patterns a token allows. */
	public static final String ROOMS_CLAIM = "rooms";

	private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

	public TokenVerifier(JwtProperties settings) {
		this.processor.setJWSKeySelector(VerificationKeys.from(settings));
		DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
				settings.getAudience().isEmpty() ? null : Set.of(settings.getAudience()),
				settings.getIssuer().isEmpty() ? null
						: new JWTClaimsSet.Builder().issuer(settings.getIssuer()).build(),
				Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME), null);
		claims.setMaxClockSkew(Math.toIntExact(settings.getClockSkew().toSeconds()));
		this.processor.setJWTClaimsSetVerifier(claims);
	}

	/** The token's claims, if it is valid; otherwise why not. */
	public VerifiedToken verify(String token) throws TokenRejectedException {
		JWTClaimsSet claims = process(signed(token));
		RoomPatterns rooms;
		try {
			List<String> patterns = claims.getStringListClaim(ROOMS_CLAIM);
			rooms = (patterns != null) ? RoomPatterns.of(patterns) : RoomPatterns.any();
		}
		catch (ParseException | IllegalArgumentException ex) {
			throw new TokenRejectedException(Reason.INVALID_CLAIMS,
					"the rooms claim is not a list of room patterns: " + ex.getMessage(), ex);
		}
		return new VerifiedToken(claims.getSubject(), rooms, claims.getExpirationTime().toInstant());
	}

	/** The token's claims, if it is valid and was issued to {@code name}; otherwise why not. */
	public VerifiedToken verify(String token, String name) throws TokenRejectedException {
		VerifiedToken verified = verify(token);
		if (!verified.name().equals(name)) {
			throw new TokenRejectedException(Reason.WRONG_SUBJECT,
					"token issued to '" + verified.name() + "', presented for '" + name + "'");
		}
		return verified;
	}

	private static SignedJWT signed(String token) throws TokenRejectedException {
		JWT jwt;
		try {
			jwt = JWTParser.parse(token);
			jwt.getJWTClaimsSet(); // a payload that is not a JSON object fails here, not as a claim
		}
		catch (ParseException ex) {
			throw new TokenRejectedException(Reason.MALFORMED, "not a JWT: " + ex.getMessage(), ex);
		}
		if (jwt instanceof SignedJWT signed) {
			return signed;
		}
		throw new TokenRejectedException(Reason.MALFORMED,
				"not a signed JWT (alg " + jwt.getHeader().getAlgorithm() + ")");
	}

	private JWTClaimsSet process(SignedJWT token) throws TokenRejectedException {
		try {
			return this.processor.process(token, null);
		}
		catch (ExpiredJWTException ex) {
			throw new TokenRejectedException(Reason.EXPIRED, ex.getMessage(), ex);
		}
		catch (BadJWTException ex) {
			throw new TokenRejectedException(Reason.INVALID_CLAIMS, ex.getMessage(), ex);
		}
		catch (BadJWSException ex) {
			throw new TokenRejectedException(Reason.BAD_SIGNATURE, ex.getMessage(), ex);
		}
		catch (BadJOSEException | JOSEException ex) {
			// no key for the token's algorithm (or kid), or a key the algorithm cannot use
			throw new TokenRejectedException(Reason.BAD_SIGNATURE,
					ex.getMessage() + " (alg " + token.getHeader().getAlgorithm() + ")", ex);
		}
	}

}
