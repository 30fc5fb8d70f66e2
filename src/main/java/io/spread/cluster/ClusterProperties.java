package io.spread.cluster;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Scale-out through Redis: {@code spread.cluster.*}; the Redis connection is {@code spring.data.redis.*}. */
@Validated
@ConfigurationProperties("spread.cluster")
public class ClusterProperties {

	/** Join the other replicas through Redis publish/subscribe. */
	private boolean enabled = false;

	/**
	 * Start of the names of the Redis channels rooms' messages are published on (one per room, "<prefix><room>") and
	 * of each room's keys ("<prefix><room>:meta", its epoch and last offset; "<prefix><room>:log", its history).
	 */
	@NotBlank
	private String roomChannelPrefix = "spread:room:";

	/**
	 * Redis hash where each replica announces itself (a field per replica, with its clients and the time its entry
	 * expires), read with one HGETALL: no KEYS or SCAN on a shared Redis.
	 */
	@NotBlank
	private String presenceKey = "spread:replicas";

	/** Redis channel for operators' actions that must reach other replicas (disconnect a client, broadcast). */
	@NotBlank
	private String controlChannel = "spread:control";

	/** This replica's id; empty picks a random one at start. */
	@NotNull
	private String replicaId = "";

	/** How often a replica announces its clients; others forget it after three intervals without news. */
	@NotNull
	@DurationMin(millis = 100)
	private Duration presenceInterval = Duration.ofSeconds(1);

	/**
	 * Batches of room messages (and presence) waiting to be published; when it is full a sender waits up to 100 ms
	 * for room, then its messages are dropped and it is told {@code ERR dropped <n>}.
	 */
	@Min(1)
	private int publishQueue = 10_000;

	/**
	 * Messages received from Redis (per subscription: rooms, control) waiting to be handled; when it is full this
	 * replica stops reading from Redis until there is room, and Redis holds the rest (up to its
	 * {@code client-output-buffer-limit pubsub}, past which it drops the subscriber, which subscribes again).
	 */
	@Min(1)
	private int receiveQueue = 10_000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getRoomChannelPrefix() {
		return this.roomChannelPrefix;
	}

	public void setRoomChannelPrefix(String roomChannelPrefix) {
		this.roomChannelPrefix = roomChannelPrefix;
	}

	public String getPresenceKey() {
		return this.presenceKey;
	}

	public void setPresenceKey(String presenceKey) {
		this.presenceKey = presenceKey;
	}

	public String getControlChannel() {
		return this.controlChannel;
	}

	public void setControlChannel(String controlChannel) {
		this.controlChannel = controlChannel;
	}


	public String getReplicaId() {
		return this.replicaId;
	}

	public void setReplicaId(String replicaId) {
		this.replicaId = replicaId;
	}

	public Duration getPresenceInterval() {
		return this.presenceInterval;
	}

	public void setPresenceInterval(Duration presenceInterval) {
		this.presenceInterval = presenceInterval;
	}

	public int getPublishQueue() {
		return this.publishQueue;
	}

	public void setPublishQueue(int publishQueue) {
		this.publishQueue = publishQueue;
	}

	public int getReceiveQueue() {
		return this.receiveQueue;
	}

	public void setReceiveQueue(int receiveQueue) {
		this.receiveQueue = receiveQueue;
	}

}
