package io.spread.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.spread.security.JwtProperties;
import io.spread.security.RoomPatterns;
import io.spread.security.TokenMinter;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

/**
 * With {@code spread.auth.jwt.secret} set, HELLO must carry a valid token issued to its name, and the token's
 * rooms claim limits JOIN and PUB (SPEC section 11); tokens are signed here as the token command signs them.
 */
@TestPropertySource(properties = { "spread.gateway.framing=line", "spread.tcp.framing=line",
		"spread.auth.jwt.secret=" + GatewayTokenTest.SECRET })
class GatewayTokenTest extends GatewayTestSupport {

	static final String SECRET = "a-development-secret-of-32-bytes-or-more";

	@Test
	void helloNeedsAValidTokenIssuedToThatName() {
		String name = name("alice");
		GatewayClient client = connect();
		client.answers("HELLO " + name, "ERR unauthorized");
		client.answers("HELLO " + name + " not.a.token", "ERR unauthorized");
		client.answers("HELLO " + name + " " + token(name("mallory"), null, Duration.ofMinutes(5)), "ERR unauthorized");
		client.answers("HELLO " + name + " " + token(name, null, Duration.ofMinutes(5), "another-secret-of-32-bytes-or-more!"),
				"ERR unauthorized");
		client.answers("HELLO " + name + " " + expired(name), "ERR unauthorized");
		client.answers("JOIN " + room("r"), "ERR hello-first");
		client.answers("HELLO " + name + " " + token(name, null, Duration.ofMinutes(5)), "OK HELLO " + name);
		client.join(room("r"), 1, 0);
	}

	@Test
	void theRoomsClaimLimitsJoinAndPub() {
		String name = name("bob");
		String allowed = room("chat");
		GatewayClient bob = connect();
		bob.answers("HELLO " + name + " " + token(name, List.of("chat-*"), Duration.ofMinutes(5)), "OK HELLO " + name);
		bob.join(allowed, 1, 0);
		bob.answers("JOIN " + room("secret"), "ERR forbidden " + room("secret"));
		bob.answers("PUB " + room("secret") + " hi", "ERR forbidden " + room("secret"));
		bob.pub(allowed, "hello");
		bob.sync();
	}

	@Override
	protected String helloCommand(String name) {
		return "HELLO " + name + " " + token(name, null, Duration.ofMinutes(5));
	}

	private static String token(String subject, List<String> rooms, Duration ttl) {
		return token(subject, rooms, ttl, SECRET);
	}

	private static String token(String subject, List<String> rooms, Duration ttl, String secret) {
		JwtProperties settings = new JwtProperties();
		settings.setSecret(secret);
		return TokenMinter.withSecret(settings, Clock.systemUTC())
			.mint(subject, (rooms != null) ? RoomPatterns.of(rooms) : null, ttl);
	}

	private static String expired(String subject) {
		JwtProperties settings = new JwtProperties();
		settings.setSecret(SECRET);
		return TokenMinter.withSecret(settings, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
			.mint(subject, null, Duration.ofHours(1));
	}

}
