package io.spread.security;

import java.util.List;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The requests of the liveness and readiness probes, {@code <health>/liveness} and {@code <health>/readiness}
 * wherever the health endpoint is mapped ({@code management.endpoints.web.base-path}): what Kubernetes asks
 * without credentials. Plain {@code /actuator/health} and its components are not among them.
 */
final class ProbeRequests {

	static final List<String> GROUPS = List.of("liveness", "readiness");

	private ProbeRequests() {
	}

	static RequestMatcher of(PathMappedEndpoints endpoints) {
		String health = endpoints.getPath(EndpointId.of("health"));
		if (health == null) {
			return request -> false; // health is not exposed over HTTP
		}
		return new OrRequestMatcher(GROUPS.stream()
			.map(group -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(health + "/" + group))
			.toList());
	}

}
