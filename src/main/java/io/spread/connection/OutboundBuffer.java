package io.spread.connection;

import java.nio.ByteBuffer;

/**
 * The frames queued for one connection, oldest first, as a ring that grows on demand (an idle connection holds
 * no array). Frames are shared, already-encoded byte arrays; the buffer only tracks how far the oldest one has
 * been written. Not thread-safe: its {@link HubConnection} guards it.
 */
final class OutboundBuffer {

	private static final byte[][] NONE = new byte[0][];

	private byte[][] ring = NONE;

	private int head;

	private int count;

	/** Bytes of the head frame already written to the socket. */
	private int headWritten;

	/** Bytes queued and not yet written. */
	private long bytes;

	boolean isEmpty() {
		return this.count == 0;
	}

	long bytes() {
		return this.bytes;
	}

	int frames() {
		return this.count;
	}

	void add(byte[] frame) {
		if (this.count == this.ring.length) {
			grow();
		}
		this.ring[(this.head + this.count) & (this.ring.length - 1)] = frame;
		this.count++;
		this.bytes += frame.length;
	}

	/** Copies unwritten bytes, oldest first, into {@code target} until it is full or nothing is left. */
	void copyTo(ByteBuffer target) {
		int offset = this.headWritten;
		for (int i = 0; i < this.count && target.hasRemaining(); i++) {
			byte[] frame = this.ring[(this.head + i) & (this.ring.length - 1)];
			int length = Math.min(frame.length - offset, target.remaining());
			target.put(frame, offset, length);
			offset = 0;
		}
	}

	/**
	 * Marks {@code written} bytes, oldest first, as written.
	 * @return how many frames that completed
	 */
	int consume(int written) {
		int completed = 0;
		int left = written;
		this.bytes -= written;
		while (left > 0) {
			byte[] frame = this.ring[this.head];
			int rest = frame.length - this.headWritten;
			if (left < rest) {
				this.headWritten += left;
				break;
			}
			left -= rest;
			removeHead();
			completed++;
		}
		return completed;
	}

	/**
	 * Drops every frame not yet started. A partly written head frame stays, so that the peer still sees a
	 * well-formed stream.
	 * @return how many frames were dropped
	 */
	int dropUnstarted() {
		int keep = (this.count > 0 && this.headWritten > 0) ? 1 : 0;
		int dropped = this.count - keep;
		while (this.count > keep) {
			int last = (this.head + this.count - 1) & (this.ring.length - 1);
			this.bytes -= this.ring[last].length;
			this.ring[last] = null;
			this.count--;
		}
		return dropped;
	}

	/** Drops everything; returns how many frames were dropped. */
	int clear() {
		int dropped = this.count;
		this.ring = NONE;
		this.head = 0;
		this.count = 0;
		this.headWritten = 0;
		this.bytes = 0;
		return dropped;
	}

	private void removeHead() {
		this.ring[this.head] = null;
		this.head = (this.head + 1) & (this.ring.length - 1);
		this.count--;
		this.headWritten = 0;
	}

	private void grow() {
		byte[][] larger = new byte[Math.max(4, this.ring.length * 2)][];
		for (int i = 0; i < this.count; i++) {
			larger[i] = this.ring[(this.head + i) & (this.ring.length - 1)];
		}
		this.ring = larger;
		this.head = 0;
	}

}
