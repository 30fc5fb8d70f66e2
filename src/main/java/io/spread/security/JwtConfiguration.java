package io.spread.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Token settings ({@code spread.auth.jwt.*}) for the modes that use them: the hub, which checks tokens with a
 * {@link TokenVerifier} when {@code spread.auth.jwt.enabled}, and the token command, which signs them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spread.mode:server}'.equalsIgnoreCase('server') or '${spread.mode:server}'.equalsIgnoreCase('token')")
@EnableConfigurationProperties(JwtProperties.class)
public class JwtConfiguration {

	@Bean
	@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
	@ConditionalOnBooleanProperty("spread.auth.jwt.enabled")
	public TokenVerifier tokenVerifier(JwtProperties settings) {
		return new TokenVerifier(settings);
	}

	@Bean
	@ConditionalOnProperty(name = "spread.mode", havingValue = "token")
	public TokenCommand tokenCommand(JwtProperties settings) {
		return new TokenCommand(settings);
	}

}
