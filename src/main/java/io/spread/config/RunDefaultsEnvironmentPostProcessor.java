package io.spread.config;

import java.util.HashMap;
import java.util.Map;

import io.spread.SpreadMode;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults that depend on what this process runs, set before the application starts. The modes that are not the
 * hub get no HTTP server, no banner, and logs on stderr so that stdout carries only the mode's output. Anything but
 * a clustered hub leaves Redis alone (its client would otherwise start timer threads). Added last, so any setting
 * a user makes still wins; an unknown mode is left for property binding to report.
 */
public class RunDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String REDIS_AUTO_CONFIGURATIONS = String.join(",",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean server = environment.getProperty("spread.mode", "server").equalsIgnoreCase(SpreadMode.SERVER.name());
		boolean clustered = server && environment.getProperty("spread.cluster.enabled", Boolean.class, false);
		Map<String, Object> defaults = new HashMap<>();
		if (environment.getProperty("spread.mode", "server").equalsIgnoreCase(SpreadMode.LOGGER.name())) {
			// the log bot only listens, and says nothing
			defaults.put("spread.client.listen-only", "true");
			defaults.put("spread.client.heartbeat-interval", "0");
		}
		if (!server) {
			defaults.put("spring.main.web-application-type", "none");
			defaults.put("spring.main.banner-mode", "off");
			defaults.put("spring.main.log-startup-info", "false");
			defaults.put("spread.console-log-target", "System.err");
			defaults.put("logging.level.org.springframework", "warn");
			// a person reads this log next to the output: time and message, the level only when not INFO
			defaults.put("logging.pattern.console", "%d{HH:mm:ss} %replace(%level ){'^INFO $', ''}%msg%n");
			// the readiness group names the hub, which only the server mode has
			defaults.put("management.endpoint.health.validate-group-membership", "false");
		}
		if (!clustered) {
			defaults.put("spring.autoconfigure.exclude", REDIS_AUTO_CONFIGURATIONS);
		}
		environment.getPropertySources().addLast(new MapPropertySource("spreadRunDefaults", defaults));
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

}
