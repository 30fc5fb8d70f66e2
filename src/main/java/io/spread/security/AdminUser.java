package io.spread.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The one user of the operations surface, from {@code spread.admin.username} and {@code password}. As Spring Boot
 * does for {@code spring.security.user.password}: a password in Spring Security's encoded form ({@code {bcrypt}...})
 * is used as it is, any other is plain text; with none set, a random one is generated and logged once.
 */
final class AdminUser {

	private static final Logger log = LoggerFactory.getLogger(AdminUser.class);

	/** An encoded password: {@code {id}} followed by the encoding, which Spring Security's default encoder reads. */
	private static final Pattern ENCODED = Pattern.compile("^\\{.+}.*$");

	/** The role every authenticated caller of the operations surface has. */
	static final String ROLE = "ADMIN";

	private AdminUser() {
	}

	static UserDetails of(AdminProperties settings) {
		String password = settings.getPassword();
		if (password.isEmpty()) {
			password = generated();
			log.warn("No spread.admin.password set: the actuator login for this run is {} / {} "
					+ "(set spread.admin.password to choose one)", settings.getUsername(), password);
		}
		String stored = ENCODED.matcher(password).matches() ? password : "{noop}" + password;
		return User.withUsername(settings.getUsername()).password(stored).roles(ROLE).build();
	}

	/** 24 random bytes, URL-safe Base64: 32 characters. */
	private static String generated() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
