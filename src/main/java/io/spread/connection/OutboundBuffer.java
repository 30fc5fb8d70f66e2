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

	/** Frames in each chunk of the ring. */
	private int[] frameCounts = new int[0];

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

	int chunks() {
		return this.count;
	}

	void add(byte[] chunk, int frames) {
		if (this.count == this.ring.length) {
			grow();
		}
		int tail = (this.head + this.count) & (this.ring.length - 1);
		this.ring[tail] = chunk;
		this.frameCounts[tail] = frames;
		this.count++;
		this.bytes += chunk.length;
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
	 * @return how many frames that completed (a chunk's frames count when the whole chunk is written)
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
			completed += removeHead();
		}
		return completed;
	}

	/**
	 * Drops every chunk not yet started. A partly written head chunk stays, so that the peer still sees a
	 * well-formed stream.
	 * @return how many frames were dropped
	 */
	int dropUnstarted() {
		int keep = (this.count > 0 && this.headWritten > 0) ? 1 : 0;
		int dropped = 0;
		while (this.count > keep) {
			int last = (this.head + this.count - 1) & (this.ring.length - 1);
			this.bytes -= this.ring[last].length;
			dropped += this.frameCounts[last];
			this.ring[last] = null;
			this.count--;
		}
		return dropped;
	}

	/** Drops everything; returns how many frames were dropped. */
	int clear() {
		int dropped = 0;
		for (int i = 0; i < this.count; i++) {
			dropped += this.frameCounts[(this.head + i) & (this.ring.length - 1)];
		}
		this.ring = NONE;
		this.frameCounts = new int[0];
		this.head = 0;
		this.count = 0;
		this.headWritten = 0;
		this.bytes = 0;
		return dropped;
	}

	/** Removes the head chunk; returns how many frames it held. */
	private int removeHead() {
		int frames = this.frameCounts[this.head];
		this.ring[this.head] = null;
		this.head = (this.head + 1) & (this.ring.length - 1);
		this.count--;
		this.headWritten = 0;
		return frames;
	}

	private void grow() {
		int capacity = Math.max(4, this.ring.length * 2);
		byte[][] larger = new byte[capacity][];
		int[] largerCounts = new int[capacity];
		for (int i = 0; i < this.count; i++) {
			int index = (this.head + i) & (this.ring.length - 1);
			larger[i] = this.ring[index];
			largerCounts[i] = this.frameCounts[index];
		}
		this.ring = larger;
		this.frameCounts = largerCounts;
		this.head = 0;
	}

}
