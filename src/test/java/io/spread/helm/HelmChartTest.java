package io.spread.helm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

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
