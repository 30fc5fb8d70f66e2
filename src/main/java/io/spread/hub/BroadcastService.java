package io.spread.hub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.spread.codec.FrameBatch;
import io.spread.codec.FrameCodec;
import io.spread.codec.OversizedFrame;
import io.spread.connection.HubConnection;
import io.spread.connection.OutboundEvents.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;

/**
 * The hub: keeps the registry of connected clients from TCP connection events, welcomes them, and relays each
 * client's frames to all the others. Frames reach it from the inbound flow in batches, already in per-sender order;
 * it queues them on the receivers' connections and returns at once, so no client ever waits on another.
 */
public class BroadcastService {

	private static final Logger log = LoggerFactory.getLogger(BroadcastService.class);

	static final String SERVER_FULL_ERROR = "ERR server-full";

	private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

	private final AtomicInteger clients = new AtomicInteger();

	private final FrameCodec codec;

	private final HubProperties properties;

	private final MessageChannel notices;

	private final HubMetrics metrics;

	public BroadcastService(FrameCodec codec, HubProperties properties, MessageChannel notices, HubMetrics metrics) {
		this.codec = codec;
		this.properties = properties;
		this.notices = notices;
		this.metrics = metrics;
	}

	/** Clients connected now. */
	public int clientCount() {
		return this.clients.get();
	}

	@EventListener
	public void connected(TcpConnectionOpenEvent event) {
		if (!(event.getSource() instanceof HubConnection connection)) {
			return;
		}
		int count = this.clients.incrementAndGet();
		if (count > this.properties.getMaxConnections()) {
			this.clients.decrementAndGet();
			log.warn("Refusing connection {} from {}: max-connections ({}) reached", connection.getConnectionId(),
					connection.remoteAddress(), this.properties.getMaxConnections());
			notify(connection, SERVER_FULL_ERROR);
			connection.closeAfterFlush();
			return;
		}
		String welcome = this.properties.getWelcome();
		if (!welcome.isEmpty()) {
			// queued before the client joins the registry, so that no relayed frame can overtake it
			notify(connection, welcome.replace("{n}", String.valueOf(count)));
		}
		this.sessions.put(connection.getConnectionId(), new Session(connection, Instant.now()));
		log.info("new connect: {} (connection {} from {})", count, connection.getConnectionId(),
				connection.remoteAddress());
	}

	@EventListener
	public void disconnected(TcpConnectionCloseEvent event) {
		Session session = this.sessions.remove(event.getConnectionId());
		if (session != null) {
			int count = this.clients.decrementAndGet();
			log.info("lost connect: {} (connection {} from {})", count, event.getConnectionId(),
					session.connection().remoteAddress());
		}
	}

	@EventListener
	public void failed(TcpConnectionExceptionEvent event) {
		if (event.getSource() instanceof HubConnection connection) {
			log.info("Connection {} from {} failed: {}", connection.getConnectionId(), connection.remoteAddress(),
					event.getCause().toString());
		}
	}

	/** Whether a frame should still be handled: frames that follow a close command or a broken stream are not. */
	public boolean inputWanted(Message<?> frame) {
		return !HubMessageMapper.sender(frame).isInputEnded();
	}

	/**
	 * Handles a batch of frames from one sender, in order: runs of data frames are relayed to every other client
	 * as one encoded chunk; {@code close} ends the sender's input; an oversized frame gets the sender an error.
	 */
	public void relay(Message<?> message) {
		HubConnection sender = HubMessageMapper.sender(message);
		List<byte[]> data = new ArrayList<>();
		for (Object frame : ((FrameBatch) message.getPayload()).frames()) {
			FrameKind kind = FrameKind.of(frame);
			if (kind != FrameKind.DATA) {
				broadcast(sender, data, message);
				data.clear();
				boolean inputEnded = (kind == FrameKind.CLOSE) ? closeSender(sender)
						: rejectOversized(sender, (OversizedFrame) frame);
				if (inputEnded) {
					return;
				}
			}
			else {
				data.add((byte[]) frame);
			}
		}
		broadcast(sender, data, message);
	}

	/** Queues data frames on every connected client except their sender, encoded once for all. */
	private void broadcast(HubConnection sender, List<byte[]> payloads, Message<?> message) {
		if (payloads.isEmpty()) {
			return;
		}
		byte[] encoded = this.codec.encode(payloads);
		int frames = payloads.size();
		for (Session session : this.sessions.values()) {
			HubConnection receiver = session.connection();
			if (receiver != sender) {
				receiver.offer(encoded, frames);
			}
		}
		this.metrics.received(frames, encoded.length - frames * this.codec.overhead(),
				HubMessageMapper.receivedNanos(message));
		if (log.isDebugEnabled()) {
			log.debug("Relayed {} frames from {} ({})", frames, sender.getConnectionId(), sender.remoteAddress());
		}
	}

	/** The client sent {@code close}: it is disconnected once what is queued for it has been written. */
	private boolean closeSender(HubConnection sender) {
		log.info("Closing connection {} from {} at its request", sender.getConnectionId(), sender.remoteAddress());
		sender.endInput();
		sender.closeAfterFlush();
		return true;
	}

	/**
	 * The client sent a frame over the size limit: it gets an error, and is closed if its stream is broken.
	 * @return whether the sender's input has ended
	 */
	private boolean rejectOversized(HubConnection sender, OversizedFrame oversized) {
		this.metrics.dropped(DropReason.OVERSIZED, 1);
		notify(sender, oversized.errorText());
		if (!oversized.streamUnusable()) {
			log.warn("Discarded a frame over max-frame-size {} from connection {} ({})", oversized.limit(),
					sender.getConnectionId(), sender.remoteAddress());
			return false;
		}
		log.warn("Closing connection {} from {}: frame length over max-frame-size {}; the stream cannot be trusted",
				sender.getConnectionId(), sender.remoteAddress(), oversized.limit());
		sender.endInput();
		sender.closeAfterFlush();
		return true;
	}

	/** Sends a server notice to one connection through the outbound adapter. */
	private void notify(HubConnection connection, String text) {
		Message<String> notice = MessageBuilder.withPayload(text)
			.setHeader(IpHeaders.CONNECTION_ID, connection.getConnectionId())
			.build();
		try {
			this.notices.send(notice);
		}
		catch (MessagingException ex) {
			log.debug("Notice to {} not sent, the connection is gone: {}", connection.getConnectionId(), ex.toString());
		}
	}

}
