package io.spread.config;

import java.util.Map;

import io.spread.SpreadMode;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the modes that are not the hub their own defaults before the application starts: no HTTP server, no
 * banner, and logs on stderr so that stdout carries only the mode's output. Added last, so any setting a user
 * makes still wins; an unknown mode is left for property binding to report.
 */
public class ModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String mode = environment.getProperty("spread.mode", "server");
		if (!mode.equalsIgnoreCase(SpreadMode.SERVER.name())) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("spreadModeDefaults",
						Map.of("spring.main.web-application-type", "none", "spring.main.banner-mode", "off",
								"spring.main.log-startup-info", "false", "spread.console-log-target", "System.err",
								"logging.level.org.springframework", "warn",
								// the readiness group names the hub, which only the server mode has
								"management.endpoint.health.validate-group-membership", "false")));
		}
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

}
