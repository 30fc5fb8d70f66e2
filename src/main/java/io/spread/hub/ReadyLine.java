package io.spread.hub;

import java.util.ArrayList;
import java.util.List;

import io.spread.codec.Framing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * The one start-up line that matters: where each kind of client connects, in which framing, and where HTTP and the
 * actuator are. Logged when the application is ready, so the listeners are bound by then (a port that cannot be bound
 * stops start-up). Each front end adds its listener as a {@link Listener} bean, in their order.
 */
public class ReadyLine {

	private static final Logger log = LoggerFactory.getLogger(ReadyLine.class);

	/** Boot's record of the actuator's own port, when {@code management.server.port} gives it one. */
	private static final String MANAGEMENT_PORT = "local.management.port";

	private final List<Listener> listeners;

	public ReadyLine(List<Listener> listeners) {
		this.listeners = listeners;
	}

	@EventListener
	public void ready(ApplicationReadyEvent event) {
		List<String> parts = new ArrayList<>();
		for (Listener listener : this.listeners) {
			if (listener.server().isListening()) {
				parts.add(listener.describe());
			}
		}
		if (parts.isEmpty()) {
			return;
		}
		parts.add(http(event.getApplicationContext()));
		log.info("Spread hub ready: {}", String.join(", ", parts));
	}

	private static String http(ApplicationContext context) {
		if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
			return "no HTTP";
		}
		int port = web.getWebServer().getPort();
		String management = context.getEnvironment().getProperty(MANAGEMENT_PORT);
		if (management == null || management.equals(Integer.toString(port))) {
			return "HTTP (actuator, console) on port " + port;
		}
		return "HTTP (console) on port " + port + ", actuator on port " + management;
	}

	/**
	 * A TCP listener as the ready line names it: {@code clients on 0.0.0.0:8007 (line framing)}.
	 * @param what who connects there ({@code clients}, {@code gateway})
	 * @param tlsBundle the SSL bundle it serves TLS with, or empty
	 */
	public record Listener(String what, String host, AbstractServerConnectionFactory server, Framing framing,
			String tlsBundle) {

		String describe() {
			String tls = this.tlsBundle.isEmpty() ? "" : ", TLS with bundle " + this.tlsBundle;
			return this.what + " on " + this.host + ":" + this.server.getPort() + " (" + this.framing.configName()
					+ " framing" + tls + ")";
		}

	}

}
