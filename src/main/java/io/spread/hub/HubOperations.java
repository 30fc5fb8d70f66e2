package io.spread.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.spread.codec.Frame;
import io.spread.codec.FrameBatch;
import io.spread.codec.FrameCodec;
import io.spread.codec.OversizedFrame;
import io.spread.connection.Chunk;
import io.spread.logging.ClientLog;
import io.spread.connection.CloseReason;
import io.spread.connection.HubConnection;
import io.spread.logging.Human;
import io.spread.connection.MemoryBudget;
import io.spread.connection.OutboundEvents.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;

/**
 * The hub's relay: each client's frames go to every other client of the {@link SessionRegistry}. Frames reach it
 * from the inbound flow in batches, on the sender's reader thread and so in the sender's order; it queues them once,
 * encoded, on every receiver's connection and returns at once, so no client ever waits on another. It also acts on
 * {@code close}, oversized frames and the rate limit, and carries out operators' actions.
 */
public class BroadcastService {

	private static final Logger log = LoggerFactory.getLogger(BroadcastService.class);

	private final SessionRegistry registry;

	private final HubNotices notices;

	private final FrameCodec codec;

	private final MemoryBudget budget;

	private final HubProperties properties;

	private final HubMetrics metrics;

	private final Peers peers;

	public BroadcastService(SessionRegistry registry, HubNotices notices, FrameCodec codec, MemoryBudget budget,
			HubProperties properties, HubMetrics metrics, Peers peers) {
		this.registry = registry;
		this.notices = notices;
		this.codec = codec;
		this.budget = budget;
		this.properties = properties;
		this.metrics = metrics;
		this.peers = peers;
	}

	/** Clients connected now. */
	public int clientCount() {
		return this.registry.clientCount();
	}

	/**
	 * Handles a batch of frames from one sender, in order: runs of data frames are relayed to every other client
	 * as one encoded chunk; {@code close} ends the sender's input; an oversized frame gets the sender an error.
	 */
	public void relay(Message<?> message) {
		HubConnection sender = HubMessageMapper.sender(message);
		if (sender.isInputEnded()) {
			return;
		}
		List<Frame> frames = ((FrameBatch) message.getPayload()).frames();
		sender.countFramesIn(frames.size());
		List<byte[]> data = new ArrayList<>(frames.size());
		for (Frame frame : frames) {
			if (frame instanceof Frame.Data payload && !CloseCommand.matches(payload.payload())) {
				data.add(payload.payload());
				continue;
			}
			broadcast(sender, data, message);
			data.clear();
			boolean inputEnded = (frame instanceof OversizedFrame oversized) ? rejectOversized(sender, oversized)
					: closeSender(sender);
			if (inputEnded) {
				return;
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
		int frames = admitted.size();
		byte[] encoded = this.codec.encode(admitted);
		fanOut(encoded, frames, sender);
		this.metrics.received(frames, encoded.length - frames * this.codec.overhead(),
				HubMessageMapper.receivedNanos(message));
		this.peers.forward(sender.getConnectionId(), admitted);
		if (log.isDebugEnabled()) {
			log.debug("Relayed {} frames from {} ({})", frames, sender.getConnectionId(), sender.remoteAddress());
		}
	}

	/** The one fan-out loop: queues encoded frames on every client but {@code except} (null: every client). */
	private int fanOut(byte[] encoded, int frames, HubConnection except) {
		Chunk chunk = this.budget.share(encoded, frames);
		int receivers = 0;
		try {
			for (Session session : this.registry.sessions()) {
				HubConnection receiver = session.connection();
				if (receiver != except && receiver.offer(chunk)) {
					receivers++;
				}
			}
		}
		finally {
			// always, so that the budget lets the chunk go once its receivers have
			chunk.offered(receivers);
		}
		return receivers;
	}

	/** The frames the sender's rate limit lets through (the newest are dropped); closes a persistent abuser. */
	private List<byte[]> admit(HubConnection sender, List<byte[]> payloads) {
		if (this.properties.getRateLimit().getFramesPerSecond() == 0 || payloads.isEmpty()) {
			return payloads;
		}
		Session session = this.registry.get(sender.getConnectionId());
		if (session == null) {
			return payloads;
		}
		int admitted = session.admit(payloads.size());
		if (admitted == payloads.size()) {
			return payloads;
		}
		this.metrics.dropped(DropReason.RATE_LIMITED, payloads.size() - admitted);
		if (session.rateLimited() >= this.properties.getRateLimit().getDisconnectAfter() && !sender.isInputEnded()) {
			ClientLog.warn("Closing connection {} from {}: {} frames over the rate limit", sender.getConnectionId(),
					sender.remoteAddress(), session.rateLimited());
			this.notices.dismiss(sender, HubNotices.RATE_LIMIT, CloseReason.LIMIT);
		}
		return payloads.subList(0, admitted);
	}

	/** Queues frames a client of another replica sent on every local client. */
	public void relayRemote(List<byte[]> payloads) {
		fanOut(this.codec.encode(payloads), payloads.size(), null);
	}

	/** The client sent {@code close}: it is disconnected once what is queued for it has been written. */
	private boolean closeSender(HubConnection sender) {
		ClientLog.info("Closing connection {} from {} at its request", sender.getConnectionId(),
				sender.remoteAddress());
		sender.closeAfterFlush(CloseReason.CLOSE_COMMAND);
		return true;
	}

	/**
	 * The client sent a frame over the size limit: it gets an error, and is closed if its stream is broken.
	 * @return whether the sender's input has ended
	 */
	private boolean rejectOversized(HubConnection sender, OversizedFrame oversized) {
		this.metrics.dropped(DropReason.OVERSIZED, 1);
		this.notices.send(sender, oversized.errorText());
		if (!oversized.streamUnusable()) {
			ClientLog.warn("Discarded a frame over max-frame-size {} from connection {} ({})", oversized.limit(),
					sender.getConnectionId(), sender.remoteAddress());
			return false;
		}
		ClientLog.warn("Closing connection {} from {}: frame length over max-frame-size {}; the stream cannot be trusted",
				sender.getConnectionId(), sender.remoteAddress(), oversized.limit());
		sender.closeAfterFlush(CloseReason.LIMIT);
		return true;
	}

	/** This replica's clients, oldest first. */
	public List<SessionInfo> sessions() {
		return this.registry.sessions()
			.stream()
			.sorted(Comparator.comparing(Session::connectedAt))
			.map(session -> SessionInfo.of(session.connection(), session.connectedAt(), this.peers.replicaId()))
			.toList();
	}

	/** Every client of the hub: this replica's, then the other replicas' as last heard. */
	public List<SessionInfo> allSessions() {
		List<SessionInfo> all = new ArrayList<>(sessions());
		all.addAll(this.peers.remoteSessions());
		return all;
	}

	/**
	 * Disconnects a client of any replica at an operator's request. Ids are unique per replica, so when several
	 * replicas have a client of that id the operator names the replica.
	 * @param replica the replica that holds the client, or null for wherever it is
	 */
	public Disconnect disconnectAnywhere(String connectionId, String replica) {
		String here = this.peers.replicaId();
		boolean local = (replica == null || replica.equals(here)) && this.registry.get(connectionId) != null;
		List<String> elsewhere = this.peers.remoteSessions()
			.stream()
			.filter(session -> session.id().equals(connectionId) && (replica == null || replica.equals(session.replica())))
			.map(SessionInfo::replica)
			.distinct()
			.toList();
		if (local && elsewhere.isEmpty()) {
			disconnect(connectionId);
			return new Disconnect(Disconnect.Outcome.DONE, here, List.of());
		}
		if (!local && elsewhere.size() == 1) {
			boolean asked = this.peers.disconnectRemote(elsewhere.get(0), connectionId);
			return new Disconnect(asked ? Disconnect.Outcome.DONE : Disconnect.Outcome.UNREACHABLE, elsewhere.get(0),
					List.of());
		}
		if (!local && elsewhere.isEmpty()) {
			return new Disconnect(Disconnect.Outcome.NOT_FOUND, null, List.of());
		}
		List<String> replicas = new ArrayList<>(elsewhere);
		if (local) {
			replicas.add(0, here);
		}
		return new Disconnect(Disconnect.Outcome.AMBIGUOUS, null, replicas);
	}

	/** What became of an operator's disconnect. */
	public record Disconnect(Outcome outcome, String replica, List<String> candidates) {

		public enum Outcome {

			/** Done here, or asked of the replica that holds the client. */
			DONE,

			/** No client of that id anywhere. */
			NOT_FOUND,

			/** Clients of that id on several replicas: {@code candidates}. */
			AMBIGUOUS,

			/** The replica that holds it could not be asked (Redis unreachable). */
			UNREACHABLE

		}

	}

	/** Disconnects one of this replica's clients; false if there is no such client. */
	public boolean disconnect(String connectionId) {
		Session session = this.registry.get(connectionId);
		if (session == null) {
			return false;
		}
		HubConnection connection = session.connection();
		log.info("Disconnecting connection {} from {} at an operator's request", connectionId,
				connection.remoteAddress());
		this.notices.dismiss(connection, HubNotices.DISCONNECTED, CloseReason.ADMIN);
		return true;
	}

	/**
	 * Sends a server notice to every client of every replica.
	 * @return how many of this replica's clients it was queued for, and how many other replicas were asked
	 */
	public Announced announceEverywhere(String text) {
		int local = announce(text);
		return new Announced(local, this.peers.announceRemote(text));
	}

	/** What became of an operator's broadcast. */
	public record Announced(int receivers, int otherReplicas) {
	}

	/** Sends a server notice to this replica's clients; returns how many it was queued for. */
	public int announce(String text) {
		int receivers = fanOut(this.codec.encodeNotice(text), 1, null);
		log.info("Announced to {} clients: {}", receivers, text);
		return receivers;
	}

	/** Bytes queued for all clients and not yet written, counted per client. */
	public long bufferedBytes() {
		long bytes = 0;
		for (Session session : this.registry.sessions()) {
			bytes += session.connection().bufferedBytes();
		}
		return bytes;
	}

	/** Closes clients with no traffic either way for the idle timeout. */
	public void closeIdle(Duration idleTimeout) {
		long now = System.currentTimeMillis();
		for (Session session : this.registry.sessions()) {
			HubConnection connection = session.connection();
			if (now - connection.lastActivityMillis() >= idleTimeout.toMillis() && !connection.isInputEnded()) {
				ClientLog.info("Closing connection {} from {}: no traffic either way for {}",
						connection.getConnectionId(), connection.remoteAddress(), Human.duration(idleTimeout));
				this.notices.dismiss(connection, HubNotices.IDLE, CloseReason.IDLE);
			}
		}
	}

	/**
	 * Tells every client the hub is shutting down, lets them receive what is queued for them for at most
	 * {@code timeout}, and closes them.
	 */
	public void shutdown(Duration timeout) {
		log.info("Shutting down: {} clients get up to {} to receive what is queued for them", clientCount(),
				Human.duration(timeout));
		for (Session session : this.registry.sessions()) {
			this.notices.send(session.connection(), HubNotices.SHUTDOWN);
			session.connection().closeAfterFlush(CloseReason.SHUTDOWN, timeout);
		}
		long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
		while (clientCount() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

}
