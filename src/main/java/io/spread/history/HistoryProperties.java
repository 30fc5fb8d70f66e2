package io.spread.history;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Room history for clients that resume after a reconnect (SPEC section 9): {@code spread.history.*}. */
@Validated
@ConfigurationProperties("spread.history")
public class HistoryProperties {

	/** Messages each room keeps for HISTORY; 0 turns history off. */
	@Min(0)
	@Max(1_000_000)
	private int size = 1000;

	/** How long a message is kept at most. */
	@NotNull
	@DurationMin(seconds = 1)
	private Duration ttl = Duration.ofMinutes(10);

	/**
	 * Single node: the share of spread.hub.memory-budget, in percent, that all rooms' history may hold together; a
	 * room that would go over it lets its oldest messages go first.
	 */
	@Min(1)
	@Max(100)
	private int memoryShare = 25;

	public int getSize() {
		return this.size;
	}

	public void setSize(int size) {
		this.size = size;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public int getMemoryShare() {
		return this.memoryShare;
	}

	public void setMemoryShare(int memoryShare) {
		this.memoryShare = memoryShare;
	}

}
