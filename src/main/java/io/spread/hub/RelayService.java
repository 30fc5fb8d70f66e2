package io.spread.hub;

import java.util.ArrayList;
import java.util.List;

import io.spread.codec.Frame;
import io.spread.codec.FrameBatch;
import io.spread.codec.OversizedFrame;
import io.spread.connection.ClientConnection;
import io.spread.connection.CloseReason;
import io.spread.logging.ClientLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;

/**
 * The relay port's front end: what a relay client sends is published, bare, to the relay room, whose other members
 * get it (relay clients as it was sent, gateway members as {@code MSG}). Frames reach it from the inbound flow in
 * batches, on the sender's reader thread and so in the sender's order. It also acts on {@code close}, oversized
 * frames and the rate limit.
 */
public class RelayService {

	private static final Logger log = LoggerFactory.getLogger(RelayService.class);

	private final SessionRegistry registry;

	private final Rooms rooms;

	private final Router router;

	private final HubNotices notices;

	private final HubMetrics metrics;

	private final OversizedFrames oversized;

	private final RateLimiter rateLimiter;

	public RelayService(SessionRegistry registry, Rooms rooms, Router router, HubNotices notices,
			OversizedFrames oversized, RateLimiter rateLimiter, HubMetrics metrics) {
		this.oversized = oversized;
		this.rateLimiter = rateLimiter;
		this.registry = registry;
		this.rooms = rooms;
		this.router = router;
		this.notices = notices;
		this.metrics = metrics;
	}

	/**
	 * Handles a batch of frames from one sender, in order: runs of data frames are published to the relay room as
	 * one delivery; {@code close} ends the sender's input; an oversized frame gets the sender an error.
	 */
	public void relay(Message<?> message) {
		ClientConnection sender = HubMessageMapper.sender(message);
		if (sender.isInputEnded()) {
			return;
		}
		List<Frame> frames = ((FrameBatch) message.getPayload()).frames();
		List<byte[]> data = new ArrayList<>(frames.size());
		for (Frame frame : frames) {
			if (frame instanceof Frame.Data payload && !CloseCommand.matches(payload.payload())) {
				data.add(payload.payload());
				continue;
			}
			publish(sender, data, message);
			data.clear();
			boolean inputEnded = (frame instanceof OversizedFrame tooLarge) ? this.oversized.reject(sender, tooLarge)
					: closeSender(sender);
			if (inputEnded) {
				return;
			}
		}
		publish(sender, data, message);
	}

	/** Publishes data frames to the relay room, for every member but their sender (of every replica). */
	private void publish(ClientConnection sender, List<byte[]> payloads, Message<?> message) {
		sender.countFramesIn(payloads.size());
		Session session = this.registry.get(sender.getConnectionId());
		Room room = this.rooms.get(this.rooms.relayRoom());
		if (payloads.isEmpty() || session == null || room == null) {
			// not registered (refused, or gone): nobody is to hear it
			return;
		}
		List<byte[]> admitted = this.rateLimiter.admit(session, payloads);
		if (admitted.isEmpty()) {
			return;
		}
		this.router.publish(room, session, admitted);
		int bytes = 0;
		for (byte[] payload : admitted) {
			bytes += payload.length;
		}
		this.metrics.received(admitted.size(), bytes, HubMessageMapper.receivedNanos(message));
		if (log.isDebugEnabled()) {
			log.debug("Relayed {} frames from {} ({})", admitted.size(), sender.getConnectionId(),
					sender.remoteAddress());
		}
	}

	/** The client sent {@code close}: it is disconnected once what is queued for it has been written. */
	private boolean closeSender(ClientConnection sender) {
		ClientLog.info("Closing connection {} from {} at its request", sender.getConnectionId(),
				sender.remoteAddress());
		sender.closeAfterFlush(CloseReason.CLOSE_COMMAND);
		return true;
	}

}
