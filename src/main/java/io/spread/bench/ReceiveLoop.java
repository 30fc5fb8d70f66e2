package io.spread.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.spread.codec.Framing;

/**
 * The load tool's receiving side: one thread and one selector read every receiving connection, so that thousands
 * of receivers cost no threads and the tool is not what limits the measurement. Each receiver tells the tool's own
 * frames apart from the hub's notices ({@link HubNotice}), and when the hub disconnects it, records the last notice
 * it got as the reason.
 */
final class ReceiveLoop implements Closeable {

	private final Selector selector;

	private final Framing framing;

	private final int senders;

	private final ReceiveStats stats;

	private final Queue<SocketChannel> joining = new ConcurrentLinkedQueue<>();

	private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);

	private final BenchFrame.Parsed parsed = new BenchFrame.Parsed();

	private final Thread thread;

	private volatile boolean running = true;

	ReceiveLoop(Framing framing, int senders, ReceiveStats stats) {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.framing = framing;
		this.senders = senders;
		this.stats = stats;
		this.thread = new Thread(this::run, "bench-receive");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Hands a connected channel to the loop, which reads it from now on. */
	void add(SocketChannel channel) {
		this.joining.add(channel);
		this.selector.wakeup();
	}

	private void run() {
		while (this.running) {
			try {
				this.selector.select(100);
				SocketChannel channel;
				while ((channel = this.joining.poll()) != null) {
					channel.configureBlocking(false);
					channel.register(this.selector, SelectionKey.OP_READ, new Receiver(this.framing, this.senders));
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					read(key);
				}
				this.selector.selectedKeys().clear();
			}
			catch (IOException | RuntimeException ex) {
				if (this.running) {
					System.err.println("bench: receive loop error: " + ex);
				}
			}
		}
	}

	private void read(SelectionKey key) {
		Receiver receiver = (Receiver) key.attachment();
		SocketChannel channel = (SocketChannel) key.channel();
		try {
			int n;
			while ((n = channel.read(this.readBuffer.clear())) > 0) {
				receiver.scanner.feed(this.readBuffer.array(), 0, n, receiver);
			}
			if (n < 0) {
				closeReceiver(key, ReceiveStats.EOF);
			}
		}
		catch (IOException ex) {
			closeReceiver(key, ReceiveStats.RESET);
		}
	}

	/** The hub ended the connection; the tool closes receivers only once the run is over, in {@link #close}. */
	private void closeReceiver(SelectionKey key, String withoutNotice) {
		key.cancel();
		Receiver receiver = (Receiver) key.attachment();
		receiver.startEpoch();
		if (!receiver.probed) {
			this.stats.closedUnprobed.incrementAndGet();
		}
		this.stats.disconnected((receiver.lastNotice != null) ? receiver.lastNotice : withoutNotice,
				receiver.dataFrames + receiver.hubDropped);
		try {
			key.channel().close();
		}
		catch (IOException ex) {
			// already gone
		}
	}

	@Override
	public void close() {
		this.running = false;
		try {
			this.thread.join(2000);
			for (SelectionKey key : this.selector.keys()) {
				key.channel().close();
			}
			this.selector.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** One receiving connection's state; used only on the loop thread. */
	private final class Receiver implements FrameScanner.Sink {

		final FrameScanner scanner;

		/** Highest sequence number seen from each sender. */
		final long[] lastSequence;

		boolean welcomed;

		boolean probed;

		/** Kind of the last notice from the hub, or null. */
		String lastNotice;

		/** The stats' epoch that {@link #dataFrames} and {@link #hubDropped} count in. */
		int epoch;

		/** Data frames received in the current epoch. */
		long dataFrames;

		/** Frames the hub said it dropped for this receiver in the current epoch. */
		long hubDropped;

		Receiver(Framing framing, int senders) {
			this.scanner = new FrameScanner(framing);
			this.lastSequence = new long[senders];
			Arrays.fill(this.lastSequence, -1);
		}

		@Override
		public void frame(byte[] bytes, int offset, int length) {
			ReceiveStats stats = ReceiveLoop.this.stats;
			byte kind = (length > 0) ? bytes[offset] : 0;
			if (kind == BenchFrame.DATA) {
				BenchFrame.Parsed frame = ReceiveLoop.this.parsed;
				if (!BenchFrame.parse(bytes, offset, length, frame) || frame.sender >= this.lastSequence.length) {
					stats.malformed.incrementAndGet();
					return;
				}
				long now = System.nanoTime();
				if (frame.sequence <= this.lastSequence[frame.sender]) {
					stats.outOfOrder.incrementAndGet();
				}
				this.lastSequence[frame.sender] = Math.max(this.lastSequence[frame.sender], frame.sequence);
				stats.recordLatency(now - frame.sendNanos);
				stats.lastDataNanos = now;
				stats.dataFrames.incrementAndGet();
				startEpoch();
				this.dataFrames++;
			}
			else if (kind == BenchFrame.PROBE && length == 1) {
				if (!this.probed) {
					this.probed = true;
					stats.probed.incrementAndGet();
				}
			}
			else if (kind == BenchFrame.WELCOME && !this.welcomed) {
				this.welcomed = true;
				stats.welcomed.incrementAndGet();
			}
			else if (kind == BenchFrame.ROUND) {
				stats.roundFrames.incrementAndGet();
			}
			else if (kind == BenchFrame.GREETING) {
				stats.greetingFrames.incrementAndGet();
			}
			else if (HubNotice.isNotice(bytes, offset, length)) {
				notice(bytes, offset, length);
			}
			// anything else (another client's frames, a custom welcome) is not the tool's
		}

		private void notice(byte[] bytes, int offset, int length) {
			ReceiveStats stats = ReceiveLoop.this.stats;
			String kind = HubNotice.kind(bytes, offset, length);
			this.lastNotice = kind;
			stats.notice(kind);
			if (kind.equals(HubNotice.DROPPED)) {
				long count = HubNotice.count(bytes, offset, length);
				if (count > 0) {
					startEpoch();
					this.hubDropped += count;
					stats.hubDropped.addAndGet(count);
				}
			}
		}

		/** Restarts this receiver's counts when the stats were reset (after a warm-up). */
		void startEpoch() {
			int current = ReceiveLoop.this.stats.epoch;
			if (this.epoch != current) {
				this.epoch = current;
				this.dataFrames = 0;
				this.hubDropped = 0;
			}
		}

	}

}
