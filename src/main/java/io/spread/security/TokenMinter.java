package io.spread.security;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * Signs tokens that {@link TokenVerifier} accepts under the same settings: with the HMAC secret (HS256), or with an
 * RSA (RS256) or EC (ES256, ES384, ES512 by curve) private key whose public half the verifier has. The claims are
 * {@code sub}, {@code rooms} when given, {@code iat}, {@code exp}, and {@code iss} and {@code aud} when configured.
 */
public final class TokenMinter {

	private final JWSSigner signer;

	private final JWSHeader header;

	private final JwtProperties settings;

	private final Clock clock;

	private TokenMinter(JWSSigner signer, JWSHeader header, JwtProperties settings, Clock clock) {
		this.signer = signer;
		this.header = header;
		this.settings = settings;
		this.clock = clock;
	}

	/** A minter with the configured HMAC secret. */
	public static TokenMinter withSecret(JwtProperties settings, Clock clock) {
		if (settings.getSecret().isEmpty()) {
			throw new IllegalStateException("No secret to sign with: set spread.auth.jwt.secret, or give a private key");
		}
		try {
			return new TokenMinter(new MACSigner(settings.getSecret().getBytes(StandardCharsets.UTF_8)),
					header(JWSAlgorithm.HS256, null), settings, clock);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign with spread.auth.jwt.secret: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A minter with the private key of a PEM file (PKCS#8, or PKCS#1 RSA, or SEC 1 EC).
	 * @param keyId the {@code kid} header, for a verifier with a JWK set of several keys; null for none
	 */
	public static TokenMinter withPrivateKey(String location, String keyId, JwtProperties settings, Clock clock) {
		PrivateKey key;
		try {
			key = PemContent.of(VerificationKeys.read(location)).getPrivateKey();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Cannot read a private key (PEM) from " + location, ex);
		}
		try {
			if (key instanceof RSAPrivateKey rsa) {
				return new TokenMinter(new RSASSASigner(rsa), header(JWSAlgorithm.RS256, keyId), settings, clock);
			}
			if (key instanceof ECPrivateKey ec) {
				return new TokenMinter(new ECDSASigner(ec), header(ECDSA.resolveAlgorithm(ec), keyId), settings,
						clock);
			}
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign with the key in " + location + ": " + ex.getMessage(), ex);
		}
		throw new IllegalStateException("Not an RSA or EC private key: " + location);
	}

	private static JWSHeader header(JWSAlgorithm algorithm, String keyId) {
		return new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build();
	}

	/**
	 * A signed token in compact form.
	 * @param rooms the room patterns of the {@code rooms} claim; null leaves the claim out (every room)
	 */
	public String mint(String subject, RoomPatterns rooms, Duration ttl) {
		Instant now = this.clock.instant();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(ttl)));
		if (rooms != null) {
			claims.claim(TokenVerifier.ROOMS_CLAIM, rooms.patterns());
		}
		if (!this.settings.getIssuer().isEmpty()) {
			claims.issuer(this.settings.getIssuer());
		}
		if (!this.settings.getAudience().isEmpty()) {
			claims.audience(this.settings.getAudience());
		}
		SignedJWT token = new SignedJWT(this.header, claims.build());
		try {
			token.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the token: " + ex.getMessage(), ex);
		}
		return token.serialize();
	}

}
