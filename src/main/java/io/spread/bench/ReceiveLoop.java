package io.spread.bench;

import java.io.Closeable;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import io.spread.codec.Framing;

/**
 * The load tool's receiving side: one {@link SelectLoop} reads every receiving connection. Each receiver tells the
 * tool's own frames apart from the hub's notices ({@link HubNotice}), and when the hub disconnects it, records the
 * last notice it got as the reason.
 */
final class ReceiveLoop implements Closeable {

	private final SelectLoop loop = new SelectLoop("bench-receive");

	private final Framing framing;

	private final int senders;

	private final ReceiveStats stats;

	private final BenchFrame.Parsed parsed = new BenchFrame.Parsed();

	ReceiveLoop(Framing framing, int senders, ReceiveStats stats) {
		this.framing = framing;
		this.senders = senders;
		this.stats = stats;
	}

	/** Hands a connected channel to the loop, which reads it from now on. */
	void add(SocketChannel channel) {
		this.loop.add(channel, new Receiver(this.framing, this.senders));
	}

	/** Hands a connection to the loop, which reads it through its transport (TLS) from now on. */
	void add(SocketChannel channel, BenchTls.Connected connected) {
		this.loop.add(channel, connected.transport(), connected.early(), new Receiver(this.framing, this.senders));
	}

	@Override
	public void close() {
		this.loop.close();
	}

	/** One receiving connection's state; used only on the loop thread. */
	private final class Receiver implements SelectLoop.Reader {

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
		public FrameScanner scanner() {
			return this.scanner;
		}

		/** The hub ended the connection: the reason is the last notice it sent, if any. */
		@Override
		public void hungUp(String withoutNotice) {
			startEpoch();
			ReceiveStats stats = ReceiveLoop.this.stats;
			if (!this.probed) {
				stats.closedUnprobed.incrementAndGet();
			}
			stats.disconnected((this.lastNotice != null) ? this.lastNotice : withoutNotice,
					this.dataFrames + this.hubDropped);
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
