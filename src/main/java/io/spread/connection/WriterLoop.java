package io.spread.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread with its own selector: it writes the queued frames of the connections assigned to it,
 * and parks a connection whose socket is full until the selector reports it writable, so a stalled peer
 * holds no thread. Several queued frames go out in one socket write.
 */
final class WriterLoop implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(WriterLoop.class);

	private static final int WRITE_CHUNK = 256 * 1024;

	private final Selector selector;

	private final ByteBuffer scratch = ByteBuffer.allocateDirect(WRITE_CHUNK);

	private final Lock readyLock = new ReentrantLock();

	// guarded by readyLock
	private ArrayDeque<HubConnection> ready = new ArrayDeque<>();

	// writer thread only: the other half of the double buffer
	private ArrayDeque<HubConnection> draining = new ArrayDeque<>();

	private final AtomicBoolean wakeupPending = new AtomicBoolean();

	private volatile boolean running = true;

	WriterLoop() {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open a selector for a writer", ex);
		}
	}

	/** Asks this loop to write the connection's queued frames; called by whoever queued them. */
	void schedule(HubConnection connection) {
		this.readyLock.lock();
		try {
			this.ready.add(connection);
		}
		finally {
			this.readyLock.unlock();
		}
		wakeup();
	}

	/** Wakes the loop, at most once per turn of it; also lets the selector release channels closed meanwhile. */
	void wakeup() {
		if (this.wakeupPending.compareAndSet(false, true)) {
			this.selector.wakeup();
		}
	}

	@Override
	public void run() {
		while (this.running) {
			try {
				this.selector.select();
				this.wakeupPending.set(false);
				for (SelectionKey key : this.selector.selectedKeys()) {
					try {
						key.interestOps(0);
					}
					catch (CancelledKeyException ex) {
						// the connection closed since the select: nothing to write
						continue;
					}
					flush((HubConnection) key.attachment());
				}
				this.selector.selectedKeys().clear();
				flushReady();
			}
			catch (ClosedSelectorException ex) {
				return;
			}
			catch (IOException | RuntimeException ex) {
				log.error("Writer loop error", ex);
			}
		}
	}

	void stop() {
		this.running = false;
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			log.debug("Closing a writer selector failed: {}", ex.toString());
		}
	}

	private void flushReady() {
		ArrayDeque<HubConnection> batch;
		this.readyLock.lock();
		try {
			batch = this.ready;
			this.ready = this.draining;
		}
		finally {
			this.readyLock.unlock();
		}
		this.draining = batch;
		HubConnection connection;
		while ((connection = batch.poll()) != null) {
			flush(connection);
		}
	}

	private void flush(HubConnection connection) {
		try {
			if (connection.flush(this.scratch)) {
				connection.awaitWritable(this.selector);
			}
		}
		catch (IOException | RuntimeException ex) {
			connection.writeFailed(ex);
		}
	}

}
