package io.spread.security;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * The login in front of the hub's HTTP server (SPEC section 11), which only server mode runs: every request needs
 * HTTP Basic ({@code spread.admin.username}/{@code password}) or the bearer token {@code spread.admin.token}, but
 * the liveness and readiness probes. It is an API for scripts and scrapers, not a browser application, so as Spring
 * Security advises for such: no CSRF tokens, no session (each request carries its credentials), no saved request or
 * login page, a 401 with {@code WWW-Authenticate}; Spring Security's default response headers stay on. Health
 * details follow {@code management.endpoint.health.show-details: when-authorized}: a logged-in caller sees them,
 * the probes' anonymous callers only the status.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(AdminProperties.class)
public class AdminSecurityConfiguration {

	private static final String REALM = "spread";

	@Bean
	public UserDetailsService adminUsers(AdminProperties settings) {
		return new InMemoryUserDetailsManager(AdminUser.of(settings));
	}

	@Bean
	public SecurityFilterChain adminFilterChain(HttpSecurity http, AdminProperties settings,
			PathMappedEndpoints endpoints) throws Exception {
		AuthenticationEntryPoint entryPoint = entryPoint();
		http.authorizeHttpRequests(requests -> requests.requestMatchers(ProbeRequests.of(endpoints))
			.permitAll()
			// the error page that renders a 401 or 404 (its body is Spring Boot's status and path, nothing more)
			.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.anyRequest()
			.authenticated())
			.httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint))
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable);
		if (!settings.getToken().isEmpty()) {
			http.addFilterBefore(tokenFilter(settings.getToken(), entryPoint), BasicAuthenticationFilter.class);
		}
		return http.build();
	}

	private static AuthenticationEntryPoint entryPoint() {
		BasicAuthenticationEntryPoint entryPoint = new BasicAuthenticationEntryPoint();
		entryPoint.setRealmName(REALM);
		return entryPoint;
	}

	/** Authenticates {@code Authorization: Bearer <spread.admin.token>}; a wrong token gets the entry point's 401. */
	private static AuthenticationFilter tokenFilter(String token, AuthenticationEntryPoint entryPoint) {
		AuthenticationFilter filter = new AuthenticationFilter(
				new ProviderManager(new AdminTokenAuthenticationProvider(token)), new BearerTokenConverter());
		filter.setSuccessHandler((request, response, authentication) -> {
			// nothing to do: the request goes on down the chain, authenticated
		});
		filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(entryPoint));
		return filter;
	}

}
