package io.spread.security;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The actuator login every test hub has: {@code spread.admin.password} is set in the tests'
 * {@code config/application.properties}, the user name is the default.
 */
public final class AdminLogin {

	public static final String USERNAME = "admin";

	public static final String PASSWORD = "test-admin-password";

	private AdminLogin() {
	}

	/** The value of an {@code Authorization} header for HTTP Basic with these credentials. */
	public static String basic(String username, String password) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** Adds the test hubs' login to a request. */
	public static HttpRequest.Builder authorized(HttpRequest.Builder request) {
		return request.header("Authorization", basic(USERNAME, PASSWORD));
	}

}
