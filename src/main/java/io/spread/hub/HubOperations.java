package io.spread.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.spread.connection.ClientConnection;
import io.spread.connection.CloseReason;
import io.spread.logging.ClientLog;
import io.spread.logging.Human;
import io.spread.protocol.ErrorText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators and the hub's lifecycle do to clients: list them, disconnect one, announce to all, close the idle,
 * and drain them all at shutdown, on this replica and, through {@link Peers}, on the others.
 */
public class HubOperations {

	private static final Logger log = LoggerFactory.getLogger(HubOperations.class);

	private final SessionRegistry registry;

	private final Router router;

	private final HubNotices notices;

	private final Peers peers;

	public HubOperations(SessionRegistry registry, Router router, HubNotices notices, Peers peers) {
		this.registry = registry;
		this.router = router;
		this.notices = notices;
		this.peers = peers;
	}

	/** Clients connected now. */
	public int clientCount() {
		return this.registry.clientCount();
	}

	/** This replica's clients, oldest first. */
	public List<SessionInfo> sessions() {
		return this.registry.sessions()
			.stream()
			.sorted(Comparator.comparing(Session::connectedAt))
			.map(session -> SessionInfo.of(session, this.peers.replicaId()))
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
		ClientConnection connection = session.connection();
		log.info("Disconnecting connection {} from {} at an operator's request", connectionId,
				connection.remoteAddress());
		this.notices.dismiss(connection, ErrorText.DISCONNECTED, CloseReason.ADMIN);
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
		int receivers = this.router.announce(text);
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
			ClientConnection connection = session.connection();
			if (now - connection.lastActivityMillis() >= idleTimeout.toMillis() && !connection.isInputEnded()) {
				ClientLog.info("Closing connection {} from {}: no traffic either way for {}",
						connection.getConnectionId(), connection.remoteAddress(), Human.duration(idleTimeout));
				this.notices.dismiss(connection, ErrorText.IDLE, CloseReason.IDLE);
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
			this.notices.send(session.connection(), ErrorText.SHUTDOWN);
			session.connection().closeAfterFlush(CloseReason.SHUTDOWN, timeout);
		}
		long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
		while (clientCount() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

}
