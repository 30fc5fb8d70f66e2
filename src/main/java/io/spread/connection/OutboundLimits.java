package io.spread.connection;

import java.time.Duration;

/**
 * How much may wait for one client, as Redis limits pub/sub clients: a queue may stay above {@code soft} bytes for
 * at most {@code grace}, and never go above {@code hard}; past either, {@code policy} decides.
 */
public record OutboundLimits(long soft, long hard, Duration grace, SlowConsumerPolicy policy) {

	public OutboundLimits {
		if (hard < soft) {
			throw new IllegalArgumentException("hard limit " + hard + " is below the soft limit " + soft);
		}
	}

	long graceNanos() {
		return this.grace.toNanos();
	}

}
