package io.spread.cluster;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The cluster component of health: DOWN while this replica cannot reach Redis. Not part of readiness or liveness:
 * a replica without Redis still serves its own clients.
 */
public class ClusterHealthIndicator implements HealthIndicator {

	private final ClusterLink link;

	public ClusterHealthIndicator(ClusterLink link) {
		this.link = link;
	}

	@Override
	public Health health() {
		Health.Builder builder = this.link.isConnected() ? Health.up() : Health.down().withDetail("problem", this.link.lastProblem());
		return builder.withDetail("replica", this.link.replicaId())
			.withDetail("replicas", this.link.replicasSeen())
			.withDetail("remoteClients", this.link.remoteClientCount())
			.withDetail("framesNotForwarded", (long) this.link.notForwarded())
			.build();
	}

}
