package io.spread.hub;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.spread.codec.FrameBatch;
import io.spread.codec.FrameCodec;
import io.spread.codec.OversizedFrame;
import io.spread.connection.CloseReason;
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
 * The hub: keeps the registry of connected clients from TCP connection events, welcomes them, enforces the
 * connection and rate limits, and relays each client's frames to all the others. Frames reach it from the inbound
 * flow in batches, already in per-sender order; it queues them on the receivers' connections and returns at once,
 * so no client ever waits on another.
 */
public class BroadcastService {

	private static final Logger log = LoggerFactory.getLogger(BroadcastService.class);

	static final String SERVER_FULL_ERROR = "ERR server-full";

	static final String ADDRESS_LIMIT_ERROR = "ERR too-many-connections-from-address";

	static final String RATE_LIMIT_ERROR = "ERR rate-limit";

	static final String IDLE_ERROR = "ERR idle-timeout";

	static final String SHUTDOWN_NOTICE = "ERR server-shutting-down";

	static final String DISCONNECTED_NOTICE = "ERR disconnected-by-operator";

	private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

	private final AtomicInteger clients = new AtomicInteger();

	private final FrameCodec codec;

	private final HubProperties properties;

	private final MessageChannel notices;

	private final HubMetrics metrics;

	private final Peers peers;

	public BroadcastService(FrameCodec codec, HubProperties properties, MessageChannel notices, HubMetrics metrics,
			Peers peers) {
		this.codec = codec;
		this.properties = properties;
		this.notices = notices;
		this.metrics = metrics;
		this.peers = peers;
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
		this.metrics.opened();
		int count = this.clients.incrementAndGet();
		if (count > this.properties.getMaxConnections()) {
			this.clients.decrementAndGet();
			refuse(connection, SERVER_FULL_ERROR, "max-connections (" + this.properties.getMaxConnections() + ") reached");
			return;
		}
		int fromAddress = this.perAddress.computeIfAbsent(connection.getHostAddress(), address -> new AtomicInteger())
			.incrementAndGet();
		int perAddressLimit = this.properties.getMaxConnectionsPerAddress();
		if (perAddressLimit > 0 && fromAddress > perAddressLimit) {
			this.clients.decrementAndGet();
			leaveAddress(connection);
			refuse(connection, ADDRESS_LIMIT_ERROR, "max-connections-per-address (" + perAddressLimit + ") reached");
			return;
		}
		String welcome = this.properties.getWelcome();
		if (!welcome.isEmpty()) {
			// queued before the client joins the registry, so that no relayed frame can overtake it
			int clusterCount = count + this.peers.remoteClientCount();
			notify(connection, welcome.replace("{n}", String.valueOf(clusterCount)));
		}
		this.sessions.put(connection.getConnectionId(), new Session(connection, Instant.now(), rateLimit()));
		log.info("new connect: {} (connection {} from {})", count, connection.getConnectionId(),
				connection.remoteAddress());
	}

	@EventListener
	public void disconnected(TcpConnectionCloseEvent event) {
		if (!(event.getSource() instanceof HubConnection connection)) {
			return;
		}
		this.metrics.closed(connection.closeReason());
		Session session = this.sessions.remove(event.getConnectionId());
		if (session != null) {
			leaveAddress(connection);
			int count = this.clients.decrementAndGet();
			log.info("lost connect: {} (connection {} from {}, {})", count, event.getConnectionId(),
					connection.remoteAddress(), connection.closeReason().tag());
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
		List<Object> frames = ((FrameBatch) message.getPayload()).frames();
		sender.countFramesIn(frames.size());
		List<byte[]> data = new ArrayList<>();
		for (Object frame : frames) {
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
		List<byte[]> admitted = admit(sender, payloads);
		if (admitted.isEmpty()) {
			return;
		}
		byte[] encoded = this.codec.encode(admitted);
		int frames = admitted.size();
		for (Session session : this.sessions.values()) {
			HubConnection receiver = session.connection();
			if (receiver != sender) {
				receiver.offer(encoded, frames);
			}
		}
		this.metrics.received(frames, encoded.length - frames * this.codec.overhead(),
				HubMessageMapper.receivedNanos(message));
		this.peers.forward(sender.getConnectionId(), admitted);
		if (log.isDebugEnabled()) {
			log.debug("Relayed {} frames from {} ({})", frames, sender.getConnectionId(), sender.remoteAddress());
		}
	}

	/** The frames the sender's rate limit lets through (the newest are dropped); closes a persistent abuser. */
	private List<byte[]> admit(HubConnection sender, List<byte[]> payloads) {
		if (this.properties.getRateLimit().getFramesPerSecond() == 0 || payloads.isEmpty()) {
			return payloads;
		}
		Session session = this.sessions.get(sender.getConnectionId());
		if (session == null) {
			return payloads;
		}
		int admitted = session.admit(payloads.size());
		if (admitted == payloads.size()) {
			return payloads;
		}
		this.metrics.dropped(DropReason.RATE_LIMITED, payloads.size() - admitted);
		if (session.rateLimited() >= this.properties.getRateLimit().getDisconnectAfter() && !sender.isInputEnded()) {
			log.warn("Closing connection {} from {}: {} frames over the rate limit", sender.getConnectionId(),
					sender.remoteAddress(), session.rateLimited());
			dismiss(sender, RATE_LIMIT_ERROR, CloseReason.LIMIT);
		}
		return payloads.subList(0, admitted);
	}

	/** Queues frames a client of another replica sent on every local client. */
	public void relayRemote(List<byte[]> payloads) {
		byte[] encoded = this.codec.encode(payloads);
		for (Session session : this.sessions.values()) {
			session.connection().offer(encoded, payloads.size());
		}
	}

	/** The client sent {@code close}: it is disconnected once what is queued for it has been written. */
	private boolean closeSender(HubConnection sender) {
		log.info("Closing connection {} from {} at its request", sender.getConnectionId(), sender.remoteAddress());
		sender.closeAfterFlush(CloseReason.CLOSE_COMMAND);
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
		sender.closeAfterFlush(CloseReason.LIMIT);
		return true;
	}

	/** This replica's clients, oldest first. */
	public List<SessionInfo> sessions() {
		return this.sessions.values()
			.stream()
			.sorted(Comparator.comparing(Session::connectedAt))
			.map(session -> SessionInfo.of(session.connection(), session.connectedAt()))
			.toList();
	}

	/** Every client of the hub: this replica's, then the other replicas' as last heard. */
	public List<SessionInfo> allSessions() {
		List<SessionInfo> all = new ArrayList<>(sessions());
		all.addAll(this.peers.remoteSessions());
		return all;
	}

	/** Disconnects one client at an operator's request; false if there is no such client. */
	public boolean disconnect(String connectionId) {
		Session session = this.sessions.get(connectionId);
		if (session == null) {
			return false;
		}
		HubConnection connection = session.connection();
		log.info("Disconnecting connection {} from {} at an operator's request", connectionId,
				connection.remoteAddress());
		dismiss(connection, DISCONNECTED_NOTICE, CloseReason.ADMIN);
		return true;
	}

	/** Sends a server notice to every connected client; returns how many it was queued for. */
	public int announce(String text) {
		byte[] notice = this.codec.encodeNotice(text);
		int receivers = 0;
		for (Session session : this.sessions.values()) {
			if (session.connection().offer(notice, 1)) {
				receivers++;
			}
		}
		log.info("Announced to {} clients: {}", receivers, text);
		return receivers;
	}

	/** Bytes queued for all clients and not yet written. */
	public long bufferedBytes() {
		long bytes = 0;
		for (Session session : this.sessions.values()) {
			bytes += session.connection().bufferedBytes();
		}
		return bytes;
	}

	/** Closes clients that have sent nothing for the idle timeout. */
	public void closeIdle(Duration idleTimeout) {
		long now = System.currentTimeMillis();
		for (Session session : this.sessions.values()) {
			HubConnection connection = session.connection();
			long lastHeard = Math.max(connection.getLastRead(), session.connectedAt().toEpochMilli());
			if (now - lastHeard >= idleTimeout.toMillis() && !connection.isInputEnded()) {
				log.info("Closing connection {} from {}: nothing received for {}", connection.getConnectionId(),
						connection.remoteAddress(), idleTimeout);
				dismiss(connection, IDLE_ERROR, CloseReason.IDLE);
			}
		}
	}

	/**
	 * Tells every client the hub is shutting down, lets them receive what is queued for them for at most
	 * {@code timeout}, and closes them.
	 */
	public void shutdown(Duration timeout) {
		log.info("Shutting down: {} clients get up to {} to receive what is queued for them", clientCount(), timeout);
		for (Session session : this.sessions.values()) {
			notify(session.connection(), SHUTDOWN_NOTICE);
			session.connection().closeAfterFlush(CloseReason.SHUTDOWN, timeout);
		}
		long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
		while (clientCount() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

	private TokenBucket rateLimit() {
		HubProperties.RateLimit limit = this.properties.getRateLimit();
		if (limit.getFramesPerSecond() == 0) {
			return null;
		}
		int burst = (limit.getBurst() > 0) ? limit.getBurst() : limit.getFramesPerSecond();
		return new TokenBucket(limit.getFramesPerSecond(), burst, System.nanoTime());
	}

	private void refuse(HubConnection connection, String error, String why) {
		log.warn("Refusing connection {} from {}: {}", connection.getConnectionId(), connection.remoteAddress(), why);
		dismiss(connection, error, CloseReason.LIMIT);
	}

	/** Sends the client a last notice and closes it once what is queued for it has been written. */
	private void dismiss(HubConnection connection, String notice, CloseReason reason) {
		notify(connection, notice);
		connection.closeAfterFlush(reason);
	}

	private void leaveAddress(HubConnection connection) {
		this.perAddress.computeIfPresent(connection.getHostAddress(),
				(address, count) -> (count.decrementAndGet() == 0) ? null : count);
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
