package io.spread.seeds;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The echo server ({@code spread.echo.*}), Twisted's {@code Echo}: every byte a client sends comes back to it
 * unchanged. Its clients share the hub's writer threads, outbound limits and memory budget ({@code spread.hub.*})
 * and TCP keepalive ({@code spread.tcp.keep-alive.*}).
 */
@Validated
@ConfigurationProperties("spread.echo")
public class EchoProperties {

	/** Whether the echo server runs (server mode only). */
	private boolean enabled = false;

	/** Address the echo listener binds to. */
	@NotBlank
	private String host = "0.0.0.0";

	/** TCP port of the echo server; 0 picks a free port (logged, and shown in health). */
	@Min(0)
	@Max(65535)
	private int port = 8000;

	/** Most echo clients connected at once; further ones get "ERR server-full" and are closed. */
	@Min(1)
	private int maxConnections = 1000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

}
