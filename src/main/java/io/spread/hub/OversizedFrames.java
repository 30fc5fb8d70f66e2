package io.spread.hub;

import io.spread.codec.OversizedFrame;
import io.spread.connection.ClientConnection;
import io.spread.connection.CloseReason;
import io.spread.connection.OutboundEvents.DropReason;
import io.spread.logging.ClientLog;

/** What every front end does with a frame over {@code max-frame-size}: the one rule, in one place. */
public class OversizedFrames {

	private final HubNotices notices;

	private final HubMetrics metrics;

	public OversizedFrames(HubNotices notices, HubMetrics metrics) {
		this.notices = notices;
		this.metrics = metrics;
	}

	/**
	 * The client sent a frame over the size limit: it gets an error, and is closed if its stream is broken.
	 * @return whether the sender's input has ended
	 */
	public boolean reject(ClientConnection sender, OversizedFrame oversized) {
		this.metrics.dropped(DropReason.OVERSIZED, 1);
		this.notices.send(sender, oversized.errorText());
		if (!oversized.streamUnusable()) {
			if (sender.firstWarning()) {
				ClientLog.warn("Discarded a frame over max-frame-size {} from connection {} ({}); further ones are "
						+ "discarded without a log line", oversized.limit(), sender.getConnectionId(),
						sender.remoteAddress());
			}
			return false;
		}
		ClientLog.warn("Closing connection {} from {}: frame length over max-frame-size {}; the stream cannot be trusted",
				sender.getConnectionId(), sender.remoteAddress(), oversized.limit());
		sender.closeAfterFlush(CloseReason.LIMIT);
		return true;
	}

}
