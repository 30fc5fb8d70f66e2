package io.spread.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Reads {@code Authorization: Bearer <token>} (RFC 6750; the scheme in any case) into an unauthenticated
 * {@link PreAuthenticatedAuthenticationToken} whose credentials are the token. Requests without such a header are
 * left to the other ways in (HTTP Basic), or to the entry point's 401.
 */
final class BearerTokenConverter implements AuthenticationConverter {

	private static final String SCHEME = "Bearer ";

	@Override
	public Authentication convert(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return null;
		}
		return new PreAuthenticatedAuthenticationToken(AdminTokenAuthenticationProvider.PRINCIPAL,
				header.substring(SCHEME.length()).trim());
	}

}
