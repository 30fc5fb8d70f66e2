package io.spread.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import io.spread.bench.BenchProperties.ReceiverTransport;
import io.spread.codec.Framing;
import org.HdrHistogram.Histogram;

/**
 * The load tool's scenarios, run against any hub (or any relay that speaks one of Spread's framings). Every wait
 * is bounded: a run stops waiting once nothing has arrived for {@code idle-timeout}, and reports what is missing.
 * <p>
 * A run that moves frames (fanout, latency, churn) says why frames were lost: {@code lost} splits into
 * {@code lost_to_disconnects} (frames never received by receivers the hub disconnected), {@code hub_dropped} (frames
 * the hub said it dropped, {@code ERR dropped <count>}) and {@code lost_unexplained}; {@code lost_reason} names the
 * causes ({@code none} when nothing was lost): the reason of each disconnect, {@code dropped}, {@code unexplained}.
 * A disconnect's reason is the last notice the receiver got ({@code slow-consumer}, {@code idle-timeout}, ...), or
 * {@code eof} or {@code reset} when the hub closed it without one. Such a run gets a {@link BenchResult#failure()}.
 */
public class LoadTool {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

	/**
	 * While waiting for the last frames, after this long without progress senders send a probe: a hub tells a
	 * receiver about frames it dropped ({@code ERR dropped}) only when it next has a frame for it.
	 */
	private static final long NUDGE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private static final int CONNECT_TIMEOUT_MILLIS = 2000;

	/** Complete greetings are taken as relayed once none has arrived for this long (a hub may pause for a GC). */
	private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

	/** How often the hub's thread count is read during rounds. */
	private static final long THREAD_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	/** The connections scenario stops once this many connects in a row have failed: the target is full or gone. */
	private static final int GIVE_UP_AFTER_FAILURES = 20;

	private final BenchProperties settings;

	private final InetSocketAddress hub;

	/** Where receivers connect: the hub, or another replica of it. */
	private final InetSocketAddress receiverHub;

	private final Framing framing;

	private final PrintStream progress;

	/** The hub's Prometheus endpoint, or null when not configured. */
	private final HubMetricsReader hubMetrics;

	/** How the relay scenarios' connections meet their sockets: plain or TLS. */
	private final BenchTls tls;

	/** Where WebSocket receivers connect (receiver-transport=websocket), or null for TCP receivers. */
	private final UrlLogin webSocketRelay;

	public LoadTool(BenchProperties settings, PrintStream progress) {
		this(settings, progress, null);
	}

	/** @param tls the relay scenarios connect with TLS in this context; null connects in plain TCP */
	public LoadTool(BenchProperties settings, PrintStream progress, SSLContext tls) {
		this.settings = settings;
		this.tls = new BenchTls(tls);
		this.hub = new InetSocketAddress(settings.getHost(), settings.getPort());
		this.receiverHub = new InetSocketAddress(
				settings.getReceiverHost().isEmpty() ? settings.getHost() : settings.getReceiverHost(),
				(settings.getReceiverPort() == 0) ? settings.getPort() : settings.getReceiverPort());
		this.webSocketRelay = (settings.getReceiverTransport() == ReceiverTransport.WEBSOCKET)
				? UrlLogin.of(settings.getWebsocketUrl().isEmpty() ? defaultWebSocketRelay(this.receiverHub)
						: settings.getWebsocketUrl())
				: null;
		this.framing = settings.getFraming();
		this.progress = progress;
		this.hubMetrics = settings.getHubMetricsUrl().isEmpty() ? null
				: new HubMetricsReader(settings.getHubMetricsUrl());
	}

	/** The hub's relay endpoint on its default HTTP port, on the receivers' host. */
	private static String defaultWebSocketRelay(InetSocketAddress receiverHub) {
		String host = receiverHub.getHostString();
		return "ws://" + (host.contains(":") ? "[" + host + "]" : host) + ":8080/ws/relay";
	}

	public BenchResult run() {
		return switch (this.settings.getScenario()) {
			case FANOUT -> fanout();
			case LATENCY -> latency();
			case CONNECTIONS -> connections();
			case CHURN -> churn();
			case GATEWAY -> new GatewayScenario(this, this.settings).run();
		};
	}

	/** R receivers, then S senders send N frames each as fast as they can. */
	BenchResult fanout() {
		int senderCount = this.settings.getSenders();
		ReceiveStats stats = new ReceiveStats();
		try (RelayReceivers receivers = relayReceivers(stats)) {
			List<BenchSender> senders = connectAndConfirm(receivers, stats);
			long frames = this.settings.getFrames();
			ToLongFunction<BenchSender> round = sender -> sender.send(frames, this.settings.getFrameSize(),
					this.settings.getFramesPerWrite(), 0, Long.MAX_VALUE);
			warmUp(senders, stats, round);
			Map<String, Map<String, Double>> hubBefore = readHubMetrics();
			long start = System.nanoTime();
			long sent = sendFromAll(senders, round);
			double sendSeconds = seconds(System.nanoTime() - start);
			awaitDelivery("fanout", stats, sent, this.settings.getReceivers(), senders);
			BenchResult result = dataResult("fanout", receivers, stats, start, sent, hubBefore);
			senders.forEach(BenchSender::close);
			return result
				.put("frames_per_sender", frames)
				.put("frames_per_write", (this.settings.getFramesPerWrite() == 0) ? "bulk" : this.settings.getFramesPerWrite())
				.put("sent", sent)
				.putRate("sent_fps", sent, sendSeconds)
				.put("send_seconds", round(sendSeconds));
		}
	}

	/** Senders send at a fixed total rate for a fixed time; each frame carries its send time. */
	BenchResult latency() {
		int senderCount = this.settings.getSenders();
		ReceiveStats stats = new ReceiveStats();
		try (RelayReceivers receivers = relayReceivers(stats)) {
			List<BenchSender> senders = connectAndConfirm(receivers, stats);
			double perSenderRate = (double) this.settings.getRate() / senderCount;
			long interval = Math.max(1, Math.round(1e9 / perSenderRate));
			long duration = this.settings.getDuration().toNanos();
			long frames = Math.max(1, Math.round(perSenderRate * duration / 1e9));
			long warmupNanos = this.settings.getWarmup().toNanos();
			long warmupFrames = Math.round(perSenderRate * warmupNanos / 1e9);
			warmUp(senders, stats, sender -> sender.send(warmupFrames, this.settings.getFrameSize(), 1, interval,
					System.nanoTime() + warmupNanos + warmupNanos / 10));
			Map<String, Map<String, Double>> hubBefore = readHubMetrics();
			long start = System.nanoTime();
			long deadline = start + duration + duration / 10;
			long sent = sendFromAll(senders,
					sender -> sender.send(frames, this.settings.getFrameSize(), 1, interval, deadline));
			awaitDelivery("latency", stats, sent, this.settings.getReceivers(), senders);
			BenchResult result = dataResult("latency", receivers, stats, start, sent, hubBefore);
			senders.forEach(BenchSender::close);
			return result.put("rate", this.settings.getRate())
				.put("sent", sent)
				.put("duration_seconds", round(seconds(duration)));
		}
	}

	/**
	 * Opens idle connections in batches, confirming each batch, and measures the hub's memory per connection. Each
	 * connection may first send a greeting (complete, or left unfinished so that the hub holds a partial frame);
	 * after measuring, the connections may talk for some rounds (the hub's thread count is sampled meanwhile) and
	 * stay open for a while before they are closed.
	 */
	BenchResult connections() {
		int total = this.settings.getConnections();
		ReceiveStats stats = new ReceiveStats();
		byte[] greeting = (this.settings.getGreetingBytes() > 0)
				? BenchFrame.greeting(this.framing, this.settings.getGreetingBytes(), this.settings.isGreetingPartial())
				: null;
		PendingWrites greetings = new PendingWrites();
		// greetings relayed at the least: each goes at least to the connections welcomed before it was sent
		long greetingsFloor = 0;
		List<SocketChannel> channels = new ArrayList<>();
		try (ReceiveLoop loop = new ReceiveLoop(this.framing, 1, stats)) {
			long rssBefore = hubResidentBytes();
			long start = System.nanoTime();
			Attempts attempts = new Attempts(total, start + this.settings.getTimeLimit().toNanos());
			while (attempts.keepGoing()) {
				int batch = Math.min(this.settings.getBatch(), total - attempts.opened - attempts.failures);
				for (int i = 0; i < batch && attempts.keepGoing(); i++) {
					try {
						SocketChannel channel = connectFrom(sourceAddress(attempts.opened + attempts.failures),
								this.hub);
						channel.configureBlocking(false);
						if (greeting != null) {
							greetingsFloor += stats.welcomed.get();
							greetings.write(channel, greeting);
						}
						loop.add(channel);
						channels.add(channel);
						attempts.succeeded();
					}
					catch (IOException ex) {
						attempts.failed();
					}
				}
				greetings.retry();
				if (this.settings.isExpectWelcome()) {
					awaitCount("connections: welcomed", stats.welcomed::get, attempts.opened);
				}
			}
			int opened = attempts.opened;
			double elapsed = seconds(System.nanoTime() - start);
			if (greeting != null) {
				if (!greetings.finish(this.settings.getIdleTimeout())) {
					report("connections: %d greetings not fully written after nothing moved for %s",
							greetings.unfinished(), this.settings.getIdleTimeout());
				}
				if (!this.settings.isGreetingPartial()) {
					awaitCount("connections: greetings relayed", stats.greetingFrames::get, greetingsFloor);
					awaitQuiet("connections: greetings relayed", stats.greetingFrames::get);
				}
			}
			long rssAfter = hubResidentBytes();
			BenchResult result = new BenchResult().put("scenario", "connections")
				.put("target", target())
				.put("connections", total)
				.put("opened", opened)
				.put("failures", attempts.failures)
				.put("gave_up", attempts.gaveUp())
				.put("closed_by_hub", stats.closed.get())
				.put("disconnect_reasons", stats.disconnects())
				.putRate("connects_per_second", opened, elapsed)
				.put("seconds", round(elapsed));
			if (this.settings.isExpectWelcome()) {
				result.put("unconfirmed", opened - stats.welcomed.get());
			}
			if (greeting != null) {
				result.put("greeting_bytes", this.settings.getGreetingBytes())
					.put("greeting_partial", this.settings.isGreetingPartial())
					.put("greetings_written", greetings.completed())
					.put("greetings_unfinished", greetings.unfinished())
					.put("greetings_failed", greetings.failed())
					.put("greetings_received", stats.greetingFrames.get());
			}
			if (rssBefore > 0 && rssAfter > 0 && opened > 0) {
				result.put("hub_rss_before_kb", rssBefore / 1024)
					.put("hub_rss_after_kb", rssAfter / 1024)
					.put("hub_bytes_per_connection", (rssAfter - rssBefore) / opened);
			}
			if (this.settings.getRounds() > 0) {
				talk(channels, stats, result);
			}
			if (this.settings.getHold().compareTo(Duration.ZERO) > 0) {
				hold(stats);
				// what the hub did to the connections while they were held
				result.put("closed_by_hub", stats.closed.get()).put("disconnect_reasons", stats.disconnects());
			}
			return result;
		}
	}

	/**
	 * Every connection sends one short frame per round, and each round waits until every connection has received
	 * everyone else's frame (or nothing has arrived for the idle timeout). With a hub-pid, the hub's thread count is
	 * read before the rounds and sampled during them for its peak.
	 */
	private void talk(List<SocketChannel> channels, ReceiveStats stats, BenchResult result) {
		int rounds = this.settings.getRounds();
		long threadsBefore = hubStatus("Threads:");
		ThreadSampler sampler = (threadsBefore > 0) ? new ThreadSampler() : null;
		long expected = 0;
		int writeFailures = 0;
		long start = System.nanoTime();
		try {
			for (int r = 1; r <= rounds; r++) {
				int alive = channels.size() - stats.closed.get();
				byte[] frame = BenchFrame.round(this.framing, r);
				PendingWrites writes = new PendingWrites();
				for (SocketChannel channel : channels) {
					writes.write(channel, frame);
				}
				writes.finish(this.settings.getIdleTimeout());
				writeFailures += writes.failed() + writes.unfinished();
				expected += (long) writes.completed() * Math.max(0, alive - 1);
				awaitCount("connections: round " + r + " of " + rounds + " delivered", stats.roundFrames::get,
						expected);
			}
		}
		finally {
			if (sampler != null) {
				sampler.stop();
			}
		}
		double elapsed = seconds(System.nanoTime() - start);
		long delivered = stats.roundFrames.get();
		result.put("rounds", rounds)
			.put("round_frames_expected", expected)
			.put("round_frames_delivered", delivered)
			.put("round_write_failures", writeFailures)
			.putRate("round_fps", delivered, elapsed)
			.put("round_seconds", round(elapsed))
			.put("closed_by_hub", stats.closed.get())
			.put("disconnect_reasons", stats.disconnects());
		if (sampler != null) {
			result.put("hub_threads_before", threadsBefore).put("hub_threads_peak", Math.max(threadsBefore, sampler.peak()));
		}
		if (delivered < expected || writeFailures > 0) {
			result.fail(String.format(Locale.ROOT, "%,d of %,d round frames delivered, %,d round frames not sent; "
					+ "%,d connections closed by the hub (%s).", delivered, expected, writeFailures,
					stats.closed.get(), stats.disconnects().isEmpty() ? "none" : describe(stats.disconnects())));
		}
	}

	/** Keeps the connections open for the hold time (the receive loop goes on reading them). */
	private void hold(ReceiveStats stats) {
		Duration hold = this.settings.getHold();
		report("connections: holding the connections for %s", hold);
		long until = System.nanoTime() + hold.toNanos();
		long left;
		while ((left = until - System.nanoTime()) > 0) {
			LockSupport.parkNanos(Math.min(left, TimeUnit.SECONDS.toNanos(10)));
			if (until - System.nanoTime() > 0) {
				report("connections: holding, %d closed by the hub so far", stats.closed.get());
			}
			if (Thread.currentThread().isInterrupted()) {
				return;
			}
		}
	}

	/**
	 * Waits until {@code count} has not changed for {@link #QUIET_NANOS}, or for at most the time limit: for counts
	 * whose final value is not known in advance.
	 */
	private void awaitQuiet(String label, LongSupplier count) {
		long giveUp = System.nanoTime() + this.settings.getTimeLimit().toNanos();
		long last = count.getAsLong();
		long lastChange = System.nanoTime();
		long lastReport = lastChange;
		while (System.nanoTime() - lastChange < QUIET_NANOS && System.nanoTime() < giveUp) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
			long current = count.getAsLong();
			long now = System.nanoTime();
			if (current != last) {
				last = current;
				lastChange = now;
			}
			if (now - lastReport > PROGRESS_NANOS) {
				report("%s: %d so far", label, current);
				lastReport = now;
			}
		}
		report("%s: %d", label, last);
	}

	/**
	 * Workers connect, send one frame and disconnect (half-close, then read until the hub closes), in a loop; an
	 * observer counts the frames relayed.
	 */
	BenchResult churn() {
		int workers = this.settings.getWorkers();
		ReceiveStats stats = new ReceiveStats();
		try (ReceiveLoop loop = new ReceiveLoop(this.framing, workers, stats)) {
			loop.add(openChannel(this.hub));
			if (this.settings.isExpectWelcome()) {
				awaitCount("churn: observer welcomed", stats.welcomed::get, 1);
			}
			AtomicLong cycles = new AtomicLong();
			AtomicLong errors = new AtomicLong();
			long start = System.nanoTime();
			long deadline = start + this.settings.getDuration().toNanos();
			ExecutorService pool = Executors.newFixedThreadPool(workers);
			try {
				for (int w = 0; w < workers; w++) {
					int worker = w;
					pool.execute(() -> churnLoop(worker, deadline, cycles, errors));
				}
				pool.shutdown();
				while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
					report("churn: %d cycles, %d errors", cycles.get(), errors.get());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				pool.shutdownNow();
			}
			double elapsed = seconds(System.nanoTime() - start);
			awaitDelivery("churn", stats, cycles.get(), 1, List.of());
			BenchResult result = new BenchResult().put("scenario", "churn")
				.put("target", target())
				.put("workers", workers)
				.put("cycles", cycles.get())
				.putRate("cycles_per_second", cycles.get(), elapsed)
				.put("errors", errors.get())
				.put("observed", stats.dataFrames.get());
			putLoss(result, stats, cycles.get(), 1, "observer");
			return result.put("seconds", round(elapsed));
		}
	}

	private void churnLoop(int worker, long deadline, AtomicLong cycles, AtomicLong errors) {
		ByteBuffer frame = ByteBuffer.allocate(BenchFrame.wireSize(this.framing, this.settings.getFrameSize()));
		long sequence = 0;
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.setSoTimeout(5000);
				socket.connect(this.hub, CONNECT_TIMEOUT_MILLIS);
				if (this.settings.isExpectWelcome()) {
					skipOneFrame(socket.getInputStream());
				}
				frame.clear();
				BenchFrame.putData(frame, this.framing, this.settings.getFrameSize(), worker, sequence++,
						System.nanoTime());
				socket.getOutputStream().write(frame.array(), 0, frame.position());
				// half-close and read to the end: closing with unread input would reset the connection,
				// and a reset discards the frame just sent
				socket.shutdownOutput();
				socket.getInputStream().transferTo(OutputStream.nullOutputStream());
				cycles.incrementAndGet();
			}
			catch (IOException ex) {
				errors.incrementAndGet();
			}
		}
	}

	private void skipOneFrame(InputStream in) throws IOException {
		if (this.framing == Framing.LENGTH_PREFIXED) {
			byte[] header = in.readNBytes(4);
			in.skipNBytes(ByteBuffer.wrap(header).getInt());
			return;
		}
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("closed before the welcome");
			}
		}
	}

	/** The relay scenarios' receivers, on TCP or WebSocket (receiver-transport), none connected yet. */
	private RelayReceivers relayReceivers(ReceiveStats stats) {
		int senders = this.settings.getSenders();
		if (this.webSocketRelay != null) {
			return new WebSocketReceivers(this.webSocketRelay, this.tls.context(), senders, stats);
		}
		return new TcpReceivers(this.receiverHub, this.tls, this.framing, senders, stats);
	}

	/**
	 * Connects the receivers and senders, then probes until every receiver has seen a probe from sender 0 or has been
	 * disconnected by the hub (refused, say, as {@code server-full}: the summary then reports it).
	 */
	private List<BenchSender> connectAndConfirm(RelayReceivers relayReceivers, ReceiveStats stats) {
		int receivers = this.settings.getReceivers();
		relayReceivers.connect(receivers);
		List<BenchSender> senders = new ArrayList<>();
		for (int i = 0; i < this.settings.getSenders(); i++) {
			senders.add(new BenchSender(this.hub, i, this.framing, this.tls));
		}
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (stats.probed.get() + stats.closedUnprobed.get() < receivers) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("bench: only " + stats.probed.get() + " of " + receivers
						+ " receivers saw a probe within " + READY_TIMEOUT.toSeconds() + "s");
			}
			senders.get(0).sendProbe();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
		stats.takeLatencies();
		if (stats.closedUnprobed.get() > 0) {
			report("%d of %d receivers were disconnected by the hub before the run began (%s)",
					stats.closedUnprobed.get(), receivers, describe(stats.disconnects()));
		}
		report("%d receivers and %d senders connected", receivers, senders.size());
		return senders;
	}

	/**
	 * Sends untimed traffic until the warm-up time has passed (at least one round when there is any), waits
	 * until it has arrived, then forgets it.
	 */
	private void warmUp(List<BenchSender> senders, ReceiveStats stats, ToLongFunction<BenchSender> round) {
		long until = System.nanoTime() + this.settings.getWarmup().toNanos();
		long sent = 0;
		while (System.nanoTime() < until) {
			sent += sendFromAll(senders, round);
			awaitDelivery("warm-up", stats, sent, this.settings.getReceivers(), senders);
		}
		stats.resetDataCounts();
	}

	/** Runs {@code work} on every sender at once; returns the frames they sent in all. */
	private long sendFromAll(List<BenchSender> senders, ToLongFunction<BenchSender> work) {
		ExecutorService pool = Executors.newFixedThreadPool(senders.size());
		try {
			List<Future<Long>> results = new ArrayList<>();
			for (BenchSender sender : senders) {
				results.add(pool.submit(() -> work.applyAsLong(sender)));
			}
			long sent = 0;
			for (Future<Long> result : results) {
				sent += result.get();
			}
			return sent;
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

	/**
	 * Waits until each of {@code receivers} has received the {@code perReceiver} frames sent, or is known to have
	 * lost them (the hub disconnected it, or told it it dropped them), or until nothing has arrived for the idle
	 * timeout. While nothing arrives, {@code senders} send a probe now and then, so that the hub may tell receivers
	 * about frames it dropped.
	 */
	private void awaitDelivery(String label, ReceiveStats stats, long perReceiver, int receivers,
			List<BenchSender> senders) {
		Runnable nudge = senders.isEmpty() ? null : () -> {
			try {
				senders.get(0).sendProbe();
			}
			catch (RuntimeException ex) {
				// the sender is gone; the wait ends at the idle timeout
			}
		};
		awaitCount(label + ": delivered or known lost",
				() -> stats.dataFrames.get() + stats.hubDropped.get() + stats.lostToDisconnects(perReceiver),
				perReceiver * receivers, nudge);
	}

	private void awaitCount(String label, LongSupplier count, long expected) {
		awaitCount(label, count, expected, null);
	}

	void awaitCount(String label, LongSupplier count, long expected, Runnable nudge) {
		long idle = this.settings.getIdleTimeout().toNanos();
		long last = -1;
		long lastChange = System.nanoTime();
		long lastReport = lastChange;
		long lastNudge = lastChange;
		long current;
		while ((current = count.getAsLong()) < expected) {
			long now = System.nanoTime();
			if (current != last) {
				last = current;
				lastChange = now;
			}
			else if (nudge != null && now - Math.max(lastChange, lastNudge) > NUDGE_NANOS
					&& now - lastChange <= idle) {
				nudge.run();
				lastNudge = now;
			}
			else if (now - lastChange > idle) {
				report("%s: gave up at %d of %d, nothing new for %s", label, current, expected,
						this.settings.getIdleTimeout());
				return;
			}
			if (now - lastReport > PROGRESS_NANOS) {
				report("%s %d of %d", label, current, expected);
				lastReport = now;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
	}

	/**
	 * The summary of a run in which each receiver was sent {@code perReceiver} frames (after {@code start}).
	 * @param hubBefore the hub's counters read before the frames were sent, or null
	 */
	private BenchResult dataResult(String scenario, RelayReceivers receivers, ReceiveStats stats, long start,
			long perReceiver, Map<String, Map<String, Double>> hubBefore) {
		Map<String, Map<String, Double>> hubAfter = (hubBefore != null) ? readHubMetrics() : null;
		int receiverCount = this.settings.getReceivers();
		long delivered = stats.dataFrames.get();
		Histogram latency = stats.takeLatencies();
		BenchResult result = new BenchResult().put("scenario", scenario)
			.put("target", target(receivers.target()))
			.put("framing", this.framing.configName())
			.put("receiver_transport", this.settings.getReceiverTransport().name().toLowerCase(Locale.ROOT))
			.put("receivers", receiverCount)
			.put("senders", this.settings.getSenders())
			.put("frame_size", this.settings.getFrameSize())
			.put("expected", perReceiver * receiverCount)
			.put("delivered", delivered)
			.putRate("delivered_fps", delivered, seconds(stats.lastDataNanos - start));
		putLoss(result, stats, perReceiver, receiverCount, "receiver");
		if (hubAfter != null) {
			result.put("hub_frames_dropped", HubMetricsReader.growth(hubBefore, hubAfter, HubMetricsReader.FRAMES_DROPPED))
				.put("hub_connections_closed",
						HubMetricsReader.growth(hubBefore, hubAfter, HubMetricsReader.CONNECTIONS_CLOSED));
		}
		return result.put("out_of_order", stats.outOfOrder.get())
			.put("malformed", stats.malformed.get())
			.put("latency_p50_ms", millis(latency.getValueAtPercentile(50)))
			.put("latency_p90_ms", millis(latency.getValueAtPercentile(90)))
			.put("latency_p99_ms", millis(latency.getValueAtPercentile(99)))
			.put("latency_p999_ms", millis(latency.getValueAtPercentile(99.9)))
			.put("latency_max_ms", millis(latency.getMaxValue()));
	}

	/** What was lost and why (see the method below), when each receiver was sent {@code perReceiver}. */
	private void putLoss(BenchResult result, ReceiveStats stats, long perReceiver, int receivers, String who) {
		putLoss(result, stats, perReceiver * receivers - stats.dataFrames.get(), perReceiver * receivers,
				stats.lostToDisconnects(perReceiver), receivers, who);
	}

	/**
	 * Puts what was lost and why, and fails the result if anything was lost or a receiver was disconnected.
	 * @param lost frames that did not arrive, of {@code expected} in all
	 * @param toDisconnects frames lost because the hub disconnected their receivers
	 * @param who what a receiver is called in the failure message
	 */
	void putLoss(BenchResult result, ReceiveStats stats, long lost, long expected, long toDisconnects, int receivers,
			String who) {
		long hubDropped = stats.hubDropped.get();
		long unexplained = Math.max(0, lost - toDisconnects - hubDropped);
		Map<String, Integer> disconnects = stats.disconnects();
		List<String> reasons = new ArrayList<>();
		disconnects.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.forEach(entry -> reasons.add(entry.getKey()));
		if (hubDropped > 0) {
			reasons.add(HubNotice.DROPPED);
		}
		if (unexplained > 0) {
			reasons.add("unexplained");
		}
		result.put("lost", lost)
			.put("lost_reason", reasons.isEmpty() ? "none" : String.join(",", reasons))
			.put("receivers_disconnected", stats.closed.get())
			.put("disconnect_reasons", disconnects)
			.put("lost_to_disconnects", toDisconnects)
			.put("hub_dropped", hubDropped)
			.put("lost_unexplained", unexplained)
			.put("notices", stats.notices());
		if (lost > 0 || stats.closed.get() > 0) {
			result.fail(failure(stats.closed.get(), receivers, who, disconnects, lost, expected, hubDropped,
					unexplained));
		}
	}

	/** One sentence: what was lost, why, and what to change. */
	private String failure(int disconnected, int receivers, String who, Map<String, Integer> disconnects, long lost,
			long expected, long hubDropped, long unexplained) {
		List<String> what = new ArrayList<>();
		if (disconnected > 0) {
			boolean one = receivers == 1;
			String subject = one ? "the " + who + " was"
					: String.format(Locale.ROOT, "%,d of %,d %ss were", disconnected, receivers, who);
			String how = (disconnects.size() == 1 && disconnects.containsKey(HubNotice.SLOW_CONSUMER))
					? (one ? " as a slow consumer" : " as slow consumers") : " (" + describe(disconnects) + ")";
			what.add(subject + " disconnected by the hub" + how);
		}
		if (hubDropped > 0) {
			what.add(String.format(Locale.ROOT, "the hub dropped %,d frames for receivers that fell behind", hubDropped));
		}
		if (lost > 0) {
			what.add(String.format(Locale.ROOT, "%,d of %,d frames lost", lost, expected)
					+ ((unexplained > 0 && unexplained < lost)
							? String.format(Locale.ROOT, " (%,d without a reason)", unexplained) : ""));
		}
		List<String> advice = new ArrayList<>();
		if (disconnects.containsKey(HubNotice.SLOW_CONSUMER) || hubDropped > 0) {
			advice.add("Raise spread.hub.outbound-buffer (and outbound-buffer-max, slow-consumer-grace) or read faster.");
		}
		if (disconnects.containsKey("idle-timeout")) {
			advice.add("Receivers send nothing: the hub's spread.hub.idle-timeout must be longer than the run.");
		}
		if (unexplained > 0) {
			advice.add("Frames were still missing after nothing had arrived for spread.bench.idle-timeout ("
					+ this.settings.getIdleTimeout() + ") and the hub gave no reason.");
		}
		return String.join("; ", what) + "." + (advice.isEmpty() ? "" : " " + String.join(" ", advice));
	}

	static String describe(Map<String, Integer> counts) {
		return counts.entrySet()
			.stream()
			.map(entry -> entry.getKey() + ": " + entry.getValue())
			.collect(Collectors.joining(", "));
	}

	/** The hub's counters by reason, or null when no hub-metrics-url is set or they cannot be read. */
	Map<String, Map<String, Double>> readHubMetrics() {
		if (this.hubMetrics == null) {
			return null;
		}
		try {
			return this.hubMetrics.read();
		}
		catch (IOException | RuntimeException ex) {
			report("cannot read the hub's metrics from %s: %s", this.hubMetrics.uri(), ex);
			return null;
		}
	}

	static SocketChannel openChannel(InetSocketAddress address) {
		try {
			return connect(address);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("bench: cannot connect to " + address, ex);
		}
	}

	/** The loopback source address for the n-th idle connection, or null to let the system choose. */
	InetSocketAddress sourceAddress(int n) {
		int addresses = this.settings.getSourceAddresses();
		return (addresses == 1) ? null : new InetSocketAddress("127.0.0." + (1 + n % addresses), 0);
	}

	/** A blocking connect that gives up after a while: a listener whose backlog is full never answers. */
	static SocketChannel connect(InetSocketAddress address) throws IOException {
		return connectFrom(null, address);
	}

	static SocketChannel connectFrom(InetSocketAddress source, InetSocketAddress address) throws IOException {
		SocketChannel channel = SocketChannel.open();
		try {
			if (source != null) {
				channel.bind(source);
			}
			channel.socket().connect(address, CONNECT_TIMEOUT_MILLIS);
			return channel;
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	/** The hub's resident set size from /proc, or 0 when no pid was given or it cannot be read. */
	private long hubResidentBytes() {
		return Math.max(0, hubStatus("VmRSS:")) * 1024;
	}

	/**
	 * A number from the hub's /proc/&lt;pid&gt;/status (VmRSS in kB, Threads), or 0 when no pid was given, -1 when it
	 * cannot be read.
	 */
	private long hubStatus(String field) {
		if (this.settings.getHubPid() <= 0) {
			return 0;
		}
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(this.settings.getHubPid()), "status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			report("cannot read %s of the hub: %s", field, ex);
		}
		return -1;
	}

	private String target() {
		return target(this.receiverHub.getHostString() + ":" + this.receiverHub.getPort());
	}

	/** The senders' hub, and where the receivers connect if that is elsewhere: {@code host:port->receivers}. */
	private String target(String receivers) {
		String senders = this.settings.getHost() + ":" + this.settings.getPort();
		return senders.equals(receivers) ? senders : senders + "->" + receivers;
	}

	void report(String format, Object... args) {
		this.progress.println("bench: " + String.format(format, args));
	}

	static double seconds(long nanos) {
		return nanos / 1e9;
	}

	static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	static double millis(long micros) {
		return micros / 1000.0;
	}

	/** Reads the hub's thread count every few milliseconds on a thread of its own, keeping the highest. */
	private final class ThreadSampler {

		private final Thread thread;

		private volatile boolean running = true;

		private volatile long peak;

		ThreadSampler() {
			this.thread = new Thread(() -> {
				while (this.running) {
					this.peak = Math.max(this.peak, hubStatus("Threads:"));
					LockSupport.parkNanos(THREAD_SAMPLE_NANOS);
				}
			}, "bench-hub-threads");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		long peak() {
			return this.peak;
		}

		void stop() {
			this.running = false;
			try {
				this.thread.join(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** Connects tried by the connections scenario, and when to stop trying. */
	private static final class Attempts {

		private final int total;

		private final long giveUpAtNanos;

		int opened;

		int failures;

		private int failuresInARow;

		Attempts(int total, long giveUpAtNanos) {
			this.total = total;
			this.giveUpAtNanos = giveUpAtNanos;
		}

		void succeeded() {
			this.opened++;
			this.failuresInARow = 0;
		}

		void failed() {
			this.failures++;
			this.failuresInARow++;
		}

		/** Stops when all were tried, when the target keeps refusing, or when time is up. */
		boolean keepGoing() {
			return this.opened + this.failures < this.total && !gaveUp();
		}

		boolean gaveUp() {
			return this.opened + this.failures < this.total
					&& (this.failuresInARow >= GIVE_UP_AFTER_FAILURES || System.nanoTime() > this.giveUpAtNanos);
		}

	}

}
