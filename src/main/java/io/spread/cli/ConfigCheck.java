package io.spread.cli;

import java.util.Map;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * {@code --check-config}: builds the whole application as it would run, so every setting is bound and validated
 * (and unknown keys are caught), but starts nothing. The application type is the one a real start picks, so the
 * hub's web-only parts ({@code server.*}, {@code spread.admin.*}, {@code spread.websocket.*}) are built and checked
 * too; their embedded server is created without its connector, as Spring Boot always creates it, and the connector
 * is added only when the server is started. A lifecycle processor that starts no component leaves it, and every
 * listener, stopped: no port is bound and no client is served.
 */
public final class ConfigCheck {

	private ConfigCheck() {
	}

	/**
	 * Builds the application and closes it again; a bad setting throws, after Spring Boot's failure report. The
	 * modes' runners (client, load tool) are left out, so nothing connects anywhere either.
	 */
	public static void run(Class<?> application, String[] args) {
		SpringApplication check = new SpringApplication(application);
		check.setBannerMode(Banner.Mode.OFF);
		check.setLogStartupInfo(false);
		// the admin password generated "for this run" would be for no run
		check.setDefaultProperties(
				Map.of("logging.level.root", "warn", "logging.level.io.spread.security.AdminUser", "error"));
		check.addInitializers(context -> {
			context.getBeanFactory()
				.registerSingleton(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME, new StartNothing());
			context.addBeanFactoryPostProcessor(beans -> {
				for (String runner : beans.getBeanNamesForType(ApplicationRunner.class, true, false)) {
					((BeanDefinitionRegistry) beans).removeBeanDefinition(runner);
				}
			});
		});
		try (ConfigurableApplicationContext context = check.run(args)) {
			// built: every @ConfigurationProperties bean was bound and validated
		}
	}

	/** A lifecycle processor that starts no component: listeners, writers and schedulers stay stopped. */
	private static final class StartNothing implements LifecycleProcessor {

		@Override
		public void onRefresh() {
		}

		@Override
		public void onClose() {
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean isRunning() {
			return false;
		}

	}

}
