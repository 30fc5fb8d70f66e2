package io.spread.seeds;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The echo server ({@code spread.echo.*}), Twisted's {@code Echo}: every byte a client sends comes back to it
 * unchanged. Its clients share the hub's writer threads, outbound limits and memory budget ({@code spread.hub.*})
 * and TCP keepalive ({@code spread.tcp.keep-alive.*}).
 */
@Validated
@ConfigurationProperties("spread.echo")
public class EchoProperties extends SeedServerProperties {

	/** TCP port of the echo server; 0 picks a free port (logged, and shown in health). */
	@Min(0)
	@Max(65535)
	private int port = 8000;

	@Override
	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

}
