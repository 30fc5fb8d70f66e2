package io.spread.hub;

import io.spread.config.TcpProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * The hub's health: UP while the TCP listener accepts connections; shows port, framing and client count. Part of
 * the readiness group, so a hub that cannot take clients gets no traffic.
 */
public class HubHealthIndicator implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(HubHealthIndicator.class);

	private final AbstractServerConnectionFactory listener;

	private final TcpProperties tcp;

	private final HubOperations hub;

	public HubHealthIndicator(AbstractServerConnectionFactory listener, TcpProperties tcp, HubOperations hub) {
		this.listener = listener;
		this.tcp = tcp;
		this.hub = hub;
	}

	/**
	 * The one start-up line that matters: where clients connect, in which framing, and where HTTP is. Logged when
	 * the application is ready, so the listener is bound by then (a port that cannot be bound stops start-up).
	 */
	@EventListener
	public void ready(ApplicationReadyEvent event) {
		if (!this.listener.isListening()) {
			return;
		}
		String http = (event.getApplicationContext() instanceof WebServerApplicationContext web
				&& web.getWebServer() != null) ? "HTTP (actuator, console) on port " + web.getWebServer().getPort()
						: "no HTTP";
		String tls = this.tcp.getSsl().getBundle().isEmpty() ? "" : ", TLS with bundle " + this.tcp.getSsl().getBundle();
		log.info("Spread hub ready: clients on {}:{} ({} framing{}), {}", this.tcp.getHost(), this.listener.getPort(),
				this.tcp.getFraming().configName(), tls, http);
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
