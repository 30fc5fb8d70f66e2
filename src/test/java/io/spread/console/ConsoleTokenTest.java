package io.spread.console;

import io.spread.security.AdminLogin;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub that checks gateway tokens with an HMAC secret: the console hands its operator a token for the chat panel's
 * name and room, which the gateway takes in {@code HELLO}, and which opens that room only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.gateway.port=0",
				"spread.auth.jwt.secret=" + ConsoleTokenTest.SECRET })
class ConsoleTokenTest {

	static final String SECRET = "a-console-test-secret-of-32-bytes!";

	@LocalServerPort
	int httpPort;

	@Autowired
	@Qualifier("gatewayListener")
	TcpNioServerConnectionFactory gatewayListener;

	@Test
	void theOperatorGetsATokenForTheChatsNameAndRoom() {
		ConsoleHttp console = new ConsoleHttp(this.httpPort);
		console.logIn(AdminLogin.USERNAME, AdminLogin.PASSWORD);
		console.readCsrfToken();
		JsonNode answer = console
			.json(console.post("/console/api/chat-token", "{\"name\":\"operator-7\",\"room\":\"plant-3\"}"));
		assertThat(answer.get("required").asBoolean()).isTrue();
		String token = answer.get("token").asString();

		await().until(this.gatewayListener::isListening);
		try (LineClient anonymous = LineClient.connect(this.gatewayListener.getPort());
				LineClient operator = LineClient.connect(this.gatewayListener.getPort())) {
			anonymous.send("HELLO operator-8");
			assertThat(anonymous.read()).as("the hub does want tokens").isEqualTo("ERR unauthorized");

			operator.send("HELLO operator-7 " + token);
			assertThat(operator.read()).isEqualTo("OK HELLO operator-7");
			operator.send("JOIN plant-3");
			assertThat(operator.read()).startsWith("OK JOIN plant-3 1 ");
			operator.send("JOIN lobby");
			assertThat(operator.read()).as("the token is for one room").isEqualTo("ERR forbidden lobby");
		}
	}

}
