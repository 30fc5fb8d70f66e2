package io.spread.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Signed tokens (JWT) for the gateway's {@code HELLO}: {@code spread.auth.jwt.*}. One key checks the signatures:
 * an HMAC secret, a public key in a PEM file, or a JWK set file. The token command
 * ({@code --spread.mode=token}) signs with the same secret, or with a private key given to it.
 */
@Validated
@ConfigurationProperties("spread.auth.jwt")
public class JwtProperties {

	/** Smallest HMAC secret, in bytes: as long as the output of SHA-256 (RFC 7518, section 3.2). */
	static final int MIN_SECRET_BYTES = 32;

	/**
	 * Require a signed, unexpired token in the gateway's HELLO, whose sub claim is the name, as soon as one of
	 * secret, public-key and jwk-set is set (SPEC section 11); false turns the check off even then (the token
	 * command still signs with the key).
	 */
	private boolean enabled = true;

	/** HMAC secret (HS256, HS384 or HS512), at least 32 bytes. Empty = none. */
	@NotNull
	private String secret = "";

	/**
	 * Location of a PEM file with the public key (BEGIN PUBLIC KEY) or a certificate (BEGIN CERTIFICATE), RSA or EC,
	 * that checks tokens signed with its private key (RS256, PS256, ES256 and the like). A plain path is a file;
	 * classpath: and file: prefixes work too. Empty = none.
	 */
	@NotNull
	private String publicKey = "";

	/**
	 * Location of a JWK set file (JSON, {"keys": [...]}) with RSA or EC public keys; a token's kid header picks
	 * the key. Empty = none.
	 */
	@NotNull
	private String jwkSet = "";

	/** The iss claim a token must have. Empty = not checked. */
	@NotNull
	private String issuer = "";

	/** A value the aud claim of a token must contain. Empty = not checked. */
	@NotNull
	private String audience = "";

	/** How far exp (and nbf, when present) may be off, for clocks that differ between the issuer and the hub. */
	@NotNull
	@DurationMin(seconds = 0)
	@DurationMax(minutes = 10)
	private Duration clockSkew = Duration.ofSeconds(60);

	@AssertTrue(message = "must name only one of spread.auth.jwt.secret, public-key and jwk-set")
	public boolean isOneKey() {
		return keys() <= 1;
	}

	/** Reported as {@code spread.auth.jwt.secret}, the setting it is named after. */
	@AssertTrue(message = "must be empty or at least " + MIN_SECRET_BYTES + " bytes")
	public boolean isSecretLongEnough() {
		return this.secret.isEmpty() || this.secret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
	}

	private long keys() {
		return Stream.of(this.secret, this.publicKey, this.jwkSet).filter(key -> !key.isEmpty()).count();
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getSecret() {
		return this.secret;
	}

	public void setSecret(String secret) {
		this.secret = secret;
	}

	public String getPublicKey() {
		return this.publicKey;
	}

	public void setPublicKey(String publicKey) {
		this.publicKey = publicKey;
	}

	public String getJwkSet() {
		return this.jwkSet;
	}

	public void setJwkSet(String jwkSet) {
		this.jwkSet = jwkSet;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(String issuer) {
		this.issuer = issuer;
	}

	public String getAudience() {
		return this.audience;
	}

	public void setAudience(String audience) {
		this.audience = audience;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

}
