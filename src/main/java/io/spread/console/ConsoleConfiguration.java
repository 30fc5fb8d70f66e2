package io.spread.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.hub.HubOperations;
import io.spread.security.JwtProperties;
import io.spread.security.TokenVerifier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * The web console at {@code /console} (SPEC section 12): a page in the jar ({@code static/console/}) that polls
 * {@link ConsoleController}'s JSON API every second and chats over {@code /ws/gateway}. The hub's server mode only;
 * the login is {@link ConsoleSecurityConfiguration}'s.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ConsoleConfiguration {

	@Bean
	public RateHistory consoleRates(MeterRegistry meters, HubOperations hub, TaskScheduler taskScheduler) {
		return new RateHistory(meters, hub::clientCount, taskScheduler);
	}

	@Bean
	public RecentLog consoleLog() {
		return new RecentLog();
	}

	@Bean
	ChatTokens consoleChatTokens(ObjectProvider<TokenVerifier> verifier, JwtProperties jwt) {
		return new ChatTokens(verifier.getIfAvailable() != null, jwt);
	}

}
