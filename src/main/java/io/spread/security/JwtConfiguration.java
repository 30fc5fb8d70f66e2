package io.spread.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Token settings ({@code spread.auth.jwt.*}) for the modes that use them: the hub, which checks tokens with a
 * {@link TokenVerifier} once a key is set (unless {@code spread.auth.jwt.enabled=false}), and the token command,
 * which signs them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spread.mode:server}'.equalsIgnoreCase('server') or '${spread.mode:server}'.equalsIgnoreCase('token')")
@EnableConfigurationProperties(JwtProperties.class)
public class JwtConfiguration {

	@Bean
	@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
	@ConditionalOnExpression("${spread.auth.jwt.enabled:true} and ('${spread.auth.jwt.secret:}' != ''"
			+ " or '${spread.auth.jwt.public-key:}' != '' or '${spread.auth.jwt.jwk-set:}' != '')")
	public TokenVerifier tokenVerifier(JwtProperties settings) {
		return new TokenVerifier(settings);
	}

	@Bean
	@ConditionalOnProperty(name = "spread.mode", havingValue = "token")
	public TokenCommand tokenCommand(JwtProperties settings) {
		return new TokenCommand(settings);
	}

}
