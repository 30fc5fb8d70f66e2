package io.spread.config;

import io.spread.SpreadApplication;
import io.spread.cli.ConfigCheck;
import io.spread.config.AddressRanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Settings with a range of their own, checked as {@code --check-config} checks them: a value outside the range stops
 * start-up with a report that names the key and says what is allowed, and a value inside it is accepted.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingRangesTest {

	private static final String MEMORY_BUDGET_ALLOWED = "must be a percentage of the maximum heap from 1% to 100%, "
			+ "or a size of at least 1MB";

	@ParameterizedTest
	@ValueSource(strings = { "0MB", "0B", "1B", "1023KB", "0%", "-5%", "-1MB", "101%", "150%", "garbage", "50", "%",
			"99999999999GB", "99999999999%" })
	void memoryBudgetOutsideItsRangeIsRefused(String value, CapturedOutput output) {
		assertRefused("spread.hub.memory-budget", value, MEMORY_BUDGET_ALLOWED, output);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1%", "50%", "95%", "100%", "1MB", "1024KB", "512MB", "2GB" })
	void memoryBudgetInsideItsRangeIsAccepted(String value) {
		assertAccepted("spread.hub.memory-budget", value);
	}

	/** Linux refuses TCP_KEEPIDLE and TCP_KEEPINTVL outside 1..32767 seconds, and TCP_KEEPCNT outside 1..127. */
	@ParameterizedTest
	@CsvSource({ "idle, 0s", "idle, 500ms", "idle, 32768s", "idle, 10h", "interval, 0s", "interval, 32768s",
			"interval, 1d" })
	void keepAliveTimesOutsideWhatTheKernelAllowsAreRefused(String name, String value, CapturedOutput output) {
		assertRefused("spread.tcp.keep-alive." + name, value, "must be between 1s and 32767s", output);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "128", "1000" })
	void keepAliveCountOutsideWhatTheKernelAllowsIsRefused(String value, CapturedOutput output) {
		assertRefused("spread.tcp.keep-alive.count", value, "must be between 1 and 127", output);
	}

	@ParameterizedTest
	@CsvSource({ "idle, 1s", "idle, 32767s", "idle, 2h", "interval, 1s", "interval, 32767s", "count, 1",
			"count, 127" })
	void keepAliveSettingsInsideTheirRangeAreAccepted(String name, String value) {
		assertAccepted("spread.tcp.keep-alive." + name, value);
	}

	@Test
	void everyRefusedValueOfAGroupIsReported(CapturedOutput output) {
		assertThatException().isThrownBy(() -> check("--spread.tcp.keep-alive.interval=0s",
				"--spread.tcp.keep-alive.count=500"));
		assertThat(report(output))
			.contains("Invalid values for spread.tcp.keep-alive.count, spread.tcp.keep-alive.interval:")
			.contains(String.format("Change spread.tcp.keep-alive.count: it must be between 1 and 127.%n"
					+ "Change spread.tcp.keep-alive.interval: it must be between 1s and 32767s."));
	}

	/**
	 * A rule between two settings, checked by a method, is reported as the setting the method is named after, with
	 * the rule's message, which names the other.
	 */
	@Test
	void aRuleBetweenSettingsIsReportedWithItsMessage(CapturedOutput output) {
		assertThatException().isThrownBy(() -> check("--spread.hub.outbound-buffer=16MB",
				"--spread.hub.outbound-buffer-max=8MB"));
		assertThat(report(output)).contains("Property: spread.hub.outbound-buffer-max")
			.contains("Value: \"8MB\"")
			.contains("spread.hub.outbound-buffer-max must be at least spread.hub.outbound-buffer")
			.doesNotContain("outboundBufferMaxAtLeastOutboundBuffer");
	}

	@ParameterizedTest
	@ValueSource(strings = { "example.com", "10.0.0.0/33", "10.0.0", "fd00::/129", "" })
	void anAllowListEntryThatIsNotAnAddressOrRangeIsRefused(String value, CapturedOutput output) {
		assertRefused("spread.tcp.allow[0]", value, AddressRanges.MESSAGE, output);
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.0/8", "127.0.0.1", "fd00::/8", "::1" })
	void allowListEntriesThatAreAddressesOrRangesAreAccepted(String value) {
		assertAccepted("spread.gateway.allow[0]", value);
	}

	private static void assertRefused(String key, String value, String allowed, CapturedOutput output) {
		assertThatException().isThrownBy(() -> check("--" + key + "=" + value));
		assertThat(report(output)).contains("Invalid value for " + key + ":")
			.contains("Property: " + key)
			.contains("Value: \"" + value + "\"")
			.contains("Reason: " + allowed)
			.contains("Change " + key + ": it " + allowed)
			.doesNotContain("\tat ");
	}

	private static void assertAccepted(String key, String value) {
		assertThatNoException().as(key + "=" + value).isThrownBy(() -> check("--" + key + "=" + value));
	}

	private static void check(String... arguments) {
		ConfigCheck.run(SpreadApplication.class, arguments);
	}

	/** The last failure report printed. */
	private static String report(CapturedOutput output) {
		String all = output.getAll();
		int start = all.lastIndexOf("APPLICATION FAILED TO START");
		assertThat(start).as("failure report in:%n%s", all).isNotNegative();
		return all.substring(start);
	}

}
