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
 * of receivers cost no threads and the tool is not what limits the measurement.
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
				closeReceiver(key);
			}
		}
		catch (IOException ex) {
			closeReceiver(key);
		}
	}

	private void closeReceiver(SelectionKey key) {
		key.cancel();
		this.stats.closed.incrementAndGet();
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
			// anything else (server notices) is not the tool's
		}

	}

}
