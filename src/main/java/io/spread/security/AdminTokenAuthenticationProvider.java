package io.spread.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Accepts the static bearer token {@code spread.admin.token}: the presented token arrives as the credentials of a
 * {@link PreAuthenticatedAuthenticationToken} ({@link BearerTokenConverter}) and is compared in constant time.
 */
final class AdminTokenAuthenticationProvider implements AuthenticationProvider {

	/** The principal name of a caller that presented the token. */
	static final String PRINCIPAL = "admin-token";

	private final byte[] token;

	AdminTokenAuthenticationProvider(String token) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		byte[] presented = String.valueOf(authentication.getCredentials()).getBytes(StandardCharsets.UTF_8);
		if (!MessageDigest.isEqual(this.token, presented)) {
			throw new BadCredentialsException("Wrong bearer token");
		}
		return new PreAuthenticatedAuthenticationToken(PRINCIPAL, null,
				AuthorityUtils.createAuthorityList("ROLE_" + AdminUser.ROLE));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return PreAuthenticatedAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
