package io.spread.gateway;

import io.spread.hub.Rooms;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * The gateway listener's health: UP while it accepts connections; shows its port, framing and the rooms that have
 * members. Not part of readiness (the relay's {@code hub} component is): a hub whose gateway is off has none.
 */
public class GatewayHealthIndicator implements HealthIndicator {

	private final AbstractServerConnectionFactory listener;

	private final GatewayProperties gateway;

	private final Rooms rooms;

	public GatewayHealthIndicator(AbstractServerConnectionFactory listener, GatewayProperties gateway, Rooms rooms) {
		this.listener = listener;
		this.gateway = gateway;
		this.rooms = rooms;
	}

	@Override
	public Health health() {
		Health.Builder builder = this.listener.isListening() ? Health.up() : Health.down();
		return builder.withDetail("port", this.listener.getPort())
			.withDetail("framing", this.gateway.getFraming().configName())
			.withDetail("tls", !this.gateway.getSsl().getBundle().isEmpty())
			.withDetail("roomsWithMembers", this.rooms.withMembers().size())
			.build();
	}

}
