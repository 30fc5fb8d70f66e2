package io.spread.console;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The console's login: unlike the actuator API ({@code io.spread.security.AdminSecurityConfiguration}), the console
 * is a browser application, so as Spring Security advises for one it has a login form, a session cookie, and CSRF
 * tokens on every POST (the page reads its token from {@code /console/api/me}). The user is the same:
 * {@code spread.admin.username}/{@code password} (the {@code adminUsers} store). This chain covers only the
 * console's paths and comes before the admin chain, which answers every other request.
 * <p>
 * An unauthenticated API request gets a bare 401 (the page then goes to the login form itself); any other is sent
 * to the form (Spring Security's own page). The content security policy lets the page load scripts, styles and
 * connections from its own origin only (the WebSocket to {@code /ws/gateway} included).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ConsoleSecurityConfiguration {

	/** The console's page, its API, the login form and its stylesheet, and the charting library. */
	static final String[] PATHS = { "/console", "/console/**", "/login", "/logout", "/default-ui.css",
			"/webjars/**" };

	static final String LOGIN = "/login";

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
			+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 10)
	public SecurityFilterChain consoleFilterChain(HttpSecurity http, UserDetailsService adminUsers)
			throws Exception {
		PathPatternRequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/console/api/**");
		http.securityMatcher(PATHS)
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.userDetailsService(adminUsers)
			.formLogin(form -> form.defaultSuccessUrl("/console/", false).permitAll())
			.logout(logout -> logout.permitAll())
			.exceptionHandling(exceptions -> exceptions
				.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), api)
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(LOGIN), AnyRequestMatcher.INSTANCE))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
		return http.build();
	}

}
