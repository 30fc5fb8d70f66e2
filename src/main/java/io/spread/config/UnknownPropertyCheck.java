package io.spread.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Stops start-up when a setting under {@code spread.} is not one the application knows, from any property source:
 * command line, {@code application.yml}, system properties, environment variables ({@code SPREAD_*}). A name is
 * known when Spring Boot would bind it to a key of the configuration metadata ({@link KnownProperties}), with the
 * same relaxed rules: {@code SPREAD_HUB_OUTBOUND_BUFFER} and {@code spread.hub.outboundBuffer} are
 * {@code spread.hub.outbound-buffer}. The variables Kubernetes sets for a service named {@code spread...} are not
 * settings and are left alone. Runs once the environment is prepared and logging is set up, in every mode;
 * an exception from here ends {@code SpringApplication.run} with the standard failure report
 * ({@link UnknownPropertyFailureAnalyzer}).
 */
public class UnknownPropertyCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	static final String PREFIX = "spread";

	/** Keys the application reads without a {@code @ConfigurationProperties} class: {@code logback-spring.xml}'s. */
	static final Set<String> UNLISTED_KEYS = Set.of("spread.console-log-target");

	/** What {@link RunDefaultsEnvironmentPostProcessor} sets: the application's own, so not checked. */
	static final String RUN_DEFAULTS_SOURCE = "spreadRunDefaults";

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

	private static final String SERVICE_HOST = "_SERVICE_HOST";

	/** What follows a service's name in Kubernetes' {@code <NAME>_PORT_8007_TCP_ADDR} and the like. */
	private static final Pattern SERVICE_PORT_DETAIL = Pattern
		.compile("_PORT_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?");

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ClassLoader classLoader = event.getSpringApplication().getClassLoader();
		KnownProperties known = KnownProperties.load(PREFIX, UNLISTED_KEYS, classLoader);
		if (known.isEmpty()) {
			// no metadata: built without the configuration processor, nothing to check against
			return;
		}
		List<UnknownPropertyException.UnknownProperty> unknown = check(event.getEnvironment(), known);
		if (!unknown.isEmpty()) {
			throw new UnknownPropertyException(unknown);
		}
	}

	static List<UnknownPropertyException.UnknownProperty> check(ConfigurableEnvironment environment,
			KnownProperties known) {
		List<UnknownPropertyException.UnknownProperty> unknown = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.getUnderlyingSource() instanceof EnumerablePropertySource<?> propertySource
					&& !RUN_DEFAULTS_SOURCE.equals(propertySource.getName())) {
				Set<String> services = kubernetesServices(propertySource);
				for (String name : propertySource.getPropertyNames()) {
					if (isServiceLink(name, services)) {
						continue;
					}
					UnknownPropertyException.UnknownProperty property = checkOne(propertySource, name, known);
					if (property != null) {
						unknown.add(property);
					}
				}
			}
		}
		return unknown;
	}

	/**
	 * The services Kubernetes describes in environment variables ({@code enableServiceLinks}, on by default): for a
	 * service {@code spread}, which the Helm chart creates for a release of that name, every pod in the namespace gets
	 * {@code SPREAD_SERVICE_HOST}, {@code SPREAD_PORT} and more. Each such service has a {@code <NAME>_SERVICE_HOST}.
	 */
	private static Set<String> kubernetesServices(EnumerablePropertySource<?> source) {
		if (!(source instanceof SystemEnvironmentPropertySource)) {
			return Set.of();
		}
		Set<String> services = new HashSet<>();
		for (String name : source.getPropertyNames()) {
			if (name.endsWith(SERVICE_HOST)) {
				services.add(name.substring(0, name.length() - SERVICE_HOST.length()));
			}
		}
		return services;
	}

	/** Whether a variable is one Kubernetes sets for a service: not a setting, whatever its name. */
	private static boolean isServiceLink(String name, Set<String> services) {
		for (String service : services) {
			if (name.startsWith(service + "_")) {
				String rest = name.substring(service.length());
				if (rest.equals(SERVICE_HOST) || rest.startsWith("_SERVICE_PORT") || rest.equals("_PORT")
						|| SERVICE_PORT_DETAIL.matcher(rest).matches()) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Checks one name on its own, as Spring Boot would bind it from its source: a one-property source of the same
	 * kind, so that the names of environment variables are mapped as they are for binding.
	 */
	private static UnknownPropertyException.UnknownProperty checkOne(EnumerablePropertySource<?> propertySource,
			String name, KnownProperties known) {
		if (!name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return null;
		}
		boolean environmentVariable = propertySource instanceof SystemEnvironmentPropertySource;
		if (environmentVariable && !name.toUpperCase(Locale.ROOT).startsWith("SPREAD_")) {
			return null;
		}
		Map<String, Object> one = Collections.singletonMap(name, "");
		ConfigurationPropertySource single = ConfigurationPropertySource.from(environmentVariable
				? new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, one)
				: new MapPropertySource(propertySource.getName(), one));
		if (single.getConfigurationProperty(ROOT) == null
				&& single.containsDescendantOf(ROOT) != ConfigurationPropertyState.PRESENT) {
			return null; // such as spreadsheet.x
		}
		if (known.binds(single)) {
			return null;
		}
		ConfigurationPropertyName canonical = ((IterableConfigurationPropertySource) single).stream()
			.findFirst()
			.orElse(ROOT);
		String suggestion = known.closest(canonical);
		if (suggestion != null && environmentVariable) {
			suggestion = environmentVariable(suggestion, name) + " (" + suggestion + ")";
		}
		KnownProperties.Group group = known.group(canonical);
		return new UnknownPropertyException.UnknownProperty(name, canonical.toString(), origin(propertySource, name),
				suggestion, group.name(), group.keys());
	}

	/**
	 * A key as an environment variable, in the style of the one written: dashes dropped as Spring Boot documents it
	 * ({@code SPREAD_HUB_OUTBOUNDBUFFER}), or made underscores, which Spring Boot also accepts
	 * ({@code SPREAD_HUB_OUTBOUND_BUFFER}).
	 */
	static String environmentVariable(String key, String written) {
		String indexed = key.replace("[", "_").replace("]", "").replace('.', '_').toUpperCase(Locale.ROOT);
		String dropped = indexed.replace("-", "");
		String underscored = indexed.replace('-', '_');
		String style = written.toUpperCase(Locale.ROOT);
		return (KnownProperties.distance(style, underscored) < KnownProperties.distance(style, dropped)) ? underscored
				: dropped;
	}

	private static String origin(PropertySource<?> source, String name) {
		if (source instanceof SystemEnvironmentPropertySource) {
			return "the environment";
		}
		if (source instanceof CommandLinePropertySource) {
			return "the command line";
		}
		Origin origin = OriginLookup.getOrigin(source, name);
		return (origin != null) ? origin.toString() : "property source '" + source.getName() + "'";
	}

	/** After the environment post-processors and the logging set-up, so that the failure report is logged. */
	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

}
