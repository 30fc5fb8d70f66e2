package io.spread.gateway;

import java.util.ArrayList;
import java.util.List;

import io.spread.codec.Framing;
import io.spread.config.AddressRanges;
import io.spread.config.ListenerSsl;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway listener: {@code spread.gateway.*}. Its clients have names, rooms and direct messages (SPEC section 8),
 * under the same limits and slow-consumer rules as the relay's ({@code spread.hub.*}, {@code spread.tcp.*}).
 */
@Validated
@ConfigurationProperties("spread.gateway")
public class GatewayProperties {

	/** Whether the hub listens for gateway clients. */
	private boolean enabled = true;

	/** Address the gateway listener binds to; empty: the same as spread.tcp.host. */
	private String host = "";

	/**
	 * Client addresses the gateway listener accepts, as CIDR ranges (10.0.0.0/8, fd00::/8) or single addresses;
	 * empty accepts any. A client from elsewhere is closed as soon as it connects, with one log line.
	 */
	@NotNull
	private List<@Pattern(regexp = AddressRanges.PATTERN, message = AddressRanges.MESSAGE) String> allow = new ArrayList<>();

	/** TLS on this listener: the SSL bundle it serves and client certificates. */
	@Valid
	@NestedConfigurationProperty
	private ListenerSsl ssl = new ListenerSsl();

	/** TCP port gateway clients connect to; 0 picks a free port. */
	@Min(0)
	@Max(65535)
	private int port = 8008;

	/** How gateway frames are delimited: line (telnet, nc) or length-prefixed (any bytes in payloads). */
	@NotNull
	private Framing framing = Framing.LINE;

	/** Reported as {@code spread.gateway.framing}, the setting it is named after. */
	@AssertTrue(message = "must be line or length-prefixed: gateway commands need frames")
	public boolean isFramingCommandable() {
		return this.framing != Framing.RAW;
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

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public Framing getFraming() {
		return this.framing;
	}

	public void setFraming(Framing framing) {
		this.framing = framing;
	}

	public List<String> getAllow() {
		return this.allow;
	}

	public void setAllow(List<String> allow) {
		this.allow = allow;
	}

	public ListenerSsl getSsl() {
		return this.ssl;
	}

	public void setSsl(ListenerSsl ssl) {
		this.ssl = ssl;
	}

}
