package io.spread.config;

import io.spread.SpreadMode;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings for the whole jar: {@code spread.*} (each mode's own settings live in its package). */
@Validated
@ConfigurationProperties("spread")
public class SpreadProperties {

	/** What this process runs: server (the hub), client, bench (the load tool) or logger (the log bot). */
	@NotNull
	private SpreadMode mode = SpreadMode.SERVER;

	public SpreadMode getMode() {
		return this.mode;
	}

	public void setMode(SpreadMode mode) {
		this.mode = mode;
	}

}
