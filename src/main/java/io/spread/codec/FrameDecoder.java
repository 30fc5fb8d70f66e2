package io.spread.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * One connection's cumulating frame decoder for the hub, in the manner of Netty's: it is fed whatever each socket
 * read returned, emits every frame that is complete, and keeps a partial frame for the next read. Idle
 * connections hold no buffer.
 */
public final class FrameDecoder {

	/** A leftover buffer larger than this is dropped when empty, so idle connections hold little. */
	private static final int KEPT_BUFFER = 4 * 1024;

	private final FrameCodec codec;

	private final Framing framing;

	private final int maxFrameSize;

	private byte[] buffer;

	private int start;

	private int end;

	/** line: skipping the rest of an oversized line. */
	private boolean discarding;

	/** length-prefixed: a bad header was seen; nothing after it can be trusted. */
	private boolean broken;

	FrameDecoder(FrameCodec codec, Framing framing) {
		this.codec = codec;
		this.framing = framing;
		this.maxFrameSize = codec.maxFrameSize();
	}

	/**
	 * Takes the bytes of one read and adds every frame they complete to {@code frames}: each a {@code byte[]}
	 * payload or an {@link OversizedFrame}.
	 */
	public void decode(ByteBuffer input, List<Object> frames) {
		int length = input.remaining();
		ensureRoom(length);
		input.get(this.buffer, this.end, length);
		this.end += length;
		switch (this.framing) {
			case LINE -> extractLines(frames);
			case LENGTH_PREFIXED -> extractLengthPrefixed(frames);
			case RAW -> extractChunks(frames);
		}
		releaseIfEmpty();
	}

	/** True when bytes of an unfinished frame are waiting for the rest. */
	public boolean hasPartialFrame() {
		return this.end > this.start || this.discarding;
	}

	private void extractLines(List<Object> frames) {
		int newline;
		while ((newline = indexOfNewline()) >= 0) {
			int length = newline - this.start;
			if (length > 0 && this.buffer[newline - 1] == '\r') {
				length--;
			}
			if (this.discarding || length > this.maxFrameSize) {
				frames.add(this.codec.oversized(-1, false, this.buffer, this.start));
				this.discarding = false;
			}
			else {
				frames.add(Arrays.copyOfRange(this.buffer, this.start, this.start + length));
			}
			this.start = newline + 1;
		}
		// a line already longer than the limit (plus a possible '\r') is skipped up to its end
		if (this.end - this.start > this.maxFrameSize + 1) {
			this.discarding = true;
			this.start = this.end;
		}
	}

	private void extractLengthPrefixed(List<Object> frames) {
		while (!this.broken && this.end - this.start >= LengthPrefixedCodec.HEADER_SIZE) {
			long length = LengthPrefixedCodec.readLength(this.buffer, this.start);
			if (length > this.maxFrameSize) {
				frames.add(this.codec.oversized((int) Math.min(length, Integer.MAX_VALUE), true, this.buffer,
						this.start));
				this.broken = true;
			}
			else if (this.end - this.start >= LengthPrefixedCodec.HEADER_SIZE + length) {
				int payloadStart = this.start + LengthPrefixedCodec.HEADER_SIZE;
				frames.add(Arrays.copyOfRange(this.buffer, payloadStart, payloadStart + (int) length));
				this.start = payloadStart + (int) length;
			}
			else {
				break;
			}
		}
		if (this.broken) {
			this.start = this.end;
		}
	}

	private void extractChunks(List<Object> frames) {
		while (this.start < this.end) {
			int length = Math.min(this.end - this.start, this.maxFrameSize);
			frames.add(Arrays.copyOfRange(this.buffer, this.start, this.start + length));
			this.start += length;
		}
	}

	private int indexOfNewline() {
		for (int i = this.start; i < this.end; i++) {
			if (this.buffer[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

	private void ensureRoom(int wanted) {
		if (this.buffer == null) {
			this.buffer = new byte[Math.max(wanted, 256)];
			return;
		}
		if (this.start > 0) {
			System.arraycopy(this.buffer, this.start, this.buffer, 0, this.end - this.start);
			this.end -= this.start;
			this.start = 0;
		}
		if (this.buffer.length - this.end < wanted) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.end + wanted));
		}
	}

	private void releaseIfEmpty() {
		if (this.start == this.end) {
			this.start = 0;
			this.end = 0;
			if (this.buffer.length > KEPT_BUFFER) {
				this.buffer = null;
			}
		}
	}

}
