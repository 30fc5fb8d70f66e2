package io.spread.seeds;

import io.spread.config.ListenerSsl;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/** What the seed servers' settings have in common: on or off, where they listen, how many clients at once. */
public abstract class SeedServerProperties {

	/** Whether the server runs (server mode only). */
	private boolean enabled = false;

	/** Address the server's listener binds to. */
	@NotBlank
	private String host = "0.0.0.0";

	/** Most clients of the server connected at once; further ones get "ERR server-full" and are closed. */
	@Min(1)
	private int maxConnections = 1000;

	/** TLS on the server's listener: the SSL bundle it serves and client certificates. */
	@Valid
	@NestedConfigurationProperty
	private ListenerSsl ssl = new ListenerSsl();

	/** The server's TCP port; 0 picks a free port. */
	public abstract int getPort();

	public ListenerSsl getSsl() {
		return this.ssl;
	}

	public void setSsl(ListenerSsl ssl) {
		this.ssl = ssl;
	}

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

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

}
