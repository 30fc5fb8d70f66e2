package io.spread.helm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart in helm/spread, linted (strict, every template including the {@code helm test} pod) and rendered by
 * Helm's own code through helm-java, checked on the manifests. helm-java's template leaves hooks out.
 */
class HelmChartTest {

	private static final Path CHART = Path.of("helm", "spread");

	@Test
	void passesLint() {
		LintResult result = new Helm(CHART).lint().strict().call();

		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
	}

	@Test
	void rendersADeploymentWithProbesPortsAndANonRootContainer() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template().withName("hub"));

		Map<String, Object> pod = at(find(manifests, "Deployment"), "spec", "template", "spec");
		Map<String, Object> container = first(pod, "containers");
		assertThat(at(container, "livenessProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
		assertThat(at(container, "readinessProbe", "httpGet")).containsEntry("path", "/actuator/health/readiness");
		assertThat(list(container, "ports")).extracting(port -> port.get("containerPort")).containsExactly(8007, 8008, 8080);
		assertThat(at(pod, "securityContext")).containsEntry("runAsNonRoot", true);
		assertThat(at(container, "securityContext")).containsEntry("allowPrivilegeEscalation", false);
		assertThat(pod).containsEntry("terminationGracePeriodSeconds", 20);
		assertThat(pod).as("no SPREAD_* service-link variables").containsEntry("enableServiceLinks", false);
		assertThat(list(at(find(manifests, "Service"), "spec"), "ports")).extracting(port -> port.get("port"))
			.containsExactly(8007, 8008, 8080);
		assertThat(applicationYaml(manifests)).containsEntry("server", Map.of("port", 8080));
		assertThat(at(at(applicationYaml(manifests), "spread"), "gateway")).containsEntry("port", 8008);
		assertThat(manifests).noneMatch(manifest -> "PodDisruptionBudget".equals(manifest.get("kind")));
		assertThat(at(find(manifests, "Secret"), "data")).as("no credentials given: the hub generates a password")
			.isNullOrEmpty();
		assertThat(secretReferences(container)).containsEntry("SPREAD_ADMIN_PASSWORD", "hub-spread/admin-password");
	}

	@Test
	void takesOverridesForReplicasPortsAndAnyApplicationSetting() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template()
			.withName("hub")
			.set("replicaCount", 3)
			.set("service.tcpPort", 9000)
			.set("shutdownTimeoutSeconds", 30)
			.set("config.spread.tcp.framing", "length-prefixed")
			.set("config.spread.hub.max-connections", 50000)
			.set("podDisruptionBudget.enabled", true));

		assertThat(at(find(manifests, "Deployment"), "spec")).containsEntry("replicas", 3);
		Map<String, Object> pod = at(find(manifests, "Deployment"), "spec", "template", "spec");
		assertThat(list(first(pod, "containers"), "ports")).extracting(port -> port.get("containerPort"))
			.contains(9000);
		assertThat(pod).containsEntry("terminationGracePeriodSeconds", 40);
		Map<String, Object> spread = at(applicationYaml(manifests), "spread");
		assertThat(at(spread, "tcp")).containsEntry("port", 9000).containsEntry("framing", "length-prefixed");
		assertThat(at(spread, "hub")).containsEntry("max-connections", 50000).containsEntry("shutdown-timeout", "30s");
		assertThat(find(manifests, "PodDisruptionBudget")).isNotNull();
	}

	@Test
	void joinsReplicasThroughRedisWhenClustered() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template()
			.withName("hub")
			.set("replicaCount", 3)
			.set("cluster.enabled", true)
			.set("cluster.redisHost", "redis.default.svc"));

		assertThat(at(find(manifests, "Deployment"), "spec")).containsEntry("replicas", 3);
		Map<String, Object> application = applicationYaml(manifests);
		assertThat(at(application, "spread", "cluster")).containsEntry("enabled", true);
		assertThat(at(application, "spring", "data", "redis")).containsEntry("host", "redis.default.svc")
			.containsEntry("port", 6379);
	}

	@Test
	void takesTheAdminPasswordAndTokenKeyFromASecretNeverTheConfigMap() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template()
			.withName("hub")
			.set("secrets.adminPassword", "admin-pw-value")
			.set("secrets.adminToken", "admin-token-value-0123")
			.set("secrets.jwtSecret", "jwt-secret-value-of-at-least-32-bytes")
			.set("auth.jwt.enabled", true)
			.set("auth.jwt.issuer", "spread-dev"));

		Map<String, Object> secret = find(manifests, "Secret");
		assertThat(at(secret, "metadata")).containsEntry("name", "hub-spread");
		assertThat(decoded(at(secret, "data"))).containsEntry("admin-password", "admin-pw-value")
			.containsEntry("admin-token", "admin-token-value-0123")
			.containsEntry("jwt-secret", "jwt-secret-value-of-at-least-32-bytes")
			.doesNotContainKeys("jwt-public-key", "jwt-jwk-set");
		String configMap = (String) at(find(manifests, "ConfigMap"), "data").get("application.yml");
		assertThat(configMap).doesNotContain("admin-pw-value", "admin-token-value", "jwt-secret-value");
		assertThat(at(applicationYaml(manifests), "spread", "auth", "jwt")).containsEntry("enabled", true)
			.containsEntry("issuer", "spread-dev")
			.doesNotContainKeys("secret", "public-key");
		assertThat(at(applicationYaml(manifests), "spread", "admin")).containsEntry("username", "admin")
			.doesNotContainKey("password");
		Map<String, Object> container = first(at(find(manifests, "Deployment"), "spec", "template", "spec"),
				"containers");
		assertThat(secretReferences(container)).containsEntry("SPREAD_ADMIN_PASSWORD", "hub-spread/admin-password")
			.containsEntry("SPREAD_ADMIN_TOKEN", "hub-spread/admin-token")
			.containsEntry("SPREAD_AUTH_JWT_SECRET", "hub-spread/jwt-secret");
	}

	@Test
	void usesAnExistingSecretAndMountsAPublicKeyFromIt() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template()
			.withName("hub")
			.set("secrets.existingSecret", "spread-credentials")
			.set("auth.jwt.enabled", true)
			.set("auth.jwt.key", "public-key"));

		assertThat(manifests).noneMatch(manifest -> "Secret".equals(manifest.get("kind")));
		Map<String, Object> pod = at(find(manifests, "Deployment"), "spec", "template", "spec");
		Map<String, Object> container = first(pod, "containers");
		assertThat(secretReferences(container)).containsEntry("SPREAD_ADMIN_PASSWORD", "spread-credentials/admin-password")
			.doesNotContainKey("SPREAD_AUTH_JWT_SECRET");
		assertThat(list(pod, "volumes")).filteredOn(volume -> "secrets".equals(volume.get("name")))
			.singleElement()
			.satisfies(volume -> assertThat(at(volume, "secret")).containsEntry("secretName", "spread-credentials"));
		assertThat(list(container, "volumeMounts")).filteredOn(mount -> "secrets".equals(mount.get("name")))
			.singleElement()
			.satisfies(mount -> assertThat(mount).containsEntry("mountPath", "/etc/spread/secrets")
				.containsEntry("readOnly", true));
		assertThat(at(applicationYaml(manifests), "spread", "auth", "jwt"))
			.containsEntry("public-key", "/etc/spread/secrets/jwt-public-key");
	}

	@Test
	void servesTlsWithTheCertificateOfATlsSecretMountedNeverCopied() {
		List<Map<String, Object>> manifests = render(new Helm(CHART).template()
			.withName("hub")
			.set("tls.enabled", true)
			.set("tls.secretName", "spread-tls")
			.set("tls.clientAuth", "need")
			.set("cluster.enabled", true)
			.set("cluster.redisHost", "redis"));

		Map<String, Object> pod = at(find(manifests, "Deployment"), "spec", "template", "spec");
		Map<String, Object> container = first(pod, "containers");
		assertThat(list(pod, "volumes")).filteredOn(volume -> "tls".equals(volume.get("name")))
			.singleElement()
			.satisfies(volume -> assertThat(at(volume, "secret")).containsEntry("secretName", "spread-tls"));
		assertThat(list(container, "volumeMounts")).filteredOn(mount -> "tls".equals(mount.get("name")))
			.singleElement()
			.satisfies(mount -> assertThat(mount).containsEntry("mountPath", "/etc/spread/tls")
				.containsEntry("readOnly", true));
		Map<String, Object> yaml = applicationYaml(manifests);
		assertThat(at(yaml, "spring", "ssl", "bundle", "pem", "spread", "keystore"))
			.containsEntry("certificate", "file:/etc/spread/tls/tls.crt")
			.containsEntry("private-key", "file:/etc/spread/tls/tls.key");
		assertThat(at(yaml, "spring", "ssl", "bundle", "pem", "spread", "truststore"))
			.containsEntry("certificate", "file:/etc/spread/tls/ca.crt");
		assertThat(at(yaml, "spread", "tcp", "ssl")).containsEntry("bundle", "spread").containsEntry("client-auth", "need");
		assertThat(at(yaml, "spread", "gateway", "ssl")).containsEntry("bundle", "spread");
		assertThat(at(yaml, "spring", "data", "redis")).as("TLS and the cluster's Redis side by side")
			.containsEntry("host", "redis");
	}

	@Test
	void refusesTokensWithoutTheirKey() {
		assertThatThrownBy(() -> new Helm(CHART).template().withName("hub").set("auth.jwt.enabled", true).call())
			.hasMessageContaining("auth.jwt.enabled with key secret needs its value");
		assertThatThrownBy(() -> new Helm(CHART).template()
			.withName("hub")
			.set("auth.jwt.enabled", true)
			.set("auth.jwt.key", "password")
			.set("secrets.existingSecret", "x")
			.call()).hasMessageContaining("auth.jwt.key must be secret, public-key or jwk-set");
	}

	/** The environment variables a container takes from Secrets: name to secret/key. */
	private static Map<String, String> secretReferences(Map<String, Object> container) {
		Map<String, String> references = new TreeMap<>();
		for (Map<String, Object> variable : list(container, "env")) {
			Map<String, Object> from = at(variable, "valueFrom", "secretKeyRef");
			if (from != null) {
				references.put((String) variable.get("name"), from.get("name") + "/" + from.get("key"));
			}
		}
		return references;
	}

	private static Map<String, String> decoded(Map<String, Object> data) {
		Map<String, String> decoded = new TreeMap<>();
		data.forEach((key, value) -> decoded.put(key,
				new String(Base64.getDecoder().decode((String) value), StandardCharsets.UTF_8)));
		return decoded;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> render(TemplateCommand command) {
		List<Map<String, Object>> manifests = new ArrayList<>();
		for (Object document : new Yaml().loadAll(command.call())) {
			if (document != null) {
				manifests.add((Map<String, Object>) document);
			}
		}
		return manifests;
	}

	private static Map<String, Object> find(List<Map<String, Object>> manifests, String kind) {
		return manifests.stream().filter(manifest -> kind.equals(manifest.get("kind"))).findFirst().orElseThrow();
	}

	private static Map<String, Object> applicationYaml(List<Map<String, Object>> manifests) {
		return new Yaml().load((String) at(find(manifests, "ConfigMap"), "data").get("application.yml"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> at(Map<String, Object> node, String... path) {
		Map<String, Object> current = node;
		for (String key : path) {
			if (current == null) {
				return null;
			}
			current = (Map<String, Object>) current.get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> node, String key) {
		return (List<Map<String, Object>>) node.get(key);
	}

	private static Map<String, Object> first(Map<String, Object> node, String key) {
		return list(node, key).get(0);
	}

}
