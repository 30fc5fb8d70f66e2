package io.spread.connection;

import java.nio.ByteBuffer;

/**
 * The chunks queued for one connection, oldest first, as a ring that grows on demand (an idle connection holds
 * no array). Chunks are shared and never modified; the buffer only tracks how far the oldest one has been written,
 * and releases each chunk once it is written or dropped. Not thread-safe: its {@link HubConnection} guards it.
 */
final class OutboundBuffer {

	private static final Chunk[] NONE = new Chunk[0];

	private Chunk[] ring = NONE;

	private int head;

	private int count;

	/** Bytes of the head chunk already written to the socket. */
	private int headWritten;

	/** Bytes queued and not yet written. */
	private long bytes;

	/**
	 * Chunks, from the head, that the last {@link #copyTo} copied and whose write has not been consumed yet: their
	 * bytes may be on their way to the socket, so they must not be dropped.
	 */
	private int inFlight;

	boolean isEmpty() {
		return this.count == 0;
	}

	long bytes() {
		return this.bytes;
	}

	int chunks() {
		return this.count;
	}

	void add(Chunk chunk) {
		if (this.count == this.ring.length) {
			grow();
		}
		this.ring[(this.head + this.count) & (this.ring.length - 1)] = chunk;
		this.count++;
		this.bytes += chunk.bytes().length;
	}

	/**
	 * Copies unwritten bytes, oldest first, into {@code target} until it is full or nothing is left. The chunks
	 * copied count as in flight until the next {@link #consume}: they are kept by {@link #dropUnstarted}.
	 */
	void copyTo(ByteBuffer target) {
		int offset = this.headWritten;
		int copied = 0;
		for (int i = 0; i < this.count && target.hasRemaining(); i++) {
			byte[] chunk = this.ring[(this.head + i) & (this.ring.length - 1)].bytes();
			int length = Math.min(chunk.length - offset, target.remaining());
			target.put(chunk, offset, length);
			offset = 0;
			copied++;
		}
		this.inFlight = copied;
	}

	/** The bytes of the oldest chunk, or null when nothing is queued; for a writer that sends one frame at a time. */
	byte[] head() {
		return (this.count == 0) ? null : this.ring[this.head].bytes();
	}

	/** Bytes of the oldest chunk already written. */
	int headWritten() {
		return this.headWritten;
	}

	/**
	 * Marks the oldest chunk as being written, as {@link #copyTo} does for what it copies: it is kept by
	 * {@link #dropUnstarted} until the next {@link #consume}.
	 */
	void holdHead() {
		this.inFlight = 1;
	}

	/**
	 * Marks {@code written} bytes, oldest first, as written, and ends the in-flight state of the last copy. Bytes
	 * beyond what is queued (the buffer was cleared while they were on their way) are ignored.
	 * @return how many frames that completed (a chunk's frames count when the whole chunk is written)
	 */
	int consume(int written) {
		this.inFlight = 0;
		int completed = 0;
		int left = written;
		while (left > 0 && this.count > 0) {
			int rest = this.ring[this.head].bytes().length - this.headWritten;
			if (left < rest) {
				this.headWritten += left;
				this.bytes -= left;
				break;
			}
			left -= rest;
			this.bytes -= rest;
			completed += removeHead();
		}
		return completed;
	}

	/**
	 * Drops every chunk not yet started. A partly written head chunk stays, and so do chunks whose bytes are being
	 * written right now, so that the peer still sees a well-formed stream.
	 * @return how many frames were dropped
	 */
	int dropUnstarted() {
		int keep = Math.max(this.inFlight, (this.count > 0 && this.headWritten > 0) ? 1 : 0);
		int dropped = 0;
		while (this.count > keep) {
			int last = (this.head + this.count - 1) & (this.ring.length - 1);
			Chunk chunk = this.ring[last];
			this.bytes -= chunk.bytes().length;
			dropped += chunk.frames();
			chunk.release();
			this.ring[last] = null;
			this.count--;
		}
		return dropped;
	}

	/** Drops everything and lets go of the ring; returns how many frames were dropped. */
	int clear() {
		int dropped = 0;
		for (int i = 0; i < this.count; i++) {
			Chunk chunk = this.ring[(this.head + i) & (this.ring.length - 1)];
			dropped += chunk.frames();
			chunk.release();
		}
		this.ring = NONE;
		this.head = 0;
		this.count = 0;
		this.headWritten = 0;
		this.bytes = 0;
		this.inFlight = 0;
		return dropped;
	}

	/** Removes and releases the head chunk; returns how many frames it held. */
	private int removeHead() {
		Chunk chunk = this.ring[this.head];
		chunk.release();
		this.ring[this.head] = null;
		this.head = (this.head + 1) & (this.ring.length - 1);
		this.count--;
		this.headWritten = 0;
		if (this.count == 0 && this.ring.length > 16) {
			// a burst is over: let the large ring go
			this.ring = NONE;
			this.head = 0;
		}
		return chunk.frames();
	}

	private void grow() {
		int capacity = Math.max(4, this.ring.length * 2);
		Chunk[] larger = new Chunk[capacity];
		for (int i = 0; i < this.count; i++) {
			larger[i] = this.ring[(this.head + i) & (this.ring.length - 1)];
		}
		this.ring = larger;
		this.head = 0;
	}

}
