package io.spread.seeds;

import io.spread.hub.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * A seed server's health component ({@code echo}, {@code timestamp}): UP while its listener accepts connections,
 * with host, port and client count. It also logs the server's one start-up line.
 */
public class SeedHealthIndicator implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(SeedHealthIndicator.class);

	private final String service;

	private final AbstractServerConnectionFactory listener;

	private final String host;

	private final SessionRegistry registry;

	/** @param service what the server is, for the log: {@code echo}, {@code timestamp} */
	public SeedHealthIndicator(String service, AbstractServerConnectionFactory listener, String host,
			SessionRegistry registry) {
		this.service = service;
		this.listener = listener;
		this.host = host;
		this.registry = registry;
	}

	/** Logged once the application is ready, so the listener is bound (a port in use stops start-up). */
	@EventListener
	public void ready(ApplicationReadyEvent event) {
		if (this.listener.isListening()) {
			log.info("Spread {} server ready: clients on {}:{}", this.service, this.host, this.listener.getPort());
		}
	}

	@Override
	public Health health() {
		Health.Builder builder = this.listener.isListening() ? Health.up() : Health.down();
		return builder.withDetail("host", this.host)
			.withDetail("port", this.listener.getPort())
			.withDetail("clients", this.registry.clientCount())
			.build();
	}

}
