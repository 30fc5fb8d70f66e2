package io.spread.hub;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.spread.logging.ClientLog;
import io.spread.connection.CloseReason;
import io.spread.connection.HubConnection;
import io.spread.logging.Human;
import io.spread.connection.TokenBucket;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;

/**
 * The one owner of the hub's clients: a connection enters on its open event (if the connection limits let it),
 * gets the welcome, and leaves on its close event. Open, close, failed writes and resets can come in any order and
 * on any thread; the registry stays right because a connection marks itself closed before its close event is
 * published, and every removal goes through {@link #unregister}, which only the first caller gets to do.
 */
public class SessionRegistry {

	private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

	/** Slots taken: registered sessions plus connections being admitted right now. */
	private final AtomicInteger clients = new AtomicInteger();

	private final HubProperties properties;

	private final HubNotices notices;

	private final HubMetrics metrics;

	private final Peers peers;

	private final String listenerName;

	/**
	 * @param listenerName the bean name of the listener whose connections this registry owns; other listeners of
	 * the application (other ports, other protocols) have registries of their own
	 */
	public SessionRegistry(String listenerName, HubProperties properties, HubNotices notices, HubMetrics metrics,
			Peers peers) {
		this.listenerName = listenerName;
		this.properties = properties;
		this.notices = notices;
		this.metrics = metrics;
		this.peers = peers;
	}

	/** Clients connected now. */
	public int clientCount() {
		return this.clients.get();
	}

	public Collection<Session> sessions() {
		return this.sessions.values();
	}

	/** The connections of the clients registered now. */
	public List<HubConnection> connections() {
		return this.sessions.values().stream().map(Session::connection).toList();
	}

	public Session get(String connectionId) {
		return this.sessions.get(connectionId);
	}

	/** Addresses with at least one client now (for tests and health: nothing may be left behind). */
	public int addressCount() {
		return this.perAddress.size();
	}

	@EventListener
	public void connected(TcpConnectionOpenEvent event) {
		if (!(event.getSource() instanceof HubConnection connection) || !ours(event)) {
			return;
		}
		this.metrics.opened();
		int count = this.clients.incrementAndGet();
		if (count > this.properties.getMaxConnections()) {
			this.clients.decrementAndGet();
			refuse(connection, HubNotices.SERVER_FULL,
					"max-connections (" + this.properties.getMaxConnections() + ") reached");
			return;
		}
		// counted inside compute: a count that leaveAddress removes at zero must not be counted on outside the map
		int fromAddress = this.perAddress.compute(connection.getHostAddress(), (address, current) -> {
			AtomicInteger counted = (current != null) ? current : new AtomicInteger();
			counted.incrementAndGet();
			return counted;
		}).get();
		int perAddressLimit = this.properties.getMaxConnectionsPerAddress();
		if (perAddressLimit > 0 && fromAddress > perAddressLimit) {
			this.clients.decrementAndGet();
			leaveAddress(connection);
			refuse(connection, HubNotices.ADDRESS_LIMIT,
					"max-connections-per-address (" + perAddressLimit + ") reached");
			return;
		}
		String welcome = this.properties.getWelcome();
		if (!welcome.isEmpty()) {
			// queued before the client joins the registry, so that no relayed frame can overtake it
			int clusterCount = count + this.peers.remoteClientCount();
			this.notices.send(connection, welcome.replace("{n}", String.valueOf(clusterCount)));
		}
		Session session = new Session(connection, Instant.now(), rateLimit());
		this.sessions.put(connection.getConnectionId(), session);
		ClientLog.info("new connect: {} ({} from {})", count, connection.getConnectionId(), connection.remoteAddress());
		if (connection.isClosed()) {
			// it closed while being admitted: its close event may have found nothing to remove
			unregister(session);
		}
	}

	@EventListener
	public void disconnected(TcpConnectionCloseEvent event) {
		if (!(event.getSource() instanceof HubConnection connection) || !ours(event)) {
			return;
		}
		this.metrics.closed(connection.closeReason());
		Session session = this.sessions.get(connection.getConnectionId());
		if (session != null) {
			unregister(session);
		}
	}

	private boolean ours(TcpConnectionEvent event) {
		return this.listenerName.equals(event.getConnectionFactoryName());
	}

	/** Removes a session and frees its slots; only the first call for a session does anything. */
	void unregister(Session session) {
		HubConnection connection = session.connection();
		if (!this.sessions.remove(connection.getConnectionId(), session)) {
			return;
		}
		leaveAddress(connection);
		int count = this.clients.decrementAndGet();
		String detail = connection.closeDetail();
		ClientLog.info("lost connect: {} ({} from {}, {}{}, after {}, {} frames in, {} out)", count,
				connection.getConnectionId(), connection.remoteAddress(), connection.closeReason().tag(),
				(detail != null) ? ": " + detail : "",
				Human.duration(Duration.ofMillis(System.currentTimeMillis() - connection.openedAtMillis())),
				connection.framesIn(), connection.framesOut());
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
		ClientLog.warn("Refusing connection {} from {}: {}", connection.getConnectionId(), connection.remoteAddress(),
				why);
		this.notices.dismiss(connection, error, CloseReason.LIMIT);
	}

	private void leaveAddress(HubConnection connection) {
		this.perAddress.computeIfPresent(connection.getHostAddress(),
				(address, count) -> (count.decrementAndGet() == 0) ? null : count);
	}

}
