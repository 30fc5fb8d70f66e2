package io.spread.config;

import java.nio.file.Path;

import io.spread.SpreadApplication;
import io.spread.cli.ConfigCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What Spring Boot's failure report says about a setting: its real key, its value and why, and never a stack trace,
 * for rules checked by methods ({@code @AssertTrue}) and for settings found unusable while the application is built.
 * In process, through {@link ConfigCheck} as {@code --check-config} runs it (a real start reports the same).
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingReportTest {

	@Test
	void aRuleCheckedByAMethodNamesTheSettingItIsNamedAfter(CapturedOutput output) {
		String report = refused(output, "--spread.gateway.framing=raw");

		assertThat(report).contains("Invalid value for spread.gateway.framing:")
			.contains("Property: spread.gateway.framing")
			.contains("Value: \"raw\"")
			.contains("Reason: must be line or length-prefixed")
			.contains("Change spread.gateway.framing: it must be line or length-prefixed")
			.doesNotContain("framingCommandable");
	}

	@Test
	void aTooShortSecretIsReportedAsTheSecret(CapturedOutput output) {
		String report = refused(output, "--spread.auth.jwt.secret=short");

		assertThat(report).contains("Property: spread.auth.jwt.secret")
			.contains("Reason: must be empty or at least 32 bytes")
			.contains("Change spread.auth.jwt.secret: it must be empty or at least 32 bytes.")
			.doesNotContain("secretLongEnough");
	}

	/** A rule among several settings names no one of them, and no method either. */
	@Test
	void aRuleAmongSettingsNamesTheirGroup(CapturedOutput output) {
		String report = refused(output, "--spread.auth.jwt.secret=0123456789abcdef0123456789abcdef",
				"--spread.auth.jwt.jwk-set=keys.json");

		assertThat(report).contains("Settings: spread.auth.jwt.*")
			.contains("Reason: must name only one of spread.auth.jwt.secret, public-key and jwk-set")
			.doesNotContain("oneKey");
	}

	/** Regression: a hash Spring Security cannot read was taken, and then no login matched it. */
	@Test
	void anAdminPasswordHashThatCannotBeReadIsRefused(CapturedOutput output) {
		String report = refused(output, "--spread.admin.password={bcrypt}garbage");

		assertThat(report).contains("Property: spread.admin.password")
			.contains("Reason: must be a password, or a hash in Spring Security's encoded form that it reads")
			.doesNotContain("passwordReadable");
		assertThat(refused(output, "--spread.admin.password={sha3}abc")).as("an encoding it does not know")
			.contains("Property: spread.admin.password")
			.contains("Value: \"{sha3}abc\"");
	}

	/** Regression: an origin that is not one was taken, and matched no page. */
	@Test
	void anAllowedOriginThatIsNotAnOriginIsRefused(CapturedOutput output) {
		String report = refused(output, "--spread.websocket.allowed-origins=https://ok.example.com,game.example.com");

		assertThat(report).contains("Property: spread.websocket.allowed-origins\n")
			.contains("Reason: entry 2 (\"game.example.com\") must be an origin such as https://game.example.com")
			.doesNotContain("allowedOrigins");
		assertThatNoException().isThrownBy(() -> ConfigCheck.run(SpreadApplication.class,
				new String[] { "--spread.tcp.port=0", "--spread.gateway.port=0",
						"--spread.websocket.allowed-origins=https://*.example.com,http://localhost:[*],*" }));
	}

	@Test
	void aBcryptHashOfAPasswordIsTaken() {
		String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode("a password");
		assertThatNoException().isThrownBy(() -> ConfigCheck.run(SpreadApplication.class,
				new String[] { "--spread.tcp.port=0", "--spread.gateway.port=0", "--spread.admin.password=" + hash }));
	}

	@Test
	void aPublicKeyFileThatIsNotThereIsOneReportNamingTheSetting(CapturedOutput output) {
		String missing = Path.of("no-such-dir", "key.pem").toString();
		String report = refused(output, "--spread.auth.jwt.public-key=" + missing);

		assertThat(report).contains("Invalid value for spread.auth.jwt.public-key:")
			.contains("Value: \"" + missing + "\"")
			.contains("Origin: \"spread.auth.jwt.public-key\" from property source \"commandLineArgs\"")
			.contains("Reason: Cannot read " + missing + ": there is no such file")
			.contains("Set spread.auth.jwt.public-key to the location of a PEM file");
		assertThat(output).doesNotContain("\tat ");
	}

	@Test
	void aJwkSetThatIsNotOneIsOneReportNamingTheSetting(CapturedOutput output) {
		String report = refused(output, "--spread.auth.jwt.jwk-set=classpath:application.yml");

		assertThat(report).contains("Invalid value for spread.auth.jwt.jwk-set:")
			.contains("Reason: Cannot read a JWK set from classpath:application.yml")
			.contains("Set spread.auth.jwt.jwk-set to the location of a JWK set file");
		assertThat(output).doesNotContain("\tat ");
	}

	@Test
	void aGatewayClientWithRawFramingIsOneReportNamingTheFraming(CapturedOutput output) {
		String report = refused(output, "--spread.mode=client", "--spread.client.protocol=gateway",
				"--spread.tcp.framing=raw");

		assertThat(report).contains("Invalid value for spread.tcp.framing:")
			.contains("Value: \"raw\"")
			.contains("spread.client.protocol=gateway sends commands as frames")
			.contains("Set spread.tcp.framing to the gateway port's spread.gateway.framing (line or length-prefixed)");
		assertThat(output).doesNotContain("\tat ");
	}

	/** Checks the settings, which must fail; returns Spring Boot's report, from its banner on. */
	private static String refused(CapturedOutput output, String... settings) {
		String[] args = new String[settings.length + 3];
		args[0] = "--spread.tcp.host=127.0.0.1";
		args[1] = "--spread.tcp.port=0";
		args[2] = "--spread.gateway.port=0";
		System.arraycopy(settings, 0, args, 3, settings.length);
		assertThatException().isThrownBy(() -> ConfigCheck.run(SpreadApplication.class, args));
		// the last report: a test may be refused more than once
		int start = output.toString().lastIndexOf("APPLICATION FAILED TO START");
		assertThat(start).as(output.toString()).isNotNegative();
		return output.toString().substring(start);
	}

}
