package io.spread.hub;

import io.spread.config.TcpProperties;
import io.spread.SpreadApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** A bad setting stops start-up, and the report names the key. */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationValidationTest {

	@ParameterizedTest
	@CsvSource({ "spread.tcp.framing, bogus", "spread.tcp.line-terminator, cr", "spread.tcp.port, 70000",
			"spread.tcp.max-frame-size, 0B", "spread.hub.outbound-buffer, -1MB",
			"spread.hub.slow-consumer-policy, ignore", "spread.hub.max-connections, 0",
			"spread.hub.close-timeout, 0s" })
	void refusesToStartAndNamesTheKey(String key, String value, CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(key + "=" + value));
		assertThat(output).contains("APPLICATION FAILED TO START").contains(key);
	}

	@Test
	void startsWithValidSettings() {
		try (ConfigurableApplicationContext context = start("spread.tcp.framing=length-prefixed")) {
			assertThat(context.getBean(TcpProperties.class).getFraming().configName()).isEqualTo("length-prefixed");
		}
	}

	private static ConfigurableApplicationContext start(String setting) {
		return new SpringApplicationBuilder(SpreadApplication.class).web(WebApplicationType.NONE)
			.run("--spread.tcp.port=0", "--spread.tcp.host=127.0.0.1", "--" + setting);
	}

}
