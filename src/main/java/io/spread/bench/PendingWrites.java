package io.spread.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes to many non-blocking connections from one thread without waiting on any one of them: what a connection's
 * socket does not take at once is kept and retried, so that one client the hub does not read (a hub that is
 * throttling it, or one that hangs) cannot stall the others. Used by the connections scenario's greetings and rounds.
 */
final class PendingWrites {

	private final List<Pending> pending = new ArrayList<>();

	/** Writes finished. */
	private int completed;

	/** Writes that failed: the connection was closed or reset. */
	private int failed;

	/** Starts writing {@code bytes} (not copied, not changed) to a non-blocking channel. */
	void write(SocketChannel channel, byte[] bytes) {
		Pending write = new Pending(channel, ByteBuffer.wrap(bytes));
		if (!write.advance()) {
			this.pending.add(write);
		}
	}

	/** One pass over the unfinished writes; returns whether any of them moved on. */
	boolean retry() {
		boolean progress = false;
		for (Iterator<Pending> it = this.pending.iterator(); it.hasNext();) {
			Pending write = it.next();
			int before = write.data.remaining();
			boolean done = write.advance();
			progress |= done || write.data.remaining() < before;
			if (done) {
				it.remove();
			}
		}
		return progress;
	}

	/**
	 * Retries until every write is finished or none has moved on for {@code idle}.
	 * @return whether every write is finished (or failed)
	 */
	boolean finish(Duration idle) {
		long lastProgress = System.nanoTime();
		while (!this.pending.isEmpty()) {
			if (retry()) {
				lastProgress = System.nanoTime();
			}
			else if (System.nanoTime() - lastProgress > idle.toNanos()) {
				return false;
			}
			else {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
		}
		return true;
	}

	int completed() {
		return this.completed;
	}

	int failed() {
		return this.failed;
	}

	/** Writes neither finished nor failed. */
	int unfinished() {
		return this.pending.size();
	}

	private final class Pending {

		final SocketChannel channel;

		final ByteBuffer data;

		Pending(SocketChannel channel, ByteBuffer data) {
			this.channel = channel;
			this.data = data;
		}

		/** Writes what the socket takes now; returns true once the write is over (finished or failed). */
		boolean advance() {
			try {
				while (this.data.hasRemaining() && this.channel.write(this.data) > 0) {
					// the socket took some; offer it the rest
				}
			}
			catch (IOException ex) {
				PendingWrites.this.failed++;
				return true;
			}
			if (this.data.hasRemaining()) {
				return false;
			}
			PendingWrites.this.completed++;
			return true;
		}

	}

}
