package io.spread.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.spread.security.TokenRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link TokenVerifier} on tokens signed here with Nimbus: HMAC, an RSA public key in a PEM file, an EC key in a JWK
 * set file; valid, expired, wrongly signed, malformed, with bad claims; and the {@code rooms} patterns.
 */
class TokenVerifierTest {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	@TempDir
	Path files;

	@Test
	void acceptsAValidHmacTokenAndReadsNameAndRooms() throws Exception {
		TokenVerifier verifier = new TokenVerifier(hmac(SECRET));
		Instant expiry = Instant.now().plusSeconds(600);

		VerifiedToken token = verifier.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256,
				claims("alice", expiry).claim("rooms", List.of("chat-*", "sensors.*", "lobby"))));

		assertThat(token.name()).isEqualTo("alice");
		assertThat(token.expiresAt()).isEqualTo(expiry.truncatedTo(ChronoUnit.SECONDS));
		assertThat(token.rooms().patterns()).containsExactly("chat-*", "sensors.*", "lobby");
	}

	@Test
	void roomPatternsAreGlobsWithAStar() throws Exception {
		VerifiedToken token = new TokenVerifier(hmac(SECRET)).verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256,
				claims("alice", Instant.now().plusSeconds(60)).claim("rooms", List.of("chat-*", "sensors.*", "lobby"))));

		assertThat(token.allows("lobby")).isTrue();
		assertThat(token.allows("chat-")).as("a star matches the empty run too").isTrue();
		assertThat(token.allows("chat-dev")).isTrue();
		assertThat(token.allows("sensors.kitchen.fridge")).isTrue();
		assertThat(token.allows("lobby2")).as("an exact name is exact").isFalse();
		assertThat(token.allows("Lobby")).as("case matters, as in room names").isFalse();
		assertThat(token.allows("sensors")).isFalse();
		assertThat(token.allows("xchat-dev")).isFalse();
		assertThat(RoomPatterns.of(List.of("a*b*c")).allows("a-xb-yc")).isTrue();
		assertThat(RoomPatterns.of(List.of("a*b*c")).allows("a-xc-yb")).isFalse();
		assertThat(RoomPatterns.of(List.of()).allows("lobby")).as("an empty list allows nothing").isFalse();
	}

	@Test
	void aTokenWithoutRoomsAllowsEveryRoom() throws Exception {
		VerifiedToken token = new TokenVerifier(hmac(SECRET))
			.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims("bob", Instant.now().plusSeconds(60))));

		assertThat(token.allows("anything")).isTrue();
	}

	@Test
	void refusesAnExpiredTokenBeyondTheClockSkew() throws Exception {
		JwtProperties settings = hmac(SECRET);
		settings.setClockSkew(Duration.ofSeconds(30));
		TokenVerifier verifier = new TokenVerifier(settings);

		assertThat(rejection(verifier, sign(new MACSigner(SECRET), JWSAlgorithm.HS256,
				claims("alice", Instant.now().minusSeconds(120)))).reason()).isEqualTo(Reason.EXPIRED);
		assertThat(verifier.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256,
				claims("alice", Instant.now().minusSeconds(10)))).name()).as("within the skew").isEqualTo("alice");
	}

	@Test
	void refusesAWronglySignedToken() throws Exception {
		TokenVerifier verifier = new TokenVerifier(hmac(SECRET));
		String otherSecret = "another-secret-of-at-least-32-bytes!";

		TokenRejectedException rejected = rejection(verifier,
				sign(new MACSigner(otherSecret), JWSAlgorithm.HS256, claims("alice", Instant.now().plusSeconds(60))));

		assertThat(rejected.reason()).isEqualTo(Reason.BAD_SIGNATURE);
		assertThat(rejected.logText()).startsWith("BAD_SIGNATURE: ").contains("signature");
		KeyPair rsa = rsaKeyPair();
		assertThat(rejection(verifier, sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256,
				claims("alice", Instant.now().plusSeconds(60)))).reason())
			.as("an algorithm the key is not for").isEqualTo(Reason.BAD_SIGNATURE);
	}

	@Test
	void refusesATamperedToken() throws Exception {
		String token = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims("alice", Instant.now().plusSeconds(60)));
		String[] parts = token.split("\\.");
		String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(
				("{\"sub\":\"mallory\",\"exp\":" + (Instant.now().getEpochSecond() + 60) + "}")
					.getBytes(StandardCharsets.UTF_8));

		assertThat(rejection(new TokenVerifier(hmac(SECRET)), parts[0] + "." + claims + "." + parts[2]).reason())
			.isEqualTo(Reason.BAD_SIGNATURE);
	}

	@Test
	void refusesMalformedAndUnsignedTokens() throws Exception {
		TokenVerifier verifier = new TokenVerifier(hmac(SECRET));

		for (String token : List.of("", "garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln")) {
			assertThat(rejection(verifier, token).reason()).as(token).isEqualTo(Reason.MALFORMED);
		}
		String unsigned = new PlainJWT(new PlainHeader(), claims("alice", Instant.now().plusSeconds(60)).build())
			.serialize();
		assertThat(rejection(verifier, unsigned).reason()).as("alg none").isEqualTo(Reason.MALFORMED);
	}

	@Test
	void requiresSubAndExpAndChecksIssuerAudienceAndRooms() throws Exception {
		JwtProperties settings = hmac(SECRET);
		settings.setIssuer("https://issuer.example");
		settings.setAudience("spread");
		TokenVerifier verifier = new TokenVerifier(settings);
		MACSigner signer = new MACSigner(SECRET);
		Instant later = Instant.now().plusSeconds(60);
		JWTClaimsSet.Builder good = claims("alice", later).issuer("https://issuer.example").audience("spread");

		assertThat(verifier.verify(sign(signer, JWSAlgorithm.HS256, good)).name()).isEqualTo("alice");
		List<JWTClaimsSet.Builder> bad = List.of(
				new JWTClaimsSet.Builder().subject("alice").issuer("https://issuer.example").audience("spread"),
				new JWTClaimsSet.Builder().expirationTime(Date.from(later)).issuer("https://issuer.example")
					.audience("spread"),
				claims("alice", later).issuer("https://other.example").audience("spread"),
				claims("alice", later).issuer("https://issuer.example").audience("other"),
				claims("alice", later).issuer("https://issuer.example").audience("spread")
					.notBeforeTime(Date.from(Instant.now().plusSeconds(3600))),
				claims("alice", later).issuer("https://issuer.example").audience("spread").claim("rooms", "lobby"),
				claims("alice", later).issuer("https://issuer.example").audience("spread")
					.claim("rooms", List.of("lobby", "no spaces")));
		for (JWTClaimsSet.Builder claims : bad) {
			assertThat(rejection(verifier, sign(signer, JWSAlgorithm.HS256, claims)).reason())
				.as("%s", claims.build()).isEqualTo(Reason.INVALID_CLAIMS);
		}
	}

	@Test
	void refusesAValidTokenPresentedForAnotherName() throws Exception {
		TokenVerifier verifier = new TokenVerifier(hmac(SECRET));
		String token = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims("alice", Instant.now().plusSeconds(60)));

		assertThat(verifier.verify(token, "alice").name()).isEqualTo("alice");
		TokenRejectedException rejected = catchThrowableOfType(TokenRejectedException.class,
				() -> verifier.verify(token, "mallory"));
		assertThat(rejected.reason()).isEqualTo(Reason.WRONG_SUBJECT);
		assertThat(rejected.logText()).contains("alice").contains("mallory");
	}

	@Test
	void checksRsaSignaturesWithAPublicKeyPemFile() throws Exception {
		KeyPair keys = rsaKeyPair();
		Path pem = this.files.resolve("public.pem");
		Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(keys.getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----\n");
		JwtProperties settings = new JwtProperties();
		settings.setPublicKey(pem.toString());
		TokenVerifier verifier = new TokenVerifier(settings);

		assertThat(verifier.verify(sign(new RSASSASigner(keys.getPrivate()), JWSAlgorithm.RS256,
				claims("carol", Instant.now().plusSeconds(60)))).name()).isEqualTo("carol");
		assertThat(verifier.verify(sign(new RSASSASigner(keys.getPrivate()), JWSAlgorithm.PS256,
				claims("carol", Instant.now().plusSeconds(60)))).name()).isEqualTo("carol");
		assertThat(rejection(verifier, sign(new RSASSASigner(rsaKeyPair().getPrivate()), JWSAlgorithm.RS256,
				claims("carol", Instant.now().plusSeconds(60)))).reason()).isEqualTo(Reason.BAD_SIGNATURE);
		assertThat(rejection(verifier, sign(new MACSigner(SECRET), JWSAlgorithm.HS256,
				claims("carol", Instant.now().plusSeconds(60)))).reason())
			.as("HMAC with a public key as the secret: not accepted").isEqualTo(Reason.BAD_SIGNATURE);
	}

	@Test
	void checksEcSignaturesWithAJwkSetFilePickingTheKeyByKid() throws Exception {
		ECKey first = new ECKeyGenerator(Curve.P_256).keyID("first").generate();
		ECKey second = new ECKeyGenerator(Curve.P_256).keyID("second").generate();
		Path jwks = this.files.resolve("jwks.json");
		Files.writeString(jwks, new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())).toString());
		JwtProperties settings = new JwtProperties();
		settings.setJwkSet("file:" + jwks);
		TokenVerifier verifier = new TokenVerifier(settings);

		for (ECKey key : List.of(first, second)) {
			SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
					claims("dave", Instant.now().plusSeconds(60)).build());
			token.sign(new ECDSASigner(key));
			assertThat(verifier.verify(token.serialize()).name()).isEqualTo("dave");
		}
		SignedJWT wrongKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("second").build(),
				claims("dave", Instant.now().plusSeconds(60)).build());
		wrongKid.sign(new ECDSASigner(first));
		assertThat(rejection(verifier, wrongKid.serialize()).reason()).isEqualTo(Reason.BAD_SIGNATURE);
	}

	@Test
	void refusesKeyFilesItCannotUse() throws Exception {
		Path empty = Files.writeString(this.files.resolve("empty.json"), "{\"keys\":[]}");
		Path notPem = Files.writeString(this.files.resolve("not.pem"), "hello");
		JwtProperties jwks = new JwtProperties();
		jwks.setJwkSet(empty.toString());
		JwtProperties pem = new JwtProperties();
		pem.setPublicKey(notPem.toString());
		JwtProperties missing = new JwtProperties();
		missing.setPublicKey(this.files.resolve("missing.pem").toString());

		assertThatIllegalStateException().isThrownBy(() -> new TokenVerifier(jwks)).withMessageContaining("No RSA or EC key");
		assertThatIllegalStateException().isThrownBy(() -> new TokenVerifier(pem)).withMessageContaining("not.pem");
		assertThatIllegalStateException().isThrownBy(() -> new TokenVerifier(missing)).withMessageContaining("missing.pem");
		assertThatIllegalStateException().isThrownBy(() -> new TokenVerifier(new JwtProperties()))
			.withMessageContaining("spread.auth.jwt.secret");
	}

	@Test
	void acceptsWhatTheMinterSigns() throws Exception {
		JwtProperties settings = hmac(SECRET);
		settings.setIssuer("spread-dev");
		Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);

		String token = TokenMinter.withSecret(settings, clock)
			.mint("erin", RoomPatterns.of(List.of("chat-*")), Duration.ofMinutes(5));

		VerifiedToken verified = new TokenVerifier(settings).verify(token, "erin");
		assertThat(verified.expiresAt()).isEqualTo(clock.instant().plusSeconds(300).truncatedTo(ChronoUnit.SECONDS));
		assertThat(verified.allows("chat-x")).isTrue();
		assertThat(verified.allows("lobby")).isFalse();
		String expired = TokenMinter.withSecret(settings, Clock.offset(clock, Duration.ofHours(-2)))
			.mint("erin", null, Duration.ofHours(1));
		assertThat(rejection(new TokenVerifier(settings), expired).reason()).isEqualTo(Reason.EXPIRED);
	}

	private static JwtProperties hmac(String secret) {
		JwtProperties settings = new JwtProperties();
		settings.setSecret(secret);
		return settings;
	}

	private static JWTClaimsSet.Builder claims(String subject, Instant expiry) {
		return new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expiry));
	}

	private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet.Builder claims)
			throws Exception {
		SignedJWT token = new SignedJWT(new JWSHeader(algorithm), claims.build());
		token.sign(signer);
		return token.serialize();
	}

	private static TokenRejectedException rejection(TokenVerifier verifier, String token) {
		TokenRejectedException rejected = catchThrowableOfType(TokenRejectedException.class,
				() -> verifier.verify(token));
		assertThat(rejected).as("rejected: %s", token).isNotNull();
		return rejected;
	}

	private static KeyPair rsaKeyPair() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

}
