package io.spread.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spread.hub.HubOperations;
import io.spread.hub.Peers;
import io.spread.hub.SessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.HashOperations;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.scheduling.TaskScheduler;

/**
 * This replica's link to the others: passes rooms' messages and presence to {@link ClusterRooms}; keeps this replica's presence (client count and sessions) in one Redis hash, a field per replica with
 * the time it expires, so a crashed replica's clients disappear by themselves (whoever reads an expired entry
 * removes it); and sends operators' actions to the replica they concern over the control channel. While Redis is
 * away every replica goes on serving its own clients; forwards fail and are counted, and presence resumes when
 * Redis returns.
 */
public class ClusterLink implements Peers, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ClusterLink.class);

	private final String replicaId;

	private final ClusterProperties properties;

	private final ObjectProvider<ClusterRooms> rooms;

	private final StringRedisTemplate redis;

	private final ObjectProvider<HubOperations> hub;

	private final TaskScheduler scheduler;

	private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

	private final Counter forwarded;

	private final Counter notForwarded;

	private final AtomicInteger remoteClients = new AtomicInteger();

	/** Names of this replica's clients, as held in Redis; their expiry is renewed with each announcement. */
	private final Set<String> localNames = ConcurrentHashMap.newKeySet();

	private volatile List<SessionInfo> remoteSessions = List.of();

	private volatile Set<String> remoteReplicas = Set.of();

	private volatile int replicasSeen;

	private volatile Instant lastPresence = Instant.EPOCH;

	private volatile String lastProblem = "not announced yet";

	private volatile ScheduledFuture<?> presenceTask;

	public ClusterLink(String replicaId, ClusterProperties properties, ObjectProvider<ClusterRooms> rooms,
			StringRedisTemplate redis, ObjectProvider<HubOperations> hub, TaskScheduler scheduler,
			MeterRegistry meters) {
		this.replicaId = replicaId;
		this.properties = properties;
		this.rooms = rooms;
		this.redis = redis;
		this.hub = hub;
		this.scheduler = scheduler;
		this.forwarded = Counter.builder("spread.cluster.frames.forwarded")
			.description("Room messages published through Redis to every replica")
			.register(meters);
		this.notForwarded = Counter.builder("spread.cluster.frames.not-forwarded")
			.description("Room messages that could not go through Redis (out of reach, or the queue full) and were delivered on this replica only")
			.register(meters);
	}

	@Override
	public String replicaId() {
		return this.replicaId;
	}

	@Override
	public boolean numbersRooms() {
		return true;
	}

	@Override
	public Publishing publishRoom(String room, String from, String exceptConnection, List<byte[]> payloads) {
		Publishing publishing = this.rooms.getObject().publish(room, from, exceptConnection, payloads);
		if (publishing != Publishing.QUEUED) {
			this.notForwarded.increment(payloads.size());
		}
		return publishing;
	}

	@Override
	public void presence(String room, String name, boolean joined) {
		this.rooms.getObject().presence(room, name, joined);
	}

	@Override
	public RoomState roomState(String room) {
		return this.rooms.getObject().state(room);
	}

	@Override
	public KeptMessages history(String room, long after) {
		return this.rooms.getObject().history(room, after);
	}

	/** Called by the publishing thread once a pipeline is out. */
	void published(int messages) {
		this.forwarded.increment(messages);
	}

	/**
	 * Called by the publishing thread when a pipeline failed: its messages are delivered on this replica alone, and
	 * it counts as out of reach until the next announcement gets through.
	 */
	void publishFailed(int messages, Throwable cause) {
		this.notForwarded.increment(messages);
		if (isConnected()) {
			log.warn("Cluster: replica {} could not publish to Redis, serving its own clients only: {}", this.replicaId,
					cause.toString());
		}
		this.lastPresence = Instant.EPOCH;
		this.lastProblem = cause.toString();
	}

	@Override
	public int remoteClientCount() {
		return this.remoteClients.get();
	}

	@Override
	public List<SessionInfo> remoteSessions() {
		return this.remoteSessions;
	}

	/** True when this replica last reached Redis within three presence intervals. */
	public boolean isConnected() {
		return this.lastPresence.isAfter(Instant.now().minus(this.properties.getPresenceInterval().multipliedBy(3)));
	}

	public int replicasSeen() {
		return this.replicasSeen;
	}

	public String lastProblem() {
		return this.lastProblem;
	}

	public double notForwarded() {
		return this.notForwarded.count();
	}

	/** Announces this replica and reads the others: two Redis commands per presence interval (HSET, HGETALL). */
	void announce() {
		try {
			HubOperations local = this.hub.getObject();
			long now = System.currentTimeMillis();
			long expires = now + this.properties.getPresenceInterval().multipliedBy(3).toMillis();
			Presence mine = new Presence(local.clientCount(), local.sessions(), expires);
			HashOperations<String, String, String> presence = this.redis.opsForHash();
			String key = this.properties.getPresenceKey();
			presence.put(key, this.replicaId, this.json.writeValueAsString(mine));
			renewNames();
			int clients = 0;
			List<SessionInfo> sessions = new ArrayList<>();
			Set<String> others = new HashSet<>();
			for (Map.Entry<String, String> entry : presence.entries(key).entrySet()) {
				if (entry.getKey().equals(this.replicaId)) {
					continue;
				}
				Presence other = readPresence(entry.getKey(), entry.getValue());
				if (other == null || other.expiresAt() < now) {
					// a replica that stopped announcing (crashed, or cut off), or an entry no replica could have
					// written: forget it for everyone
					presence.delete(key, entry.getKey());
					continue;
				}
				others.add(entry.getKey());
				clients += other.clients();
				sessions.addAll(other.sessions());
			}
			this.remoteClients.set(clients);
			this.remoteSessions = List.copyOf(sessions);
			this.remoteReplicas = Set.copyOf(others);
			this.replicasSeen = others.size() + 1;
			if (!isConnected()) {
				log.info("Cluster: replica {} reached Redis; {} replicas present", this.replicaId, this.replicasSeen);
			}
			this.lastPresence = Instant.now();
		}
		catch (RuntimeException ex) {
			if (isConnected()) {
				log.warn("Cluster: replica {} lost Redis, serving its own clients only: {}", this.replicaId, ex.toString());
			}
			this.lastProblem = ex.toString();
		}
	}

	@Override
	public void start() {
		this.presenceTask = this.scheduler.scheduleWithFixedDelay(this::announce, this.properties.getPresenceInterval());
	}

	@Override
	public void stop() {
		if (this.presenceTask != null) {
			this.presenceTask.cancel(false);
			this.presenceTask = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.presenceTask != null;
	}

	/**
	 * Takes a name cluster-wide: {@code SET spread:names:<name> <replica> NX PX}, expiring after three presence
	 * intervals unless renewed, so that a replica that crashes frees its names. Without Redis, names are unique on
	 * this replica only until it is back.
	 */
	@Override
	public boolean claimName(String name) {
		String key = nameKey(name);
		try {
			Boolean taken = this.redis.opsForValue().setIfAbsent(key, this.replicaId, nameExpiry());
			if (!Boolean.TRUE.equals(taken) && !this.replicaId.equals(this.redis.opsForValue().get(key))) {
				return false;
			}
		}
		catch (RuntimeException ex) {
			log.debug("Cluster: could not claim name {} in Redis: {}", name, ex.toString());
		}
		this.localNames.add(name);
		return true;
	}

	@Override
	public void releaseName(String name) {
		this.localNames.remove(name);
		try {
			String key = nameKey(name);
			if (this.replicaId.equals(this.redis.opsForValue().get(key))) {
				this.redis.delete(key);
			}
		}
		catch (RuntimeException ex) {
			// it expires on its own
			log.debug("Cluster: could not release name {} in Redis: {}", name, ex.toString());
		}
	}

	/** Passes a direct message to the replica whose client has that name; false if no replica has it. */
	@Override
	public boolean directRemote(String from, String to, byte[] payload) {
		String holder;
		try {
			holder = this.redis.opsForValue().get(nameKey(to));
		}
		catch (RuntimeException ex) {
			return false;
		}
		if (holder == null || holder.equals(this.replicaId)) {
			return false;
		}
		return control(new ControlCommand(this.replicaId, holder, ControlCommand.DIRECT,
				DirectMessage.encode(from, to, payload)));
	}

	private String nameKey(String name) {
		return this.properties.getPresenceKey() + ":names:" + name;
	}

	private Duration nameExpiry() {
		return this.properties.getPresenceInterval().multipliedBy(3);
	}

	/**
	 * Renews the expiry of this replica's names, in one pipeline; a name Redis lost meanwhile (restarted without
	 * persistence, flushed) is taken again, unless another replica's client took it first.
	 */
	private void renewNames() {
		if (this.localNames.isEmpty()) {
			return;
		}
		Expiration expiry = Expiration.from(nameExpiry());
		byte[] replica = this.replicaId.getBytes(StandardCharsets.UTF_8);
		this.redis.executePipelined((RedisCallback<Object>) connection -> {
			for (String name : this.localNames) {
				byte[] key = nameKey(name).getBytes(StandardCharsets.UTF_8);
				connection.stringCommands().set(key, replica, expiry, SetOption.ifAbsent());
				connection.keyCommands().pExpire(key, expiry.getExpirationTimeInMilliseconds());
			}
			return null;
		});
	}

	/** Another replica's announcement, or null (logged once per round at most) if it cannot be read. */
	private Presence readPresence(String replica, String announced) {
		try {
			return this.json.readValue(announced, Presence.class);
		}
		catch (RuntimeException ex) {
			log.warn("Cluster: dropped the presence entry of replica {}, which cannot be read: {}", replica,
					ex.getMessage());
			return null;
		}
	}

	/** Asks the replica that holds a client to disconnect it; false when Redis cannot be reached. */
	@Override
	public boolean disconnectRemote(String replica, String connectionId) {
		return control(new ControlCommand(this.replicaId, replica, ControlCommand.DISCONNECT, connectionId));
	}

	/** Asks every other replica to send a notice to its clients; returns how many replicas were asked. */
	@Override
	public int announceRemote(String text) {
		return control(new ControlCommand(this.replicaId, ControlCommand.ALL, ControlCommand.ANNOUNCE, text))
				? this.remoteReplicas.size() : 0;
	}

	private boolean control(ControlCommand command) {
		try {
			this.redis.convertAndSend(this.properties.getControlChannel(), this.json.writeValueAsString(command));
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Cluster: could not reach Redis for {} {}: {}", command.action(), command.argument(),
					ex.getMessage());
			return false;
		}
	}

	/** A control command as published; null (and logged) if it is not one. */
	ControlCommand readCommand(String published) {
		try {
			ControlCommand command = this.json.readValue(published, ControlCommand.class);
			if (command.origin() == null || command.replica() == null || command.action() == null) {
				log.warn("Cluster: ignored a command on the control channel without origin, replica or action");
				return null;
			}
			return command;
		}
		catch (RuntimeException ex) {
			log.warn("Cluster: ignored a message on the control channel that is not a command: {}", ex.getMessage());
			return null;
		}
	}

	/** Whether a control command is meant for this replica. */
	boolean concerns(ControlCommand command) {
		return command.replica().equals(this.replicaId)
				|| (command.replica().equals(ControlCommand.ALL) && !command.origin().equals(this.replicaId));
	}

	/** What a replica announces about itself, and when that stops being true unless announced again. */
	record Presence(int clients, List<SessionInfo> sessions, long expiresAt) {

	}

}
