package io.spread.hub;

import io.spread.config.TcpProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;

/**
 * The hub's health: UP while the TCP listener accepts connections; shows port, framing and client count. Part of
 * the readiness group, so a hub that cannot take clients gets no traffic.
 */
public class HubHealthIndicator implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(HubHealthIndicator.class);

	private final AbstractServerConnectionFactory listener;

	private final TcpProperties tcp;

	private final BroadcastService hub;

	public HubHealthIndicator(AbstractServerConnectionFactory listener, TcpProperties tcp, BroadcastService hub) {
		this.listener = listener;
		this.tcp = tcp;
		this.hub = hub;
	}

	@EventListener
	public void listening(TcpConnectionServerListeningEvent event) {
		log.info("Spread hub listening on {}:{} ({} framing)", this.tcp.getHost(), event.getPort(),
				this.tcp.getFraming().configName());
	}

	@Override
	public Health health() {
		Health.Builder builder = this.listener.isListening() ? Health.up() : Health.down();
		return builder.withDetail("host", this.tcp.getHost())
			.withDetail("port", this.listener.getPort())
			.withDetail("framing", this.tcp.getFraming().configName())
			.withDetail("clients", this.hub.clientCount())
			.build();
	}

}
