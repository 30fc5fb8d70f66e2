package io.spread.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * One connection's frame decoder, in the manner of Netty's cumulating decoders: it is fed whatever each read
 * returned, emits every frame that read completed, and keeps only the unfinished part of the next one. This is the
 * one implementation of the framing rules; the hub feeds it socket reads, and {@link FrameCodec#deserialize} feeds
 * it a stream for client mode.
 * <p>
 * Memory: complete frames are copied straight out of the read; only a partial frame is kept, in an array that grows
 * with it (never past the frame's own size or the limit) and is let go as soon as the frame completes, so a
 * connection between frames holds nothing. Each byte is looked at once, however the frame is split.
 * Not thread-safe: one connection's reads are decoded one at a time.
 */
public final class FrameDecoder {

	private final FrameCodec codec;

	private final Framing framing;

	private final int maxFrameSize;

	/** The unfinished frame's bytes (line: the line so far; length-prefixed: the payload so far), or null. */
	private byte[] partial;

	private int partialLength;

	/** line: skipping the rest of an oversized line. */
	private boolean discarding;

	/** length-prefixed: header bytes of the next frame read so far, and their value. */
	private int headerRead;

	private long headerValue;

	/** length-prefixed: the payload length of the frame being read, or -1 between frames. */
	private int expected = -1;

	/** length-prefixed: a bad header was seen; nothing after it can be trusted. */
	private boolean broken;

	/** Grow a partial frame's array by an eighth instead of doubling it (memory is short). */
	private boolean frugal;

	/** line framing from clients that may be telnet: its commands are taken out first; otherwise null. */
	private final TelnetFilter telnet;

	FrameDecoder(FrameCodec codec, Framing framing, boolean stripTelnet) {
		this.codec = codec;
		this.framing = framing;
		this.maxFrameSize = codec.maxFrameSize();
		this.telnet = stripTelnet ? new TelnetFilter() : null;
	}

	/**
	 * Decodes the bytes between the buffer's position and limit, and consumes them. With telnet commands being
	 * taken out, the buffer's bytes may be changed in place.
	 */
	public void decode(ByteBuffer input, List<Frame> frames) {
		int length = input.remaining();
		if (input.hasArray()) {
			decode(input.array(), input.arrayOffset() + input.position(), length, frames);
		}
		else {
			byte[] copy = new byte[length];
			input.get(input.position(), copy);
			decode(copy, 0, length, frames);
		}
		input.position(input.limit());
	}

	/**
	 * Takes {@code length} bytes of the stream at {@code offset} and adds every frame they complete to
	 * {@code frames}: each a {@link Frame.Data} or an {@link OversizedFrame}. The bytes are not kept; with telnet
	 * commands being taken out they may be changed in place.
	 */
	public void decode(byte[] bytes, int offset, int length, List<Frame> frames) {
		int end = offset + ((this.telnet != null) ? this.telnet.filter(bytes, offset, length) : length);
		switch (this.framing) {
			case LINE -> decodeLines(bytes, offset, end, frames);
			case LENGTH_PREFIXED -> decodeLengthPrefixed(bytes, offset, end, frames);
			case RAW -> decodeChunks(bytes, offset, end, frames);
		}
	}

	/** True when bytes of an unfinished frame are waiting for the rest. */
	public boolean hasPartialFrame() {
		return this.partialLength > 0 || this.discarding || this.headerRead > 0 || this.expected >= 0
				|| (this.telnet != null && this.telnet.inCommand());
	}

	/** Bytes of heap this decoder holds for an unfinished frame. */
	public int retainedBytes() {
		return (this.partial != null) ? this.partial.length : 0;
	}

	/** While true, a partial frame's array grows by an eighth at a time rather than doubling. */
	public void growFrugally(boolean frugal) {
		this.frugal = frugal;
	}

	/** Lets go of any unfinished frame (the connection is closing). */
	public void release() {
		this.partial = null;
		this.partialLength = 0;
	}

	private void decodeLines(byte[] bytes, int offset, int end, List<Frame> frames) {
		int position = offset;
		while (position < end) {
			int newline = indexOfNewline(bytes, position, end);
			if (newline < 0) {
				keepPartialLine(bytes, position, end);
				return;
			}
			if (this.discarding) {
				this.discarding = false;
				frames.add(this.codec.oversized(-1, false));
			}
			else if (this.partial == null) {
				frames.add(lineFrame(bytes, position, newline - position));
			}
			else if ((long) this.partialLength + (newline - position) > this.maxFrameSize + 1L) {
				release();
				frames.add(this.codec.oversized(-1, false));
			}
			else {
				append(bytes, position, newline - position, this.maxFrameSize + 1);
				frames.add(lineFrame(this.partial, 0, this.partialLength));
				release();
			}
			position = newline + 1;
		}
	}

	/** The rest of a read holds no line end: keep it, or skip the line once it is over the limit. */
	private void keepPartialLine(byte[] bytes, int from, int end) {
		if (this.discarding) {
			return;
		}
		// one byte more than the limit may be a '\r' that is not part of the payload
		if ((long) this.partialLength + (end - from) > this.maxFrameSize + 1L) {
			release();
			this.discarding = true;
			return;
		}
		append(bytes, from, end - from, this.maxFrameSize + 1);
	}

	private Frame lineFrame(byte[] bytes, int from, int length) {
		if (length > 0 && bytes[from + length - 1] == '\r') {
			length--;
		}
		if (length > this.maxFrameSize) {
			return this.codec.oversized(-1, false);
		}
		return new Frame.Data(Arrays.copyOfRange(bytes, from, from + length));
	}

	private void decodeLengthPrefixed(byte[] bytes, int offset, int end, List<Frame> frames) {
		int position = offset;
		while (position < end && !this.broken) {
			if (this.expected < 0) {
				long length;
				if (this.headerRead == 0 && end - position >= LengthPrefixedCodec.HEADER_SIZE) {
					length = LengthPrefixedCodec.readLength(bytes, position);
					position += LengthPrefixedCodec.HEADER_SIZE;
				}
				else {
					this.headerValue = (this.headerValue << 8) | (bytes[position++] & 0xFF);
					if (++this.headerRead < LengthPrefixedCodec.HEADER_SIZE) {
						continue;
					}
					length = this.headerValue;
					this.headerRead = 0;
					this.headerValue = 0;
				}
				if (length > this.maxFrameSize) {
					frames.add(this.codec.oversized((int) Math.min(length, Integer.MAX_VALUE), true));
					this.broken = true;
					release();
					return;
				}
				if (end - position >= length) {
					frames.add(new Frame.Data(Arrays.copyOfRange(bytes, position, position + (int) length)));
					position += (int) length;
					continue;
				}
				this.expected = (int) length;
			}
			int take = Math.min(this.expected - this.partialLength, end - position);
			append(bytes, position, take, this.expected);
			position += take;
			if (this.partialLength == this.expected) {
				byte[] payload = (this.partial.length == this.expected) ? this.partial
						: Arrays.copyOf(this.partial, this.expected);
				frames.add(new Frame.Data(payload));
				release();
				this.expected = -1;
			}
		}
	}

	private void decodeChunks(byte[] bytes, int offset, int end, List<Frame> frames) {
		for (int position = offset; position < end; position += this.maxFrameSize) {
			int length = Math.min(end - position, this.maxFrameSize);
			frames.add(new Frame.Data(Arrays.copyOfRange(bytes, position, position + length)));
		}
	}

	/** Adds bytes to the partial frame, growing its array by doubling but never past {@code cap}. */
	private void append(byte[] bytes, int from, int length, int cap) {
		int needed = this.partialLength + length;
		if (this.partial == null) {
			this.partial = new byte[Math.min(cap, Math.max(needed, 64))];
		}
		else if (this.partial.length < needed) {
			long larger = this.frugal ? this.partial.length + (this.partial.length >> 3) : 2L * this.partial.length;
			int grown = (int) Math.min(cap, Math.max(needed, larger));
			this.partial = Arrays.copyOf(this.partial, grown);
		}
		System.arraycopy(bytes, from, this.partial, this.partialLength, length);
		this.partialLength = needed;
	}

	private static int indexOfNewline(byte[] bytes, int from, int end) {
		for (int i = from; i < end; i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

}
