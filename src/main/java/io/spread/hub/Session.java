package io.spread.hub;

import java.time.Instant;

import io.spread.connection.HubConnection;
import io.spread.connection.TokenBucket;

/** A connected client, as the hub's registry knows it. */
public final class Session {

	private final HubConnection connection;

	private final Instant connectedAt;

	/** Its frame rate limit, or null when there is none. Used by the client's reader only. */
	private final TokenBucket rate;

	/** Frames dropped for rate so far. Used by the client's reader only. */
	private int rateLimited;

	Session(HubConnection connection, Instant connectedAt, TokenBucket rate) {
		this.connection = connection;
		this.connectedAt = connectedAt;
		this.rate = rate;
	}

	HubConnection connection() {
		return this.connection;
	}

	Instant connectedAt() {
		return this.connectedAt;
	}

	/** How many of {@code frames} the rate limit lets through now; the rest count as dropped. */
	int admit(int frames) {
		if (this.rate == null) {
			return frames;
		}
		int admitted = this.rate.take(frames, System.nanoTime());
		this.rateLimited += frames - admitted;
		return admitted;
	}

	int rateLimited() {
		return this.rateLimited;
	}

}
