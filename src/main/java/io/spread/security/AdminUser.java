package io.spread.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
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
	private static final Pattern ENCODED = Pattern.compile("^\\{(.+)}(.*)$");

	/** A BCrypt hash as Spring Security's BCrypt encoder reads it: version, cost, then salt and hash (53 characters). */
	private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

	/** The encodings Spring Security's default encoder reads, by their ids. */
	private static final Set<String> ENCODINGS = Set.of("bcrypt", "ldap", "MD4", "MD5", "noop", "pbkdf2",
			"pbkdf2@SpringSecurity_v5_8", "scrypt", "scrypt@SpringSecurity_v5_8", "SHA-1", "SHA-256", "sha256",
			"argon2", "argon2@SpringSecurity_v5_8");

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

	/**
	 * Whether a password setting is one a login can match: a password, or an encoded one whose encoding Spring
	 * Security reads ({@code {bcrypt}} with a whole BCrypt hash); an encoded one it cannot read would let no one in.
	 */
	static boolean isReadable(String password) {
		Matcher encoded = ENCODED.matcher(password);
		if (!encoded.matches()) {
			return true;
		}
		String id = encoded.group(1);
		return ENCODINGS.contains(id) && (!id.equals("bcrypt") || BCRYPT.matcher(encoded.group(2)).matches());
	}

	/** 24 random bytes, URL-safe Base64: 32 characters. */
	private static String generated() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
