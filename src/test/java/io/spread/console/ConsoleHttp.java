package io.spread.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's HTTP API as the page uses it: a cookie jar (the session), the login form, and the CSRF token from
 * {@code /console/api/me} on every POST. Redirects are not followed, so tests see them.
 */
final class ConsoleHttp {

	private static final Pattern FORM_CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final ObjectMapper json = new ObjectMapper();

	private final String base;

	private String csrfHeader;

	private String csrfToken;

	ConsoleHttp(int httpPort) {
		this.base = "http://127.0.0.1:" + httpPort;
	}

	/** Fills in and posts Spring Security's login form; returns the answer (a redirect either way). */
	HttpResponse<String> logIn(String username, String password) {
		Matcher token = FORM_CSRF.matcher(get("/login").body());
		assertThat(token.find()).as("the login form has a CSRF token").isTrue();
		String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + token.group(1);
		return send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/** Reads the CSRF token the page would send with its POSTs. */
	void readCsrfToken() {
		JsonNode me = json(get("/console/api/me"));
		this.csrfHeader = me.get("csrfHeader").asString();
		this.csrfToken = me.get("csrfToken").asString();
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	/** A POST with the CSRF token, as the page sends it. */
	HttpResponse<String> post(String path, String body) {
		assertThat(this.csrfToken).as("readCsrfToken() first").isNotNull();
		return send(request(path).header(this.csrfHeader, this.csrfToken)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** A POST without the CSRF token, as another site's page could make a browser send it. */
	HttpResponse<String> postWithoutCsrf(String path, String body) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** The body of a 200 answer, as JSON. */
	JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(200);
		return parse(response);
	}

	JsonNode parse(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Accept", "application/json")
			.timeout(Duration.ofSeconds(20));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
