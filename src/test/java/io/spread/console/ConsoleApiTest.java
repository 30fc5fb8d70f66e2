package io.spread.console;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.spread.hub.HubOperations;
import io.spread.security.AdminLogin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's login and JSON API over plain HTTP, as the page uses them: what needs the login, CSRF on POSTs,
 * pages cut and filtered on the server, and a 400 that says what is wrong for each bad request.
 */
@ConsoleHubTest
class ConsoleApiTest {

	@LocalServerPort
	int httpPort;

	@Autowired
	@Qualifier("gatewayListener")
	TcpNioServerConnectionFactory gatewayListener;

	@Autowired
	HubOperations hub;

	private final List<LineClient> clients = new ArrayList<>();

	private ConsoleHttp console;

	@BeforeEach
	void logIn() {
		this.console = new ConsoleHttp(this.httpPort);
		HttpResponse<String> login = this.console.logIn(AdminLogin.USERNAME, AdminLogin.PASSWORD);
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
				location -> assertThat(location).endsWith("/console/"));
		this.console.readCsrfToken();
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(LineClient::close);
		await().until(this.hub::clientCount, count -> count == 0);
	}

	@Test
	void withoutTheLoginThePageGoesToTheFormAndTheApiAnswers401() {
		ConsoleHttp anonymous = new ConsoleHttp(this.httpPort);
		for (String page : List.of("/console", "/console/", "/console/index.html", "/console/console.js",
				"/webjars/chart.js/4.4.1/dist/chart.umd.js")) {
			HttpResponse<String> response = anonymous.get(page);
			assertThat(response.statusCode()).as(page).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).as(page)
				.hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
		}
		for (String api : List.of("/console/api/me", "/console/api/sessions", "/console/api/rooms",
				"/console/api/rates", "/console/api/logs")) {
			HttpResponse<String> response = anonymous.get(api);
			assertThat(response.statusCode()).as(api).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as("no browser login dialog").isEmpty();
		}
		HttpResponse<String> wrong = anonymous.logIn(AdminLogin.USERNAME, "not-the-password");
		assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(
				location -> assertThat(location).endsWith("/login?error"));
		assertThat(anonymous.get("/console/api/sessions").statusCode()).isEqualTo(401);
	}

	@Test
	void theLoggedInPageLoadsWithItsLibraryAndAStrictPolicy() {
		assertThat(this.console.get("/console").headers().firstValue("Location"))
			.hasValueSatisfying(location -> assertThat(location).endsWith("/console/"));
		HttpResponse<String> page = this.console.get("/console/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>Spread console</title>");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(
				ConsoleSecurityConfiguration.CONTENT_SECURITY_POLICY);
		assertThat(this.console.get("/webjars/chart.js/4.4.1/dist/chart.umd.js").statusCode()).isEqualTo(200);
		assertThat(this.console.json(this.console.get("/console/api/me")).get("user").asString())
			.isEqualTo(AdminLogin.USERNAME);
	}

	@Test
	void theConsoleSessionDoesNotOpenTheActuator() {
		// the actuator API wants credentials on every request; the console's cookie is not one
		assertThat(this.console.get("/actuator/sessions").statusCode()).isEqualTo(401);
	}

	@Test
	void postsNeedTheCsrfToken() {
		String body = "{\"text\":\"hello\"}";
		assertThat(this.console.postWithoutCsrf("/console/api/broadcast", body).statusCode()).isEqualTo(403);
		assertThat(this.console.postWithoutCsrf("/console/api/sessions/c1/disconnect", "").statusCode())
			.isEqualTo(403);
		assertThat(this.console.post("/console/api/broadcast", body).statusCode()).isEqualTo(200);
	}

	@Test
	void sessionsAreFilteredAndCutIntoPagesOnTheServer() {
		for (int i = 0; i < 7; i++) {
			gateway("pager-" + i, (i % 2 == 0) ? "even-room" : "odd-room");
		}
		JsonNode all = this.console.json(this.console.get("/console/api/sessions?filter=PAGER-&size=3&page=2"));
		assertThat(all.get("total").asInt()).isEqualTo(7);
		assertThat(all.get("pages").asInt()).isEqualTo(3);
		assertThat(all.get("items")).hasSize(1);

		List<String> names = new ArrayList<>();
		for (int page = 0; page < 3; page++) {
			this.console.json(this.console.get("/console/api/sessions?filter=pager-&size=3&page=" + page))
				.get("items")
				.forEach(item -> names.add(item.get("name").asString()));
		}
		assertThat(names).as("oldest first, each once").containsExactly("pager-0", "pager-1", "pager-2",
				"pager-3", "pager-4", "pager-5", "pager-6");

		JsonNode odd = this.console.json(this.console.get("/console/api/sessions?filter=odd-room"));
		assertThat(odd.get("total").asInt()).isEqualTo(3);
		JsonNode beyond = this.console.json(this.console.get("/console/api/sessions?filter=pager-&size=3&page=9"));
		assertThat(beyond.get("items")).isEmpty();
		assertThat(beyond.get("pages").asInt()).isEqualTo(3);
		JsonNode none = this.console.json(this.console.get("/console/api/sessions?filter=no-such-client"));
		assertThat(none.get("total").asInt()).isZero();
		assertThat(none.get("pages").asInt()).as("page 1 of 1, empty").isEqualTo(1);
	}

	@Test
	void roomsListTheirMembersUpToFifty() {
		for (int i = 0; i < 55; i++) {
			gateway(String.format("member-%02d", i), "crowded");
		}
		JsonNode rooms = this.console.json(this.console.get("/console/api/rooms?filter=crowded"));
		assertThat(rooms.get("total").asInt()).isEqualTo(1);
		JsonNode crowded = rooms.get("items").get(0);
		assertThat(crowded.get("room").asString()).isEqualTo("crowded");
		assertThat(crowded.get("memberCount").asInt()).isEqualTo(55);
		assertThat(crowded.get("members")).hasSize(ConsoleController.MAX_MEMBERS_LISTED);
		assertThat(crowded.get("members").get(0).asString()).isEqualTo("member-00");
		JsonNode byMember = this.console.json(this.console.get("/console/api/rooms?filter=member-54"));
		assertThat(byMember.get("items").get(0).get("room").asString()).as("found by a member's name")
			.isEqualTo("crowded");
	}

	@Test
	void aSessionIsDisconnectedByItsId() {
		LineClient client = gateway("leaving", "lobby");
		String id = this.hub.sessions().stream().filter(s -> "leaving".equals(s.name())).findFirst().orElseThrow().id();

		JsonNode done = this.console.json(this.console.post("/console/api/sessions/" + id + "/disconnect", ""));
		assertThat(done.get("disconnected").asString()).isEqualTo(id);
		assertThat(client.readUntil("the operator's notice", line -> line.startsWith("ERR")))
			.isEqualTo("ERR disconnected-by-operator");
		// gone once the hub has closed it
		await().until(() -> this.console.post("/console/api/sessions/" + id + "/disconnect", "").statusCode(),
				status -> status == 404);
	}

	@Test
	void badRequestsAre400WithWhatIsWrong() {
		Map<String, String> gets = Map.of(
				"/console/api/sessions?page=-1", "page must be 0 or more",
				"/console/api/sessions?size=0", "size must be between 1 and 200",
				"/console/api/sessions?size=201", "size must be between 1 and 200",
				"/console/api/rooms?size=101", "size must be between 1 and 100",
				"/console/api/sessions?page=two", "page must be a whole number",
				"/console/api/logs?after=x", "after must be a whole number",
				"/console/api/sessions?filter=" + "x".repeat(65), "filter must be at most 64 characters");
		gets.forEach((path, error) -> expect400(this.console.get(path), error));

		expect400(this.console.post("/console/api/broadcast", "{}"), "text is required");
		expect400(this.console.post("/console/api/broadcast", "{\"text\":\"two\\nlines\"}"),
				"text must be one line: a notice is sent as one frame");
		expect400(this.console.post("/console/api/broadcast", "{\"text\":\"" + "x".repeat(1001) + "\"}"),
				"text must be at most 1000 characters");
		expect400(this.console.post("/console/api/broadcast", "not json"), "the body must be a JSON object");
		expect400(this.console.post("/console/api/chat-token", "{\"name\":\"no spaces\",\"room\":\"lobby\"}"),
				"name must be 1-64 characters of A-Z a-z 0-9 . _ -");
		expect400(this.console.post("/console/api/chat-token", "{\"name\":\"ann\"}"),
				"room must be 1-64 characters of A-Z a-z 0-9 . _ -");

		HttpResponse<String> unknown = this.console.post("/console/api/sessions/no-such-id/disconnect", "");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(this.console.parse(unknown).get("error").asString()).isEqualTo("no session no-such-id");
	}

	@Test
	void withoutATokenKeyTheChatNeedsNoToken() {
		JsonNode answer = this.console.json(
				this.console.post("/console/api/chat-token", "{\"name\":\"operator\",\"room\":\"lobby\"}"));
		assertThat(answer.get("required").asBoolean()).isFalse();
		assertThat(answer.get("token").isNull()).isTrue();
	}

	@Test
	void ratesAndLogLinesComeInOrderAndOnlyTheNewOnes() {
		await().until(() -> this.console.json(this.console.get("/console/api/rates")).get("samples").size() >= 2);
		JsonNode samples = this.console.json(this.console.get("/console/api/rates")).get("samples");
		long last = samples.get(samples.size() - 1).get("seq").asLong();
		assertThat(samples.get(samples.size() - 2).get("seq").asLong()).isEqualTo(last - 1);
		assertThat(this.console.json(this.console.get("/console/api/rates?after=" + last)).get("samples").size())
			.isLessThanOrEqualTo(1);

		this.console.post("/console/api/broadcast", "{\"text\":\"log me\"}");
		JsonNode lines = this.console.json(this.console.get("/console/api/logs")).get("lines");
		JsonNode newest = lines.get(lines.size() - 1);
		assertThat(newest.get("message").asString()).matches("Announced to \\d+ clients: log me");
		assertThat(newest.get("logger").asString()).isEqualTo(HubOperations.class.getName());
		long seq = newest.get("seq").asLong();
		assertThat(this.console.json(this.console.get("/console/api/logs?after=" + seq)).get("lines")).isEmpty();
	}

	private void expect400(HttpResponse<String> response, String error) {
		assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(400);
		assertThat(this.console.parse(response).get("error").asString()).as("%s", response.uri()).isEqualTo(error);
	}

	/** A gateway client, named and in a room, its answers read. */
	private LineClient gateway(String name, String room) {
		if (!this.gatewayListener.isListening()) {
			await().until(this.gatewayListener::isListening);
		}
		LineClient client = LineClient.connect(this.gatewayListener.getPort());
		this.clients.add(client);
		client.send("HELLO " + name);
		assertThat(client.read()).isEqualTo("OK HELLO " + name);
		client.send("JOIN " + room);
		assertThat(client.read()).startsWith("OK JOIN " + room + " ");
		return client;
	}

}
