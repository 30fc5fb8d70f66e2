package io.spread.websocket;

import java.util.ArrayList;
import java.util.List;

import io.spread.config.AddressRanges;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * WebSocket clients on the HTTP port (SPEC section 12): {@code /ws/relay} and {@code /ws/gateway}. Their frame size,
 * outbound limits, slow-consumer policy, rate limit and connection limits are the hub's, as for TCP clients.
 */
@Validated
@ConfigurationProperties("spread.websocket")
public class WebSocketProperties {

	/** Whether the HTTP port takes WebSocket clients on /ws/relay and /ws/gateway. */
	private boolean enabled = true;

	/**
	 * Origins whose pages may open a WebSocket to the hub (https://game.example.com, or patterns such as
	 * https://*.example.com; * for any). Empty: pages served by the hub itself (the console) only. Clients that are not
	 * browsers send no origin and are not checked.
	 */
	@NotNull
	private List<@Pattern(regexp = "\\*|[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/?#]+", message = "must be an origin such as "
			+ "https://game.example.com or https://*.example.com, or *") String> allowedOrigins = new ArrayList<>();

	/**
	 * Client addresses the WebSocket endpoints accept, as CIDR ranges (10.0.0.0/8, fd00::/8) or single addresses;
	 * empty accepts any. A client from elsewhere is closed as soon as its session opens, with one log line.
	 */
	@NotNull
	private List<@Pattern(regexp = AddressRanges.PATTERN, message = AddressRanges.MESSAGE) String> allow = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public List<String> getAllow() {
		return this.allow;
	}

	public void setAllow(List<String> allow) {
		this.allow = allow;
	}

}
