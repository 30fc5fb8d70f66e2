package io.spread.security;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The login in front of the operations surface (actuator): {@code spread.admin.*}. Every endpoint but the liveness
 * and readiness probes asks for HTTP Basic with this user, or for the bearer token when one is set.
 */
@Validated
@ConfigurationProperties("spread.admin")
public class AdminProperties {

	/** User name for HTTP Basic on the actuator endpoints. */
	@NotBlank
	private String username = "admin";

	/**
	 * Password for HTTP Basic on the actuator endpoints; empty = a random one, generated at start-up and logged once.
	 * A value in Spring Security's encoded form, such as {bcrypt}$2a$10$..., is taken as a hash of the password.
	 */
	@NotNull
	private String password = "";

	/**
	 * A static bearer token accepted in place of HTTP Basic (Authorization: Bearer <token>), for scrapers and
	 * scripts; at least 16 characters, no spaces. Empty = Basic only.
	 */
	@NotNull
	@Pattern(regexp = "|\\S{16,}", message = "must be empty or at least 16 characters without spaces")
	private String token = "";

	/** A password in Spring Security's encoded form must be one it can read, or no login would ever match it. */
	@AssertTrue(message = "must be a password, or a hash in Spring Security's encoded form that it reads, such as "
			+ "{bcrypt}$2a$10$ followed by the 53 characters of a BCrypt hash")
	public boolean isPasswordReadable() {
		return AdminUser.isReadable(this.password);
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

}
