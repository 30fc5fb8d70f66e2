package io.spread.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

import io.spread.support.AppProcess;
import io.spread.support.AppProcess.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --spread.mode=token} as a process: the token it prints is accepted by {@link TokenVerifier} under the same
 * settings, signed with the HMAC secret or with an RSA private key; wrong use ends with exit code 1 and one line.
 */
class TokenCommandTest {

	private static final String SECRET = "a-development-secret-of-32-bytes!";

	@TempDir
	Path files;

	@Test
	void printsATokenSignedWithTheSecret() throws Exception {
		Run run = AppProcess.exitOf(Map.of("SPREAD_AUTH_JWT_SECRET", SECRET), "--spread.mode=token", "--sub=alice",
				"--rooms=chat-*,sensors.*", "--ttl=2h");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output().lines().toList()).as("only the token: no banner, no log line").hasSize(1);
		JwtProperties settings = new JwtProperties();
		settings.setSecret(SECRET);
		VerifiedToken token = new TokenVerifier(settings).verify(run.output().strip(), "alice");
		assertThat(token.allows("chat-dev")).isTrue();
		assertThat(token.allows("sensors.kitchen")).isTrue();
		assertThat(token.allows("lobby")).isFalse();
		assertThat(token.expiresAt()).isBetween(java.time.Instant.now().plusSeconds(7000),
				java.time.Instant.now().plusSeconds(7201));
	}

	@Test
	void signsWithAnRsaPrivateKeyForAHubThatHasThePublicKey() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		Path privateKey = Files.writeString(this.files.resolve("private.pem"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
		Path publicKey = Files.writeString(this.files.resolve("public.pem"), pem("PUBLIC KEY", keys.getPublic().getEncoded()));

		Run run = AppProcess.exitOf(Map.of(), "--spread.mode=token", "--sub=bob", "--private-key=" + privateKey,
				"--spread.auth.jwt.issuer=spread-dev");

		assertThat(run.exitCode()).as(run.output()).isZero();
		JwtProperties settings = new JwtProperties();
		settings.setPublicKey(publicKey.toString());
		settings.setIssuer("spread-dev");
		assertThat(new TokenVerifier(settings).verify(run.output().strip()).allows("anything")).isTrue();
	}

	@Test
	void failsWithOneLineWithoutASubOrAKey() throws Exception {
		Run noSub = AppProcess.exitOf(Map.of(), "--spread.mode=token", "--spread.auth.jwt.secret=" + SECRET);
		Run noKey = AppProcess.exitOf(Map.of(), "--spread.mode=token", "--sub=alice");
		Run typo = AppProcess.exitOf(Map.of(), "--spread.mode=token", "--sub=alice", "--room=lobby",
				"--spread.auth.jwt.secret=" + SECRET);

		assertThat(noSub.exitCode()).isEqualTo(TokenCommand.FAILED_EXIT_CODE);
		assertThat(noSub.output().strip()).startsWith("FAIL: --sub=<name> is required");
		assertThat(noKey.exitCode()).isEqualTo(TokenCommand.FAILED_EXIT_CODE);
		assertThat(noKey.output().strip()).contains("spread.auth.jwt.secret").doesNotContain("\n");
		assertThat(typo.exitCode()).isEqualTo(TokenCommand.FAILED_EXIT_CODE);
		assertThat(typo.output().strip()).contains("unknown option --room");
	}

	@Test
	void refusesTokenSettingsThatCannotWork() throws Exception {
		Run twoKeys = AppProcess.exitOf(Map.of(), "--check-config",
				"--spread.auth.jwt.secret=0123456789abcdef0123456789abcdef", "--spread.auth.jwt.jwk-set=keys.json");
		Run shortSecret = AppProcess.exitOf(Map.of(), "--check-config", "--spread.auth.jwt.secret=too-short");
		Run typo = AppProcess.exitOf(Map.of(), "--check-config", "--spread.admin.pasword=secret");

		assertThat(twoKeys.exitCode()).isEqualTo(2);
		assertThat(twoKeys.report()).contains("must name only one of spread.auth.jwt.secret, public-key and jwk-set");
		assertThat(shortSecret.exitCode()).isEqualTo(2);
		assertThat(shortSecret.report()).contains("at least 32 bytes");
		assertThat(typo.exitCode()).isEqualTo(2);
		assertThat(typo.report()).contains("spread.admin.password");
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
