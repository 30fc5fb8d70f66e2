package io.spread.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.spread.history.RoomHistory;
import io.spread.hub.Peers;
import io.spread.hub.Room;
import io.spread.hub.Rooms;
import io.spread.hub.Router;
import io.spread.hub.Session;
import io.spread.hub.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

/**
 * Rooms across replicas: what local clients publish is numbered by Redis ({@link RoomScripts}), kept in the room's
 * stream and published on the room's channel, from which every replica, this one too, delivers it to its members.
 * One thread publishes, in the order messages were queued, so one sender's messages keep their order everywhere; it
 * sends what has queued up in one pipeline. Presence goes the same way, unnumbered. While Redis is out of reach,
 * rooms are numbered and delivered on each replica alone under an epoch of its own, so that clients can tell.
 */
public class ClusterRooms {

	private static final Logger log = LoggerFactory.getLogger(ClusterRooms.class);

	/** Most queued items sent in one pipeline. */
	private static final int PIPELINE = 256;

	/** How long a publisher waits for room in a full queue before its messages are dropped (and it is told). */
	private static final Duration QUEUE_FULL_WAIT = Duration.ofMillis(100);

	/** How long a room's epoch and offset are kept after its last message. */
	static final Duration META_TTL = Duration.ofDays(1);

	private final String replicaId;

	private final String prefix;

	private final QueueChannel queue;

	private final StringRedisTemplate redis;

	private final ObjectProvider<Rooms> rooms;

	private final ObjectProvider<Router> router;

	private final ObjectProvider<SessionRegistry> registry;

	private final int historySize;

	private final long historyTtlMillis;

	private final ClusterLink link;

	// the publishing script's arguments that never change, encoded once
	private final byte[] sizeArg;

	private final byte[] ttlArg;

	private final byte[] metaTtlArg;

	private final byte[] replicaArg;

	public ClusterRooms(String replicaId, String prefix, QueueChannel queue, StringRedisTemplate redis,
			ObjectProvider<Rooms> rooms, ObjectProvider<Router> router, ObjectProvider<SessionRegistry> registry,
			int historySize, Duration historyTtl, ClusterLink link) {
		this.replicaId = replicaId;
		this.prefix = prefix;
		this.queue = queue;
		this.redis = redis;
		this.rooms = rooms;
		this.router = router;
		this.registry = registry;
		this.historySize = historySize;
		this.historyTtlMillis = historyTtl.toMillis();
		this.link = link;
		this.sizeArg = utf8(Integer.toString(historySize));
		this.ttlArg = utf8(Long.toString(this.historyTtlMillis));
		this.metaTtlArg = utf8(Long.toString(META_TTL.toMillis()));
		this.replicaArg = utf8(replicaId);
	}

	/** Something to publish, in order: messages to number or presence. */
	sealed interface Outgoing {

		String room();

	}

	record Publish(String room, String from, String exceptConnection, List<byte[]> payloads) implements Outgoing {
	}

	record Announce(String room, RoomEvent.Presence presence) implements Outgoing {
	}

	/**
	 * Queues messages to publish, waiting a moment for room if the queue is full (the sender's reader is held up, not
	 * other senders').
	 */
	Peers.Publishing publish(String room, String from, String exceptConnection, List<byte[]> payloads) {
		if (!this.link.isConnected()) {
			return Peers.Publishing.UNREACHABLE;
		}
		boolean queued = this.queue.send(
				MessageBuilder.withPayload(new Publish(room, from, exceptConnection, payloads)).build(),
				QUEUE_FULL_WAIT.toMillis());
		return queued ? Peers.Publishing.QUEUED : Peers.Publishing.BUSY;
	}

	void presence(String room, String name, boolean joined) {
		if (this.link.isConnected()) {
			this.queue.send(MessageBuilder
				.withPayload(new Announce(room, new RoomEvent.Presence(name, this.replicaId, joined)))
				.build(), 0);
		}
	}

	/**
	 * Publishes {@code first} and what else has queued up behind it, in one pipeline, on the publishing thread.
	 * (It drains the queue itself because Spring Integration's poller hands a handler one message at a time.)
	 */
	void publishQueued(Outgoing first) {
		List<Outgoing> batch = new ArrayList<>();
		batch.add(first);
		Message<?> next;
		while (batch.size() < PIPELINE && (next = this.queue.receive(0)) != null) {
			batch.add((Outgoing) next.getPayload());
		}
		try {
			this.redis.executePipelined((RedisCallback<Object>) connection -> {
				long now = System.currentTimeMillis();
				// the epoch a room gets if Redis has no numbering for it: one candidate serves the whole pipeline
				byte[] newEpoch = utf8(Room.newEpoch());
				for (Outgoing outgoing : batch) {
					send(connection, outgoing, now, newEpoch);
				}
				return null;
			});
			this.link.published(messages(batch));
		}
		catch (RuntimeException ex) {
			this.link.publishFailed(messages(batch), ex);
			for (Outgoing outgoing : batch) {
				if (outgoing instanceof Publish publish) {
					deliverAlone(publish);
				}
			}
		}
	}

	private void send(RedisConnection connection, Outgoing outgoing, long now, byte[] newEpoch) {
		byte[] channel = utf8(this.prefix + outgoing.room());
		if (outgoing instanceof Announce announce) {
			connection.publish(channel, announce.presence().encode());
			return;
		}
		Publish publish = (Publish) outgoing;
		List<byte[]> keysAndArgs = new ArrayList<>(11 + publish.payloads().size());
		keysAndArgs.add(metaKey(publish.room()));
		keysAndArgs.add(logKey(publish.room()));
		keysAndArgs.add(channel);
		keysAndArgs.add(newEpoch);
		keysAndArgs.add(this.sizeArg);
		keysAndArgs.add(this.ttlArg);
		keysAndArgs.add(this.metaTtlArg);
		keysAndArgs.add(utf8(Long.toString(now)));
		keysAndArgs.add(utf8(publish.from()));
		keysAndArgs.add(this.replicaArg);
		keysAndArgs.add(utf8((publish.exceptConnection() != null) ? publish.exceptConnection() : "-"));
		keysAndArgs.addAll(publish.payloads());
		connection.scriptingCommands()
			.eval(RoomScripts.PUBLISH, ReturnType.INTEGER, 2, keysAndArgs.toArray(new byte[0][]));
	}

	/** Redis failed us: the messages go to this replica's members only, numbered here. */
	private void deliverAlone(Publish publish) {
		Room room = this.rooms.getObject().get(publish.room());
		if (room != null) {
			Session sender = (publish.exceptConnection() != null)
					? this.registry.getObject().get(publish.exceptConnection()) : null;
			this.router.getObject().publishAlone(room, publish.from(), sender, publish.payloads());
		}
	}

	private static int messages(List<Outgoing> batch) {
		int messages = 0;
		for (Outgoing outgoing : batch) {
			if (outgoing instanceof Publish publish) {
				messages += publish.payloads().size();
			}
		}
		return messages;
	}

	/**
	 * An event from a room's channel, on the receiving thread. Rooms this replica has no members (or history) of are
	 * skipped by their channel's name, before their bytes are read.
	 */
	void received(String channel, byte[] bytes) {
		if (channel == null || !channel.startsWith(this.prefix)) {
			return;
		}
		String name = channel.substring(this.prefix.length());
		Room room = this.rooms.getObject().get(name);
		if (room == null) {
			return;
		}
		RoomEvent event;
		try {
			event = RoomEvent.decode(bytes);
		}
		catch (IllegalArgumentException ex) {
			log.warn("Cluster: ignored a message on {} that is not a room event: {}", channel, ex.getMessage());
			return;
		}
		if (event instanceof RoomEvent.Messages messages) {
			Session except = (this.replicaId.equals(messages.originReplica()) && messages.originConnection() != null)
					? this.registry.getObject().get(messages.originConnection()) : null;
			// a room closed meanwhile is looked up again: a member may have made it anew
			while (room != null && !this.router.getObject()
				.deliver(room, messages.epoch(), messages.first(), messages.from(), except, messages.payloads())) {
				room = this.rooms.getObject().get(name);
			}
		}
		else if (event instanceof RoomEvent.Presence presence && !this.replicaId.equals(presence.originReplica())) {
			this.router.getObject().remotePresence(room, presence.name(), presence.joined());
		}
	}

	/** The room's numbering in Redis, made if it has none; null if Redis cannot be reached. */
	Peers.RoomState state(String room) {
		if (!this.link.isConnected()) {
			return null;
		}
		try {
			List<?> state = this.redis.execute((RedisCallback<List<?>>) connection -> connection.scriptingCommands()
				.eval(RoomScripts.STATE, ReturnType.MULTI, 2, metaKey(room), logKey(room), utf8(Room.newEpoch()),
						this.metaTtlArg));
			return new Peers.RoomState(text(state.get(0)), Long.parseLong(text(state.get(1))));
		}
		catch (RuntimeException ex) {
			log.debug("Cluster: could not read the numbering of room {}: {}", room, ex.toString());
			return null;
		}
	}

	/** What Redis keeps of a room after an offset, none past the time to live; null if it has no numbering. */
	Peers.KeptMessages history(String room, long after) {
		if (!this.link.isConnected() || this.historySize == 0) {
			return null;
		}
		List<?> answer;
		try {
			answer = this.redis.execute((RedisCallback<List<?>>) connection -> connection.scriptingCommands()
				.eval(RoomScripts.HISTORY, ReturnType.MULTI, 2, metaKey(room), logKey(room),
						utf8(Long.toString(after + 1)), utf8(Integer.toString(this.historySize))));
		}
		catch (RuntimeException ex) {
			log.debug("Cluster: could not read the history of room {}: {}", room, ex.toString());
			return null;
		}
		if (answer == null || answer.isEmpty()) {
			return null;
		}
		long lastOffset = Long.parseLong(text(answer.get(1)));
		long oldest = System.currentTimeMillis() - this.historyTtlMillis;
		List<RoomHistory.Entry> entries = new ArrayList<>();
		for (Object item : (List<?>) answer.get(2)) {
			RoomHistory.Entry entry = entry((List<?>) item);
			if (entry.keptAtMillis() >= oldest) {
				entries.add(entry);
			}
		}
		long earliest = entries.isEmpty() ? lastOffset + 1 : entries.get(0).offset();
		return new Peers.KeptMessages(text(answer.get(0)), lastOffset, earliest, entries);
	}

	/** A stream entry: {@code [<offset>-0, [f, <from>, t, <millis>, p, <payload>]]}. */
	private static RoomHistory.Entry entry(List<?> item) {
		String id = text(item.get(0));
		long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
		List<?> fields = (List<?>) item.get(1);
		String from = null;
		long kept = 0;
		byte[] payload = new byte[0];
		for (int i = 0; i + 1 < fields.size(); i += 2) {
			switch (text(fields.get(i))) {
				case "f" -> from = text(fields.get(i + 1));
				case "t" -> kept = Long.parseLong(text(fields.get(i + 1)));
				case "p" -> payload = (byte[]) fields.get(i + 1);
				default -> {
				}
			}
		}
		return new RoomHistory.Entry(offset, from, payload, kept);
	}

	private byte[] metaKey(String room) {
		return utf8(this.prefix + room + ":meta");
	}

	private byte[] logKey(String room) {
		return utf8(this.prefix + room + ":log");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(Object bytes) {
		return new String((byte[]) bytes, StandardCharsets.UTF_8);
	}

}
