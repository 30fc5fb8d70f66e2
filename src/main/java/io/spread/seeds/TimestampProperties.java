package io.spread.seeds;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The timestamp server ({@code spread.timestamp.*}), the {@code tsTservTW.py} example: each line a client sends
 * comes back as {@code [<ctime>] <line>}, the time as C's {@code ctime()} writes it in the server's time zone. Lines
 * follow the hub's line framing settings ({@code spread.tcp.max-frame-size}, {@code line-terminator},
 * {@code strip-telnet}, {@code keep-alive.*}); its clients share the hub's writer threads, outbound limits and memory
 * budget ({@code spread.hub.*}).
 */
@Validated
@ConfigurationProperties("spread.timestamp")
public class TimestampProperties {

	/** Whether the timestamp server runs (server mode only). */
	private boolean enabled = false;

	/** Address the timestamp listener binds to. */
	@NotBlank
	private String host = "0.0.0.0";

	/** TCP port of the timestamp server; 0 picks a free port (logged, and shown in health). */
	@Min(0)
	@Max(65535)
	private int port = 21567;

	/** Most timestamp clients connected at once; further ones get "ERR server-full" and are closed. */
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
