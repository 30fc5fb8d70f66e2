package io.spread.hub;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.spread.config.AddressRanges;
import io.spread.connection.ClientConnection;
import io.spread.connection.CloseReason;
import io.spread.connection.TokenBucket;
import io.spread.logging.ClientLog;
import io.spread.logging.Human;
import io.spread.protocol.ErrorText;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;

/**
 * The one owner of the hub's clients, of every front end: a connection enters on its open event (if the connection
 * limits let it), gets the welcome if its front end gives one, and leaves on its close event; on the way in and out
 * its {@link Listener}s (the rooms) are told, and its name is taken and given back. Open, close, failed writes and resets can come in any order and
 * on any thread; the registry stays right because a connection marks itself closed before its close event is
 * published, and every removal goes through {@link #unregister}, which only the first caller gets to do.
 */
public class SessionRegistry {

	private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

	/** Each listener's allow-list, by the listener's bean name; none for a listener that accepts any address. */
	private final Map<String, Allowed> allowed = new ConcurrentHashMap<>();

	/** Slots taken: registered sessions plus connections being admitted right now. */
	private final AtomicInteger clients = new AtomicInteger();

	private final HubProperties properties;

	private final HubNotices notices;

	private final HubMetrics metrics;

	private final Peers peers;

	/** The front end of each listener whose connections this registry owns, by the listener's bean name. */
	private final Map<String, FrontEnd> frontEnds;

	/** Named clients of this replica. */
	private final ConcurrentMap<String, Session> names = new ConcurrentHashMap<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/** A registry of clients of one listener that the router does not serve (the seeds' servers). */
	public SessionRegistry(String listenerName, HubProperties properties, HubNotices notices, HubMetrics metrics,
			Peers peers) {
		this(Map.of(listenerName, FrontEnd.UNROUTED), properties, notices, metrics, peers);
	}

	/**
	 * @param frontEnds the front end of each listener whose connections this registry owns, by the listener's bean
	 * name; other listeners of the application have registries of their own
	 */
	public SessionRegistry(Map<String, FrontEnd> frontEnds, HubProperties properties, HubNotices notices,
			HubMetrics metrics, Peers peers) {
		this.frontEnds = Map.copyOf(frontEnds);
		this.properties = properties;
		this.notices = notices;
		this.metrics = metrics;
		this.peers = peers;
	}

	/**
	 * Lets the listener of that name accept only clients from {@code ranges}; others are closed as soon as they
	 * connect. {@code key} is the setting, for the log line.
	 */
	public void allowOnly(String listenerName, AddressRanges ranges, String key) {
		this.allowed.put(listenerName, new Allowed(ranges, key));
	}

	private record Allowed(AddressRanges ranges, String key) {
	}

	/** Told of every client that enters or leaves. */
	public interface Listener {

		/** On the thread of the connection's open event, once it is registered. */
		void registered(Session session);

		/**
		 * When the client starts closing (on a hub thread) and again when it is unregistered (on the thread of its
		 * close event): must do its work once, whichever call comes first.
		 */
		void leaving(Session session);

	}

	public void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	/** The local client of that name, or null. */
	public Session named(String name) {
		return this.names.get(name);
	}

	/**
	 * Gives a client a name, if no local client has it and the cluster agrees ({@link Peers#claimName}).
	 * @return whether the name is now the client's
	 */
	public boolean claimName(Session session, String name) {
		if (this.names.putIfAbsent(name, session) != null) {
			return false;
		}
		if (!this.peers.claimName(name)) {
			this.names.remove(name, session);
			return false;
		}
		session.name(name);
		if (session.connection().isClosed()) {
			// it went while being named: its disconnect may have missed the name
			releaseName(session);
		}
		return true;
	}

	private void leaving(Session session) {
		for (Listener listener : this.listeners) {
			listener.leaving(session);
		}
	}

	private void releaseName(Session session) {
		String name = session.name();
		if (name != null && this.names.remove(name, session)) {
			this.peers.releaseName(name);
		}
	}

	/** Clients connected now. */
	public int clientCount() {
		return this.clients.get();
	}

	public Collection<Session> sessions() {
		return this.sessions.values();
	}

	/** The connections of the clients registered now. */
	public List<ClientConnection> connections() {
		return this.sessions.values().stream().map(Session::connection).toList();
	}

	public Session get(String connectionId) {
		return this.sessions.get(connectionId);
	}

	/** Addresses with at least one client now (for tests and health: nothing may be left behind). */
	public int addressCount() {
		return this.perAddress.size();
	}

	/** A TCP client connected to one of the listeners. */
	@EventListener
	public void connected(TcpConnectionOpenEvent event) {
		ClientConnection connection = ClientConnection.of(event.getSource());
		if (connection != null) {
			opened(connection);
		}
	}

	/**
	 * A client connected, to a listener of this registry's (by {@link ClientConnection#getConnectionFactoryName()}):
	 * admitted if its address and the connection limits let it, refused with one log line if not. TCP clients come
	 * through their connection events; WebSocket clients from their session handler.
	 */
	public void opened(ClientConnection connection) {
		FrontEnd frontEnd = this.frontEnds.get(connection.getConnectionFactoryName());
		if (frontEnd == null) {
			return;
		}
		this.metrics.opened();
		Allowed allowed = this.allowed.get(connection.getConnectionFactoryName());
		if (allowed != null && !allowed.ranges().allows(connection.getHostAddress())) {
			ClientLog.warn("Refusing connection {} from {}: its address is not in {}", connection.getConnectionId(),
					connection.remoteAddress(), allowed.key());
			connection.closeNow(CloseReason.ADDRESS);
			return;
		}
		int count = this.clients.incrementAndGet();
		if (count > this.properties.getMaxConnections()) {
			this.clients.decrementAndGet();
			refuse(connection, ErrorText.SERVER_FULL,
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
			refuse(connection, ErrorText.ADDRESS_LIMIT,
					"max-connections-per-address (" + perAddressLimit + ") reached");
			return;
		}
		String welcome = this.properties.getWelcome();
		if (frontEnd.welcomes() && !welcome.isEmpty()) {
			// queued before the client joins the registry, so that no relayed frame can overtake it
			int clusterCount = count + this.peers.remoteClientCount();
			this.notices.send(connection, welcome.replace("{n}", String.valueOf(clusterCount)));
		}
		Session session = new Session(connection, frontEnd, Instant.now(), rateLimit());
		if (session.name() != null) {
			this.names.put(session.name(), session);
		}
		this.sessions.put(connection.getConnectionId(), session);
		ClientLog.info("new connect: {} ({} from {})", count, connection.getConnectionId(), connection.remoteAddress());
		try {
			for (Listener listener : this.listeners) {
				listener.registered(session);
			}
			// a client on its way out (cut, dismissed, quit) leaves its rooms at once, not when its socket closes
			connection.whenClosing(() -> leaving(session));
		}
		catch (RuntimeException ex) {
			// whatever failed, the client must not keep its slots, name or rooms
			connection.close();
			unregister(session);
			throw ex;
		}
		if (connection.isClosed()) {
			// it closed while being admitted: its close event may have found nothing to remove
			unregister(session);
		}
	}

	/** A TCP client's connection closed. */
	@EventListener
	public void disconnected(TcpConnectionCloseEvent event) {
		ClientConnection connection = ClientConnection.of(event.getSource());
		if (connection != null) {
			closed(connection);
		}
	}

	/** A client's connection closed: it leaves, if it was admitted. Any thread, once or more. */
	public void closed(ClientConnection connection) {
		if (!this.frontEnds.containsKey(connection.getConnectionFactoryName())) {
			return;
		}
		this.metrics.closed(connection.closeReason());
		Session session = this.sessions.get(connection.getConnectionId());
		if (session != null) {
			unregister(session);
		}
	}

	/** Removes a session and frees its slots; only the first call for a session does anything. */
	void unregister(Session session) {
		ClientConnection connection = session.connection();
		if (!this.sessions.remove(connection.getConnectionId(), session)) {
			return;
		}
		leaving(session);
		releaseName(session);
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

	private void refuse(ClientConnection connection, String error, String why) {
		ClientLog.warn("Refusing connection {} from {}: {}", connection.getConnectionId(), connection.remoteAddress(),
				why);
		this.notices.dismiss(connection, error, CloseReason.LIMIT);
	}

	private void leaveAddress(ClientConnection connection) {
		this.perAddress.computeIfPresent(connection.getHostAddress(),
				(address, count) -> (count.decrementAndGet() == 0) ? null : count);
	}

}
