package io.spread.connection;

/** A token bucket for one client's frame rate. Used by one thread at a time (the client's reader). */
public final class TokenBucket {

	private final double perNano;

	private final double capacity;

	private double tokens;

	private long refilledAt;

	public TokenBucket(int perSecond, int burst, long nowNanos) {
		this.perNano = perSecond / 1e9;
		this.capacity = burst;
		this.tokens = burst;
		this.refilledAt = nowNanos;
	}

	/** Takes up to {@code wanted} tokens; returns how many were available. */
	public int take(int wanted, long nowNanos) {
		this.tokens = Math.min(this.capacity, this.tokens + (nowNanos - this.refilledAt) * this.perNano);
		this.refilledAt = nowNanos;
		int granted = (int) Math.min(wanted, Math.floor(this.tokens));
		this.tokens -= granted;
		return granted;
	}

}
