package io.spread.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login in front of actuator, over real HTTP on a hub that exposes every endpoint: what answers without
 * credentials (the probes, and nothing else), with HTTP Basic, with the bearer token, and with wrong ones.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "management.endpoints.web.exposure.include=*",
				"spread.admin.token=" + AdminSecurityTest.TOKEN })
class AdminSecurityTest {

	static final String TOKEN = "test-bearer-token-0123456789";

	private static final List<String> PROBES = List.of("/actuator/health/liveness", "/actuator/health/readiness");

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int httpPort;

	/** Every path the actuator index lists, templates filled in with a value that names nothing. */
	private final List<String> endpoints = new ArrayList<>();

	@BeforeEach
	void listEndpoints() throws Exception {
		HttpResponse<String> index = get("/actuator", AdminLogin.basic(AdminLogin.USERNAME, AdminLogin.PASSWORD));
		assertThat(index.statusCode()).isEqualTo(200);
		for (Map.Entry<String, JsonNode> link : this.json.readTree(index.body()).get("_links").properties()) {
			String href = link.getValue().get("href").asString().replaceAll("\\{[^}]*}", "no-such-thing");
			this.endpoints.add(URI.create(href).getPath());
		}
		assertThat(this.endpoints).as("the index lists the endpoints").contains("/actuator/health", "/actuator/env",
				"/actuator/metrics", "/actuator/prometheus", "/actuator/sessions", "/actuator/broadcast",
				"/actuator/rooms", "/actuator/health/no-such-thing");
	}

	@Test
	void everyEndpointButTheProbesAnswers401WithoutCredentials() throws Exception {
		List<String> anonymous = new ArrayList<>(this.endpoints);
		anonymous.add("/actuator");
		anonymous.addAll(PROBES);
		anonymous.addAll(List.of("/actuator/health/hub", "/actuator/health/readiness/hub", "/actuator/health/liveness/x",
				"/actuator/health/readinessx", "/actuator/no-such-endpoint", "/"));
		for (String path : anonymous) {
			HttpResponse<String> response = get(path, null);
			if (PROBES.contains(path)) {
				assertThat(response.statusCode()).as(path).isEqualTo(200);
			}
			else {
				assertThat(response.statusCode()).as(path).isEqualTo(401);
				assertThat(response.headers().firstValue("WWW-Authenticate")).as(path)
					.hasValueSatisfying(value -> assertThat(value).startsWith("Basic realm=\"spread\""));
			}
		}
		assertThat(send("POST", "/actuator/broadcast", "{\"text\":\"hi\"}", null).statusCode()).isEqualTo(401);
		assertThat(send("DELETE", "/actuator/sessions/no-such-id", null, null).statusCode()).isEqualTo(401);
	}

	@Test
	void everyEndpointAnswersHttpBasicAndTheBearerToken() throws Exception {
		for (String authorization : List.of(AdminLogin.basic(AdminLogin.USERNAME, AdminLogin.PASSWORD),
				"Bearer " + TOKEN, "bearer " + TOKEN)) {
			for (String path : this.endpoints) {
				HttpResponse<String> response = get(path, authorization);
				// 404 for a template filled with no-such-thing, 400 for an operation that needs a parameter
				assertThat(response.statusCode()).as("%s with %s", path, authorization).isIn(200, 400, 404, 405);
			}
			assertThat(get("/actuator/sessions", authorization).statusCode()).isEqualTo(200);
			assertThat(get("/actuator/prometheus", authorization).body()).contains("spread_connections_active");
		}
	}

	@Test
	void wrongCredentialsAnswer401() throws Exception {
		for (String authorization : List.of(AdminLogin.basic(AdminLogin.USERNAME, "wrong-password"),
				AdminLogin.basic("someone", AdminLogin.PASSWORD), AdminLogin.basic(AdminLogin.USERNAME, ""),
				"Bearer wrong-token-0123456789abc", "Bearer " + TOKEN.substring(1), "Bearer ",
				"Basic not-base64!")) {
			for (String path : List.of("/actuator/sessions", "/actuator/health")) {
				assertThat(get(path, authorization).statusCode()).as("%s with %s", path, authorization)
					.isEqualTo(401);
			}
		}
	}

	@Test
	void healthDetailsOnlyForAuthorisedCallers() throws Exception {
		JsonNode anonymous = this.json.readTree(get("/actuator/health/readiness", null).body());
		assertThat(anonymous.get("status").asString()).isEqualTo("UP");
		assertThat(anonymous.has("components")).as("anonymous readiness: %s", anonymous).isFalse();

		JsonNode authorised = this.json
			.readTree(get("/actuator/health/readiness", "Bearer " + TOKEN).body());
		assertThat(authorised.at("/components/hub/details/framing").asString()).as("%s", authorised)
			.isEqualTo("line");
		JsonNode health = this.json
			.readTree(get("/actuator/health", AdminLogin.basic(AdminLogin.USERNAME, AdminLogin.PASSWORD)).body());
		assertThat(health.at("/components/diskSpace/details").isObject()).as("%s", health).isTrue();
	}

	@Test
	void writesNeedNoCsrfTokenAndNoSession() throws Exception {
		HttpResponse<String> broadcast = send("POST", "/actuator/broadcast", "{\"text\":\"maintenance\"}",
				AdminLogin.basic(AdminLogin.USERNAME, AdminLogin.PASSWORD));

		assertThat(broadcast.statusCode()).as(broadcast.body()).isBetween(200, 299);
		assertThat(broadcast.headers().firstValue("Set-Cookie")).as("stateless: no session").isEmpty();
		HttpResponse<String> byToken = send("POST", "/actuator/broadcast", "{\"text\":\"again\"}", "Bearer " + TOKEN);
		assertThat(byToken.statusCode()).as(byToken.body()).isBetween(200, 299);
	}

	@Test
	void keepsSpringSecuritysDefaultHeaders() throws Exception {
		for (String authorization : new String[] { null, "Bearer " + TOKEN }) {
			HttpResponse<String> response = get("/actuator/health/liveness", authorization);
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
					value -> assertThat(value).contains("no-store"));
		}
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		return send("GET", path, null, authorization);
	}

	private HttpResponse<String> send(String method, String path, String json, String authorization)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
			.method(method, (json == null) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(json));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
