package io.spread.hub;

import java.util.List;

import io.spread.connection.ClientConnection;
import io.spread.connection.CloseReason;
import io.spread.connection.OutboundEvents.DropReason;
import io.spread.logging.ClientLog;
import io.spread.protocol.ErrorText;

/**
 * {@code spread.hub.rate-limit} for every front end: the frames a client may send per second; the newest beyond it
 * are dropped and counted, and a client that keeps going over is closed with {@code ERR rate-limit}.
 */
public class RateLimiter {

	private final HubProperties.RateLimit limit;

	private final HubNotices notices;

	private final HubMetrics metrics;

	public RateLimiter(HubProperties properties, HubNotices notices, HubMetrics metrics) {
		this.limit = properties.getRateLimit();
		this.notices = notices;
		this.metrics = metrics;
	}

	/** The frames the sender's rate limit lets through now (the first ones). Called on its reader thread. */
	public <T> List<T> admit(Session session, List<T> frames) {
		if (this.limit.getFramesPerSecond() == 0 || frames.isEmpty()) {
			return frames;
		}
		int admitted = session.admit(frames.size());
		if (admitted == frames.size()) {
			return frames;
		}
		this.metrics.dropped(DropReason.RATE_LIMITED, frames.size() - admitted);
		ClientConnection sender = session.connection();
		if (session.rateLimited() >= this.limit.getDisconnectAfter() && !sender.isInputEnded()) {
			ClientLog.warn("Closing connection {} from {}: {} frames over the rate limit", sender.getConnectionId(),
					sender.remoteAddress(), session.rateLimited());
			this.notices.dismiss(sender, ErrorText.RATE_LIMIT, CloseReason.LIMIT);
		}
		return frames.subList(0, admitted);
	}

	/** Whether one more frame is within the limit. */
	public boolean admitOne(Session session) {
		return !admit(session, List.of(Boolean.TRUE)).isEmpty();
	}

}
