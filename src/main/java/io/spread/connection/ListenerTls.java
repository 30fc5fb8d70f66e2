package io.spread.connection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * TLS for one listener: the SSL context made from its Spring Boot SSL bundle, the bundle's protocols and ciphers if
 * it names any, and whether clients must show a certificate.
 */
public record ListenerTls(SSLContext context, String[] protocols, String[] ciphers, ClientAuth clientAuth) {

	/** Client certificates: not asked for, asked for and checked if given, or required. */
	public enum ClientAuth {

		NONE, WANT, NEED

	}

	/** An engine for one accepted connection. */
	SSLEngine newEngine() {
		SSLEngine engine = this.context.createSSLEngine();
		engine.setUseClientMode(false);
		if (this.protocols != null) {
			engine.setEnabledProtocols(this.protocols);
		}
		if (this.ciphers != null) {
			engine.setEnabledCipherSuites(this.ciphers);
		}
		switch (this.clientAuth) {
			case NEED -> engine.setNeedClientAuth(true);
			case WANT -> engine.setWantClientAuth(true);
			default -> {
			}
		}
		return engine;
	}

}
