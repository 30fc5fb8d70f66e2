package io.spread.hub;

import io.spread.config.TcpProperties;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * The hub's health: UP while the TCP listener accepts connections; shows port, framing and client count. Part of
 * the readiness group, so a hub that cannot take clients gets no traffic.
 */
public class HubHealthIndicator implements HealthIndicator {

	private final AbstractServerConnectionFactory listener;

	private final TcpProperties tcp;

	private final HubOperations hub;

	public HubHealthIndicator(AbstractServerConnectionFactory listener, TcpProperties tcp, HubOperations hub) {
		this.listener = listener;
		this.tcp = tcp;
		this.hub = hub;
	}

	@Override
	public Health health() {
		Health.Builder builder = this.listener.isListening() ? Health.up() : Health.down();
		return builder.withDetail("host", this.tcp.getHost())
			.withDetail("port", this.listener.getPort())
			.withDetail("framing", this.tcp.getFraming().configName())
			.withDetail("tls", !this.tcp.getSsl().getBundle().isEmpty())
			.withDetail("clients", this.hub.clientCount())
			.build();
	}

}
