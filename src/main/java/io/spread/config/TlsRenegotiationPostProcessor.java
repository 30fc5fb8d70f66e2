package io.spread.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses client-initiated TLS renegotiation on every TLS port of the process (the hub's listeners and the HTTP
 * server), unless {@code -Djdk.tls.rejectClientInitiatedRenegotiation=false} says otherwise: a TLS 1.2 client could
 * otherwise make the hub redo the handshake, key exchange and all, as often as it liked. The JDK reads the property
 * once, at the first server handshake in the process, so it is set here, before the application has opened a port.
 */
public class TlsRenegotiationPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY = "jdk.tls.rejectClientInitiatedRenegotiation";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, "true");
		}
	}

}
