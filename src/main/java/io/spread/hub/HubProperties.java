package io.spread.hub;

import java.time.Duration;

import io.spread.config.DataSizeRange;
import io.spread.config.PercentOrDataSize;
import io.spread.config.PercentOrDataSizeValidator;
import io.spread.connection.SlowConsumerPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** The broadcast hub: {@code spread.hub.*}. */
@Validated
@ConfigurationProperties("spread.hub")
public class HubProperties {

	/**
	 * The room every relay client is in, as guest-<n>: gateway members of it talk with relay clients (SPEC section 8).
	 */
	@Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 characters of A-Z a-z 0-9 . _ -")
	private String relayRoom = "lobby";

	/** Most rooms one gateway client may be in at once; one more gets "ERR too-many-rooms". */
	@Min(1)
	@Max(10000)
	private int maxRoomsPerClient = 64;

	/** Frame sent to each new client; {n} is replaced by the number of clients connected. Empty sends none. */
	@NotNull
	private String welcome = "Welcome to Spread Site, you are client #{n}!";

	/**
	 * Soft limit on the bytes waiting for one client: it may stay above this for at most slow-consumer-grace before
	 * the slow-consumer policy applies.
	 */
	@NotNull
	@DataSizeRange(min = "1KB", max = "1GB")
	private DataSize outboundBuffer = DataSize.ofMegabytes(8);

	/** Hard limit on the bytes waiting for one client: going over it applies the slow-consumer policy at once. */
	@NotNull
	@DataSizeRange(min = "1KB", max = "4GB")
	private DataSize outboundBufferMax = DataSize.ofMegabytes(64);

	/** How long a client may stay above outbound-buffer before the slow-consumer policy applies. */
	@NotNull
	@DurationMin(millis = 0)
	private Duration slowConsumerGrace = Duration.ofSeconds(10);

	/**
	 * What happens to a client over its outbound limits: disconnect ("ERR slow-consumer", then closed) or drop (its
	 * newest frames are dropped until it catches up, then it gets "ERR dropped <count>").
	 */
	@NotNull
	private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.DISCONNECT;

	/**
	 * Most the hub holds for all clients together (queued output, each shared chunk once, and unfinished input
	 * frames): a percentage of the maximum heap from "1%" to "100%", such as "50%", or a size of at least "1MB", such
	 * as "512MB". Over it the hub stops reading from clients holding unfinished frames and sheds the largest queues.
	 */
	@NotNull
	@PercentOrDataSize(minSize = "1MB", message = "must be a percentage of the maximum heap from 1% to 100%, "
			+ "or a size of at least {minSize} such as 512MB")
	private String memoryBudget = "50%";

	/** Threads that read client sockets and relay what they read; the count does not grow with clients or traffic. */
	@Min(1)
	@Max(256)
	private int readerThreads = Runtime.getRuntime().availableProcessors();

	/** Most clients connected at once; further ones get "ERR server-full" and are closed. */
	@Min(1)
	private int maxConnections = 10000;

	/** Most clients at once from one remote address; further ones get "ERR too-many-connections-from-address". 0 = no limit. */
	@Min(0)
	private int maxConnectionsPerAddress = 0;

	/**
	 * A client with no traffic in either direction for this long (nothing read from it, nothing written to it) gets
	 * "ERR idle-timeout" and is closed. 0 = never.
	 */
	@NotNull
	@DurationMin(millis = 0)
	private Duration idleTimeout = Duration.ZERO;

	/** On shutdown, how long clients get to receive what is queued for them before they are closed. */
	@NotNull
	@DurationMin(millis = 0)
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	@Valid
	@NotNull
	private RateLimit rateLimit = new RateLimit();

	/** Per-client frame rate limit (token bucket). */
	public static class RateLimit {

		/** Frames per second one client may send; frames over it are dropped and counted. 0 = no limit. */
		@Min(0)
		private int framesPerSecond = 0;

		/** Frames a client may send at once above the rate; 0 = one second's worth. */
		@Min(0)
		private int burst = 0;

		/** After this many frames dropped for rate, the client gets "ERR rate-limit" and is closed. */
		@Min(1)
		private int disconnectAfter = 1000;

		public int getFramesPerSecond() {
			return this.framesPerSecond;
		}

		public void setFramesPerSecond(int framesPerSecond) {
			this.framesPerSecond = framesPerSecond;
		}

		public int getBurst() {
			return this.burst;
		}

		public void setBurst(int burst) {
			this.burst = burst;
		}

		public int getDisconnectAfter() {
			return this.disconnectAfter;
		}

		public void setDisconnectAfter(int disconnectAfter) {
			this.disconnectAfter = disconnectAfter;
		}

	}

	/** Threads that write to client sockets; each serves its share of connections without blocking. */
	@Min(1)
	private int writerThreads = Runtime.getRuntime().availableProcessors();

	/** How long a closing connection may take to flush what is queued for it before it is closed anyway. */
	@NotNull
	@DurationMin(millis = 1)
	private Duration closeTimeout = Duration.ofSeconds(2);

	public String getRelayRoom() {
		return this.relayRoom;
	}

	public void setRelayRoom(String relayRoom) {
		this.relayRoom = relayRoom;
	}

	public int getMaxRoomsPerClient() {
		return this.maxRoomsPerClient;
	}

	public void setMaxRoomsPerClient(int maxRoomsPerClient) {
		this.maxRoomsPerClient = maxRoomsPerClient;
	}

	public String getWelcome() {
		return this.welcome;
	}

	public void setWelcome(String welcome) {
		this.welcome = welcome;
	}

	public DataSize getOutboundBuffer() {
		return this.outboundBuffer;
	}

	public void setOutboundBuffer(DataSize outboundBuffer) {
		this.outboundBuffer = outboundBuffer;
	}

	public DataSize getOutboundBufferMax() {
		return this.outboundBufferMax;
	}

	public void setOutboundBufferMax(DataSize outboundBufferMax) {
		this.outboundBufferMax = outboundBufferMax;
	}

	public Duration getSlowConsumerGrace() {
		return this.slowConsumerGrace;
	}

	public void setSlowConsumerGrace(Duration slowConsumerGrace) {
		this.slowConsumerGrace = slowConsumerGrace;
	}

	public String getMemoryBudget() {
		return this.memoryBudget;
	}

	public void setMemoryBudget(String memoryBudget) {
		this.memoryBudget = memoryBudget;
	}

	/** The memory budget in bytes, for a JVM whose maximum heap is {@code maxHeap} bytes. */
	public long memoryBudgetBytes(long maxHeap) {
		return PercentOrDataSizeValidator.toBytes(this.memoryBudget, maxHeap);
	}

	public int getReaderThreads() {
		return this.readerThreads;
	}

	public void setReaderThreads(int readerThreads) {
		this.readerThreads = readerThreads;
	}

	@AssertTrue(message = "spread.hub.outbound-buffer-max must be at least spread.hub.outbound-buffer")
	public boolean isOutboundBufferMaxAtLeastOutboundBuffer() {
		return this.outboundBufferMax == null || this.outboundBuffer == null
				|| this.outboundBufferMax.toBytes() >= this.outboundBuffer.toBytes();
	}

	public SlowConsumerPolicy getSlowConsumerPolicy() {
		return this.slowConsumerPolicy;
	}

	public void setSlowConsumerPolicy(SlowConsumerPolicy slowConsumerPolicy) {
		this.slowConsumerPolicy = slowConsumerPolicy;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getMaxConnectionsPerAddress() {
		return this.maxConnectionsPerAddress;
	}

	public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
		this.maxConnectionsPerAddress = maxConnectionsPerAddress;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public void setRateLimit(RateLimit rateLimit) {
		this.rateLimit = rateLimit;
	}

	public int getWriterThreads() {
		return this.writerThreads;
	}

	public void setWriterThreads(int writerThreads) {
		this.writerThreads = writerThreads;
	}

	public Duration getCloseTimeout() {
		return this.closeTimeout;
	}

	public void setCloseTimeout(Duration closeTimeout) {
		this.closeTimeout = closeTimeout;
	}

}
