package io.spread.config;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.spread.config.UnknownPropertyException.UnknownProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which {@code spread.*} names the start-up check accepts, in-process against the build's configuration metadata. */
class UnknownPropertyCheckTest {

	private final KnownProperties known = KnownProperties.load(UnknownPropertyCheck.PREFIX,
			UnknownPropertyCheck.UNLISTED_KEYS, getClass().getClassLoader());

	@Test
	void acceptsKnownKeysInEveryRelaxedForm() {
		ConfigurableEnvironment environment = environment(
				new SimpleCommandLinePropertySource("--spread.tcp.port=9000", "--spread.tcp.maxFrameSize=1MB",
						"--spread.client.reconnect.max-retries=3", "--spread.console-log-target=System.err",
						"--server.port=0", "--spreadsheet.rows=1"),
				new MapPropertySource("application.yml",
						Map.of("spread.tcp.max_frame_size", "1MB", "spread.hub.rate-limit.burst", "5")),
				systemEnvironment("SPREAD_HUB_OUTBOUND_BUFFER", "SPREAD_HUB_OUTBOUNDBUFFER", "SPREAD_TCP_PORT",
						"SPREAD_CLIENT_RECONNECT_MAX_RETRIES", "SPREAD_MODE", "PATH", "SPREADSHEET"));
		assertThat(UnknownPropertyCheck.check(environment, this.known)).isEmpty();
	}

	@Test
	void reportsUnknownKeysWithTheClosestKnownOne() {
		ConfigurableEnvironment environment = environment(
				new SimpleCommandLinePropertySource("--spread.tcp.prot=9000", "--spread.tcp.port.x=1",
						"--spread.zzz=1"),
				systemEnvironment("SPREAD_TCP_PROT", "SPREAD_HUB_OUTBOUND_BUFER", "SPREAD_HUB_OUTBOUNDBUFER"));
		Map<String, UnknownProperty> unknown = byName(UnknownPropertyCheck.check(environment, this.known));
		assertThat(unknown).containsOnlyKeys("spread.tcp.prot", "spread.tcp.port.x", "spread.zzz", "SPREAD_TCP_PROT",
				"SPREAD_HUB_OUTBOUND_BUFER", "SPREAD_HUB_OUTBOUNDBUFER");
		UnknownProperty misspelt = unknown.get("spread.tcp.prot");
		assertThat(misspelt.suggestion()).isEqualTo("spread.tcp.port");
		assertThat(misspelt.origin()).isEqualTo("the command line");
		assertThat(misspelt.group()).isEqualTo("spread.tcp");
		assertThat(misspelt.groupKeys()).contains("port", "framing");
		assertThat(unknown.get("spread.zzz").suggestion()).isNull();
		assertThat(unknown.get("spread.zzz").groupKeys()).contains("tcp", "hub", "mode")
			.doesNotContain("console-log-target");
		UnknownProperty variable = unknown.get("SPREAD_TCP_PROT");
		assertThat(variable.canonicalName()).isEqualTo("spread.tcp.prot");
		assertThat(variable.origin()).isEqualTo("the environment");
		assertThat(variable.suggestion()).isEqualTo("SPREAD_TCP_PORT (spread.tcp.port)");
		// suggested in the style the variable was written in
		assertThat(unknown.get("SPREAD_HUB_OUTBOUND_BUFER").suggestion())
			.isEqualTo("SPREAD_HUB_OUTBOUND_BUFFER (spread.hub.outbound-buffer)");
		assertThat(unknown.get("SPREAD_HUB_OUTBOUNDBUFER").suggestion())
			.isEqualTo("SPREAD_HUB_OUTBOUNDBUFFER (spread.hub.outbound-buffer)");
	}

	@Test
	void leavesKubernetesServiceLinksAlone() {
		// a Service named spread (and one named spread-gateway) in the namespace, as the Helm chart may create
		ConfigurableEnvironment environment = environment(systemEnvironment("SPREAD_SERVICE_HOST",
				"SPREAD_SERVICE_PORT", "SPREAD_SERVICE_PORT_TCP", "SPREAD_PORT", "SPREAD_PORT_8007_TCP",
				"SPREAD_PORT_8007_TCP_PROTO", "SPREAD_PORT_8007_TCP_PORT", "SPREAD_PORT_8007_TCP_ADDR",
				"SPREAD_GATEWAY_SERVICE_HOST", "SPREAD_GATEWAY_PORT", "SPREAD_GATEWAY_PORT_9000_TCP_ADDR",
				"SPREAD_HUB_PORT", "SPREAD_SERVICE_HOSTS"));
		assertThat(byName(UnknownPropertyCheck.check(environment, this.known))).containsOnlyKeys("SPREAD_HUB_PORT",
				"SPREAD_SERVICE_HOSTS");
	}

	@Test
	void leavesTheApplicationsOwnDefaultsAlone() {
		ConfigurableEnvironment environment = environment(new MapPropertySource(
				UnknownPropertyCheck.RUN_DEFAULTS_SOURCE, Map.of("spread.internal-only", "x")));
		assertThat(UnknownPropertyCheck.check(environment, this.known)).isEmpty();
	}

	@Test
	void acceptsWhatIsUnderMapAndListKeysFromAdditionalMetadata(@TempDir Path classes) throws IOException {
		Path metadata = classes.resolve("META-INF/additional-spring-configuration-metadata.json");
		Files.createDirectories(metadata.getParent());
		Files.writeString(metadata, """
				{"properties": [
				  {"name": "spread.test.rooms", "type": "java.util.List<java.lang.String>",
				   "description": "Rooms, \\"quoted\\" \\u0041 [x] {y}"},
				  {"name": "spread.test.routes", "type": "java.util.Map<java.lang.String,java.lang.Integer>"},
				  {"name": "spread.test.target", "type": "com.example.NotOnTheClassPath"},
				  {"name": "spread.test.size", "type": "java.lang.Integer", "defaultValue": 1.5e3}
				]}
				""");
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				getClass().getClassLoader())) {
			KnownProperties withTest = KnownProperties.load("spread", List.of(), loader);
			ConfigurableEnvironment environment = environment(
					new SimpleCommandLinePropertySource("--spread.test.rooms[0]=a", "--spread.test.routes.any.x=1",
							"--spread.test.target.host=h", "--spread.tcp.port=1", "--spread.test.size.x=1",
							"--spread.test.roomz[0]=b"),
					systemEnvironment("SPREAD_TEST_ROOMS_1", "SPREAD_TEST_ROUTES_B"));
			assertThat(byName(UnknownPropertyCheck.check(environment, withTest))).containsOnlyKeys(
					"spread.test.size.x", "spread.test.roomz[0]");
		}
	}

	@Test
	void readsJsonStrictly() {
		assertThat(MetadataJson.parse(" {\"a\": [1, -2.5e1, true, null, \"\\\"\\\\\\u00e9\"], \"b\": {}} "))
			.isEqualTo(mapOf("a", Arrays.asList(1.0, -25.0, true, null, "\"\\é"), "b", Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> MetadataJson.parse("{\"a\": [1,]}"));
		assertThatIllegalArgumentException().isThrownBy(() -> MetadataJson.parse("{\"a\": 1} x"));
	}

	@Test
	void failureReportNamesTheKeyAndTheSuggestion() {
		ConfigurableEnvironment environment = environment(new SimpleCommandLinePropertySource("--spread.tcp.prot=1"));
		UnknownPropertyException exception = new UnknownPropertyException(
				UnknownPropertyCheck.check(environment, this.known));
		FailureAnalysis analysis = new UnknownPropertyFailureAnalyzer().analyze(new IllegalStateException(exception));
		assertThat(analysis.getDescription())
			.isEqualTo("Unknown setting spread.tcp.prot from the command line. Did you mean spread.tcp.port?");
		assertThat(analysis.getAction()).startsWith("Correct spread.tcp.prot to spread.tcp.port.");
	}

	private static ConfigurableEnvironment environment(PropertySource<?>... sources) {
		ConfigurableEnvironment environment = new AbstractEnvironment() {
		};
		for (PropertySource<?> source : sources) {
			environment.getPropertySources().addLast(source);
		}
		return environment;
	}

	private static SystemEnvironmentPropertySource systemEnvironment(String... names) {
		Map<String, Object> variables = new LinkedHashMap<>();
		for (String name : names) {
			variables.put(name, "1");
		}
		return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				variables);
	}

	private static Map<String, UnknownProperty> byName(List<UnknownProperty> properties) {
		Map<String, UnknownProperty> byName = new LinkedHashMap<>();
		properties.forEach((property) -> byName.put(property.name(), property));
		return byName;
	}

	private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put(k1, v1);
		map.put(k2, v2);
		return map;
	}

}
