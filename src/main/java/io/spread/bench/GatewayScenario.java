package io.spread.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.spread.codec.Framing;
import org.HdrHistogram.Histogram;

/**
 * The gateway scenario ({@code spread.bench.scenario=gateway}, settings {@code spread.bench.gateway.*}): rooms of
 * named clients on the hub's gateway listener.
 * <ol>
 * <li>Every client connects, says {@code HELLO <name>} and {@code JOIN <room>}; the run waits until each has its
 * {@code OK JOIN} (or gives up after {@code time-limit}, naming what the hub answered instead), so every member is
 * in its room before anything is published.</li>
 * <li>A warm-up of the same traffic for {@code warmup}, delivered and then forgotten.</li>
 * <li>Each publisher sends {@code messages} messages ({@code PUB <room> <payload>}), at {@code rate} messages/s in
 * all or as fast as the sockets take them; the payload carries the publisher's number, a sequence number and the
 * time it was written.</li>
 * <li>The run waits until every member has received what the other publishers of its room sent (or is known to have
 * lost it: disconnected by the hub, or told {@code ERR dropped <n>}), or until nothing arrives for
 * {@code idle-timeout}, and reports as the relay scenarios do, plus {@code misrouted} and {@code unsent}.</li>
 * </ol>
 * Each member checks every {@link GatewayMember message} it gets. A run fails (exit code 3) when a message was lost,
 * a client was disconnected, a message was not sent, or a check failed; it cannot be carried out (exit code 1) when
 * a client cannot connect or is not let into its room.
 */
final class GatewayScenario {

	/** Bytes of buffer for all publishers together (each gets 4 to 64 KiB, and at least one message). */
	private static final int BUFFERS_IN_ALL = 32 * 1024 * 1024;

	private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final LoadTool tool;

	private final BenchProperties settings;

	private final BenchProperties.Gateway gateway;

	private final Framing framing;

	private final InetSocketAddress address;

	/** The gateway as host:port, for the summary and messages. */
	private final String target;

	GatewayScenario(LoadTool tool, BenchProperties settings) {
		this.tool = tool;
		this.settings = settings;
		this.gateway = settings.getGateway();
		this.framing = this.gateway.getFraming().framing();
		this.address = new InetSocketAddress(settings.getHost(), this.gateway.getPort());
		this.target = settings.getHost() + ":" + this.gateway.getPort();
	}

	BenchResult run() {
		BenchProperties.Gateway gateway = this.gateway;
		GatewayRooms rooms = new GatewayRooms(gateway.getNamePrefix(), gateway.getRooms(), gateway.getMembers(),
				gateway.getPublishers());
		ReceiveStats stats = new ReceiveStats();
		List<SelectLoop> loops = new ArrayList<>();
		for (int i = 0; i < gateway.getThreads(); i++) {
			loops.add(new SelectLoop("bench-gateway-receive-" + i));
		}
		try {
			long joinStart = System.nanoTime();
			List<GatewayMember> members = new ArrayList<>();
			List<GatewayPublisher> publishers = new ArrayList<>();
			connect(rooms, stats, loops, members, publishers);
			awaitJoined(rooms, joinStart);
			double joinSeconds = LoadTool.seconds(System.nanoTime() - joinStart);
			this.tool.report("gateway: %d clients in %d rooms, %d of them publishing, joined in %.3fs",
					rooms.clients(), rooms.rooms, publishers.size(), joinSeconds);
			long interval = (gateway.getRate() == 0) ? 0
					: Math.max(1, Math.round(1e9 * publishers.size() / gateway.getRate()));
			GatewayPublisher.spread(publishers, interval);
			warmUp(members, publishers, stats, interval);
			Map<String, Map<String, Double>> hubBefore = this.tool.readHubMetrics();
			long start = System.nanoTime();
			long sent = sendRound(publishers, gateway.getMessages(), interval, Long.MAX_VALUE);
			double sendSeconds = LoadTool.seconds(System.nanoTime() - start);
			long expected = expect(members, publishers);
			awaitDelivery("gateway", members, publishers, stats, expected);
			return result(rooms, members, publishers, stats, start, hubBefore, expected)
				.put("sent", sent)
				.putRate("sent_fps", sent, sendSeconds)
				.put("send_seconds", LoadTool.round(sendSeconds))
				.put("unsent", (long) publishers.size() * gateway.getMessages() - sent)
				.put("join_seconds", LoadTool.round(joinSeconds));
		}
		finally {
			loops.forEach(SelectLoop::close);
		}
	}

	/**
	 * Connects every client (without Nagle's delay), writes its {@code HELLO} and {@code JOIN} and hands it to a
	 * receive loop.
	 */
	private void connect(GatewayRooms rooms, ReceiveStats stats, List<SelectLoop> loops, List<GatewayMember> members,
			List<GatewayPublisher> publishers) {
		int bufferSize = Math.min(64 * 1024,
				Math.max(4 * 1024, BUFFERS_IN_ALL / Math.max(1, rooms.rooms * rooms.publishers)));
		long lastReport = System.nanoTime();
		for (int r = 0; r < rooms.rooms; r++) {
			for (int m = 0; m < rooms.members; m++) {
				int n = members.size();
				GatewayMember member = new GatewayMember(rooms, stats, this.framing, r, m);
				SocketChannel channel;
				try {
					channel = LoadTool.connectFrom(this.tool.sourceAddress(n), this.address);
					channel.socket().setTcpNoDelay(true);
					String[] greeting = member.greeting();
					ByteBuffer out = ByteBuffer.wrap(concat(GatewayPublisher.frame(this.framing, greeting[0]),
							GatewayPublisher.frame(this.framing, greeting[1])));
					while (out.hasRemaining()) {
						channel.write(out);
					}
					channel.configureBlocking(false);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("bench: cannot connect to " + this.target + " (gateway client "
							+ (n + 1) + " of " + rooms.clients() + ")", ex);
				}
				loops.get(n % loops.size()).add(channel, member);
				members.add(member);
				if (member.isPublisher()) {
					publishers.add(new GatewayPublisher(member, channel, this.framing, rooms.roomName(r),
							this.gateway.getPayloadSize(), bufferSize));
				}
				long now = System.nanoTime();
				if (now - lastReport > PROGRESS_NANOS) {
					this.tool.report("gateway: %d of %d clients connected, %d in their rooms", n + 1,
							rooms.clients(), rooms.joined.get());
					lastReport = now;
				}
			}
		}
	}

	/** Waits until every client is in its room, or was refused; fails the run unless all are in. */
	private void awaitJoined(GatewayRooms rooms, long since) {
		int clients = rooms.clients();
		long giveUp = since + this.settings.getTimeLimit().toNanos();
		long lastReport = System.nanoTime();
		while (rooms.joined.get() + rooms.refused.get() < clients && System.nanoTime() < giveUp) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
			long now = System.nanoTime();
			if (now - lastReport > PROGRESS_NANOS) {
				this.tool.report("gateway: %d of %d clients in their rooms", rooms.joined.get(), clients);
				lastReport = now;
			}
		}
		int refused = rooms.refused.get();
		if (refused > 0) {
			throw new IllegalStateException(String.format(Locale.ROOT,
					"bench: %,d of %,d gateway clients were not let into their rooms by %s: %s", refused, clients,
					this.target, LoadTool.describe(rooms.refusals())));
		}
		int joined = rooms.joined.get();
		if (joined < clients) {
			String unexpected = rooms.unexpected();
			throw new IllegalStateException(String.format(Locale.ROOT,
					"bench: only %,d of %,d gateway clients were in their rooms (OK JOIN) within %s (spread.bench.time-limit)",
					joined, clients, written(this.settings.getTimeLimit()))
					+ ((unexpected != null) ? "; a client got '" + unexpected + "', which is not the gateway protocol: is "
							+ this.target + " the hub's gateway port (spread.gateway.port) and "
							+ this.gateway.getFraming().name().toLowerCase(Locale.ROOT).replace('_', '-')
							+ " its framing?" : ""));
		}
	}

	/**
	 * Sends the same traffic until the warm-up time has passed (at least one round when there is any), each round
	 * cut off shortly after it, waits until it has arrived, then forgets it.
	 */
	private void warmUp(List<GatewayMember> members, List<GatewayPublisher> publishers, ReceiveStats stats,
			long interval) {
		long warmup = this.settings.getWarmup().toNanos();
		if (warmup <= 0) {
			return;
		}
		long until = System.nanoTime() + warmup;
		do {
			sendRound(publishers, this.gateway.getMessages(), interval, until + warmup / 10);
			awaitDelivery("gateway warm-up", members, publishers, stats, expect(members, publishers));
		}
		while (System.nanoTime() < until);
		stats.resetDataCounts();
		members.forEach((member) -> member.expected = 0);
	}

	/**
	 * Sends one round: {@code count} messages from each publisher, its publishers split among the sending threads.
	 * @return the messages sent in all
	 */
	private long sendRound(List<GatewayPublisher> publishers, long count, long interval, long deadline) {
		int threads = Math.min(this.gateway.getThreads(), publishers.size());
		List<List<GatewayPublisher>> shares = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			shares.add(new ArrayList<>());
		}
		for (int i = 0; i < publishers.size(); i++) {
			shares.get(i % threads).add(publishers.get(i));
		}
		long idle = this.settings.getIdleTimeout().toNanos();
		long start = System.nanoTime();
		if (threads == 1) {
			GatewayPublisher.sendRound(publishers, count, interval, start, deadline, idle);
		}
		else {
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (List<GatewayPublisher> share : shares) {
					done.add(pool.submit(() -> GatewayPublisher.sendRound(share, count, interval, start, deadline, idle)));
				}
				for (Future<?> future : done) {
					future.get();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("bench: interrupted", ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
			}
			finally {
				pool.shutdownNow();
			}
		}
		long sent = 0;
		for (GatewayPublisher publisher : publishers) {
			sent += publisher.sent();
		}
		return sent;
	}

	/**
	 * Adds to what each member is to receive (since the stats were last reset) what the other publishers of its room
	 * sent in the round just sent.
	 * @return the messages to be received in all, since the stats were last reset
	 */
	private static long expect(List<GatewayMember> members, List<GatewayPublisher> publishers) {
		int roomCount = members.isEmpty() ? 0 : members.get(members.size() - 1).room + 1;
		long[] sentInRoom = new long[roomCount];
		long[] sentBy = new long[publishers.isEmpty() ? 0 : publishers.get(publishers.size() - 1).number + 1];
		for (GatewayPublisher publisher : publishers) {
			sentInRoom[publisher.member.room] += publisher.sent();
			sentBy[publisher.number] = publisher.sent();
		}
		long expected = 0;
		for (GatewayMember member : members) {
			member.expected += sentInRoom[member.room] - (member.isPublisher() ? sentBy[member.publisher] : 0);
			expected += member.expected;
		}
		return expected;
	}

	/**
	 * Waits until every member has received what it is to receive or is known to have lost it, or until nothing has
	 * arrived for the idle timeout; meanwhile, when nothing arrives, one publisher of each room publishes a probe now
	 * and then, so that the hub may tell members about messages it dropped.
	 */
	private void awaitDelivery(String label, List<GatewayMember> members, List<GatewayPublisher> publishers,
			ReceiveStats stats, long expected) {
		Runnable nudge = () -> {
			int room = -1;
			for (GatewayPublisher publisher : publishers) {
				if (publisher.member.room != room && !publisher.failed()) {
					room = publisher.member.room;
					publisher.probe();
				}
			}
		};
		this.tool.awaitCount(label + ": delivered or known lost",
				() -> stats.dataFrames.get() + stats.hubDropped.get() + lostToDisconnects(members, stats), expected,
				nudge);
	}

	/** Messages that members disconnected by the hub were to receive and did not (nor were told were dropped). */
	private static long lostToDisconnects(List<GatewayMember> members, ReceiveStats stats) {
		if (stats.closed.get() == 0) {
			return 0;
		}
		long lost = 0;
		for (GatewayMember member : members) {
			if (member.isClosed()) {
				lost += Math.max(0, member.expected - member.accounted());
			}
		}
		return lost;
	}

	private BenchResult result(GatewayRooms rooms, List<GatewayMember> members, List<GatewayPublisher> publishers,
			ReceiveStats stats, long start, Map<String, Map<String, Double>> hubBefore, long expected) {
		Map<String, Map<String, Double>> hubAfter = (hubBefore != null) ? this.tool.readHubMetrics() : null;
		long delivered = stats.dataFrames.get();
		long lost = 0;
		for (GatewayMember member : members) {
			lost += Math.max(0, member.expected - member.received());
		}
		Histogram latency = stats.takeLatencies();
		BenchResult result = new BenchResult().put("scenario", "gateway")
			.put("target", this.target)
			.put("framing", this.framing.configName())
			.put("rooms", rooms.rooms)
			.put("members", rooms.members)
			.put("publishers", rooms.publishers)
			.put("messages", this.gateway.getMessages())
			.put("payload_size", this.gateway.getPayloadSize())
			.put("rate", (this.gateway.getRate() == 0) ? "max" : this.gateway.getRate())
			.put("clients", rooms.clients())
			.put("expected", expected)
			.put("delivered", delivered)
			.putRate("delivered_fps", delivered, LoadTool.seconds(stats.lastDataNanos - start));
		this.tool.putLoss(result, stats, lost, expected, lostToDisconnects(members, stats), rooms.clients(), "client");
		if (hubAfter != null) {
			result.put("hub_frames_dropped", HubMetricsReader.growth(hubBefore, hubAfter, HubMetricsReader.FRAMES_DROPPED))
				.put("hub_connections_closed",
						HubMetricsReader.growth(hubBefore, hubAfter, HubMetricsReader.CONNECTIONS_CLOSED));
		}
		result.put("out_of_order", stats.outOfOrder.get())
			.put("misrouted", stats.misrouted.get())
			.put("malformed", stats.malformed.get())
			.put("latency_p50_ms", LoadTool.millis(latency.getValueAtPercentile(50)))
			.put("latency_p90_ms", LoadTool.millis(latency.getValueAtPercentile(90)))
			.put("latency_p99_ms", LoadTool.millis(latency.getValueAtPercentile(99)))
			.put("latency_p999_ms", LoadTool.millis(latency.getValueAtPercentile(99.9)))
			.put("latency_max_ms", LoadTool.millis(latency.getMaxValue()));
		failChecks(result, stats, publishers);
		return result;
	}

	/** Adds to the result's failure what the members' checks found, and publishers that could not send. */
	private void failChecks(BenchResult result, ReceiveStats stats, List<GatewayPublisher> publishers) {
		List<String> what = new ArrayList<>();
		long unsent = 0;
		int stuck = 0;
		for (GatewayPublisher publisher : publishers) {
			if (publisher.sent() < this.gateway.getMessages()) {
				unsent += this.gateway.getMessages() - publisher.sent();
				stuck++;
			}
		}
		if (unsent > 0) {
			what.add(String.format(Locale.ROOT,
					"%,d messages were not sent: %,d of %,d publishers lost their connection or the hub stopped reading them for %s",
					unsent, stuck, publishers.size(), written(this.settings.getIdleTimeout())));
		}
		if (stats.misrouted.get() > 0) {
			what.add(String.format(Locale.ROOT,
					"%,d messages reached a client outside the publisher's room, or the publisher itself",
					stats.misrouted.get()));
		}
		if (stats.outOfOrder.get() > 0) {
			what.add(String.format(Locale.ROOT,
					"%,d messages arrived out of order (a publisher's sequence or offset did not grow)",
					stats.outOfOrder.get()));
		}
		if (stats.malformed.get() > 0) {
			what.add(String.format(Locale.ROOT,
					"%,d messages were malformed (not MSG <room> <from> <offset> <payload>, or a payload not from <from>)",
					stats.malformed.get()));
		}
		if (!what.isEmpty()) {
			String checks = String.join("; ", what) + ".";
			result.fail((result.failure() != null) ? result.failure() + " " + checks : checks);
		}
	}

	/** A duration as it is written in settings: {@code 1s}, {@code 2m}, {@code 1500ms}. */
	static String written(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 60_000 == 0 && millis > 0) {
			return (millis % 3_600_000 == 0) ? millis / 3_600_000 + "h" : millis / 60_000 + "m";
		}
		return (millis % 1000 == 0) ? millis / 1000 + "s" : millis + "ms";
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = new byte[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
