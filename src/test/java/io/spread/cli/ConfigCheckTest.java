package io.spread.cli;

import java.net.InetAddress;
import java.net.ServerSocket;

import io.spread.SpreadApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@code --check-config} refuses what a real start refuses, the hub's web side's settings too, and binds nothing: in
 * process, {@link ConfigCheck} as the jar's {@code main} runs it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigCheckTest {

	/** Settings that only the HTTP server, the admin login and the WebSocket endpoints read. */
	@ParameterizedTest
	@CsvSource({ "spread.admin.token, short", "server.port, abc", "spread.websocket.allow, nope" })
	void refusesTheWebSidesSettingsAsARealStartDoes(String key, String value, CapturedOutput output) {
		assertThatException().isThrownBy(() -> check("--" + key + "=" + value));

		assertThat(output).contains("APPLICATION FAILED TO START").contains(key);
	}

	/** The port stays held by the test: a check that started the HTTP server would fail. */
	@Test
	void buildsTheWebServerWithoutBindingItsPort(CapturedOutput output) throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThatNoException().isThrownBy(() -> check("--server.address=127.0.0.1",
					"--server.port=" + taken.getLocalPort(), "--spread.admin.token=0123456789abcdef"));
		}
		assertThat(output).doesNotContain("APPLICATION FAILED TO START");
	}

	/** The admin password generated for a run is not logged by a check, which is no run. */
	@Test
	void logsNoAdminPassword(CapturedOutput output) {
		check();

		assertThat(output).doesNotContain("actuator login");
	}

	private static void check(String... settings) {
		String[] args = new String[settings.length + 3];
		args[0] = "--spread.tcp.host=127.0.0.1";
		args[1] = "--spread.tcp.port=0";
		args[2] = "--spread.gateway.port=0";
		System.arraycopy(settings, 0, args, 3, settings.length);
		ConfigCheck.run(SpreadApplication.class, args);
	}

}
