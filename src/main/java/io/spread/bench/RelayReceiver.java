package io.spread.bench;

import java.util.Arrays;

/**
 * One receiver of the relay scenarios, as it reads the frames the hub relays to it, whatever carries them (a TCP
 * connection cut into frames by a {@link FrameScanner}, or a WebSocket whose every message is one frame). It tells
 * the tool's own frames ({@link BenchFrame}) apart from the hub's notices ({@link HubNotice}), checks each sender's
 * sequence, records each data frame's one-way latency, and when the hub disconnects it, records the last notice it
 * got as the reason. All of it counts into the run's {@link ReceiveStats}.
 * <p>
 * Used by one thread at a time: the one reading its connection (listener calls of one WebSocket are sequential).
 */
final class RelayReceiver implements FrameScanner.Sink {

	private final ReceiveStats stats;

	private final BenchFrame.Parsed parsed = new BenchFrame.Parsed();

	/** Highest sequence number seen from each sender. */
	private final long[] lastSequence;

	private boolean welcomed;

	private boolean probed;

	/** Kind of the last notice from the hub, or null. */
	private String lastNotice;

	/** The stats' epoch that {@link #dataFrames} and {@link #hubDropped} count in. */
	private int epoch;

	/** Data frames received in the current epoch. */
	private long dataFrames;

	/** Frames the hub said it dropped for this receiver in the current epoch. */
	private long hubDropped;

	RelayReceiver(int senders, ReceiveStats stats) {
		this.stats = stats;
		this.lastSequence = new long[senders];
		Arrays.fill(this.lastSequence, -1);
	}

	/** One frame's payload, without its framing. */
	@Override
	public void frame(byte[] bytes, int offset, int length) {
		ReceiveStats stats = this.stats;
		byte kind = (length > 0) ? bytes[offset] : 0;
		if (kind == BenchFrame.DATA) {
			BenchFrame.Parsed frame = this.parsed;
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

	/**
	 * The hub ended the connection: the reason is the last notice it sent, if any.
	 * @param withoutNotice the reason if it sent none, {@link ReceiveStats#EOF} or {@link ReceiveStats#RESET}
	 */
	void hungUp(String withoutNotice) {
		startEpoch();
		if (!this.probed) {
			this.stats.closedUnprobed.incrementAndGet();
		}
		this.stats.disconnected((this.lastNotice != null) ? this.lastNotice : withoutNotice,
				this.dataFrames + this.hubDropped);
	}

	private void notice(byte[] bytes, int offset, int length) {
		String kind = HubNotice.kind(bytes, offset, length);
		this.lastNotice = kind;
		this.stats.notice(kind);
		if (kind.equals(HubNotice.DROPPED)) {
			long count = HubNotice.count(bytes, offset, length);
			if (count > 0) {
				startEpoch();
				this.hubDropped += count;
				this.stats.hubDropped.addAndGet(count);
			}
		}
	}

	/** Restarts this receiver's counts when the stats were reset (after a warm-up). */
	private void startEpoch() {
		int current = this.stats.epoch;
		if (this.epoch != current) {
			this.epoch = current;
			this.dataFrames = 0;
			this.hubDropped = 0;
		}
	}

}
