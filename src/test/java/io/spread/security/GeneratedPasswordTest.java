package io.spread.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.spread.support.AppProcess;
import io.spread.support.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub started with no {@code spread.admin.password}, as the jar runs with its own logging: it logs one generated
 * password, once, where the default log levels show it, and that password opens the actuator.
 */
class GeneratedPasswordTest {

	private static final Pattern LOGIN = Pattern
		.compile("WARN .*No spread\\.admin\\.password set: the actuator login for this run is admin / (\\S+) ");

	private static final Pattern HTTP_PORT = Pattern.compile("HTTP \\(actuator, console\\) on port (\\d+)");

	@Test
	void logsAGeneratedPasswordOnceAndItWorks() throws Exception {
		Path log = Files.createTempFile("spread-login", ".log");
		Process hub = AppProcess.start(Map.of(), log, "--logging.config=classpath:logback-spring.xml",
				"--spread.admin.password=", "--spread.tcp.port=" + FreePorts.next());
		try {
			await().atMost(AppProcess.EXIT_WITHIN).until(() -> Files.readString(log).contains("Spread hub ready"));
			List<String> lines = Files.readAllLines(log);
			List<String> logins = lines.stream().filter(line -> line.contains("spread.admin.password")).toList();
			assertThat(logins).as("%s", lines).hasSize(1);
			Matcher login = LOGIN.matcher(logins.get(0));
			assertThat(login.find()).as(logins.get(0)).isTrue();
			String password = login.group(1);
			Matcher port = HTTP_PORT.matcher(String.join("\n", lines));
			assertThat(port.find()).isTrue();
			URI health = URI.create("http://127.0.0.1:" + port.group(1) + "/actuator/health");

			assertThat(status(health, AdminLogin.basic("admin", password))).isEqualTo(200);
			assertThat(status(health, AdminLogin.basic("admin", AdminLogin.PASSWORD)))
				.as("the tests' configured password is replaced, not added").isEqualTo(401);
			assertThat(status(health, null)).isEqualTo(401);
			assertThat(Files.readAllLines(log)).as("still logged once").filteredOn(line -> line.contains("login for this run"))
				.hasSize(1);
		}
		finally {
			hub.destroy();
			if (!hub.waitFor(30, TimeUnit.SECONDS)) {
				hub.destroyForcibly();
			}
			Files.deleteIfExists(log);
		}
	}

	private static int status(URI uri, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri);
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
