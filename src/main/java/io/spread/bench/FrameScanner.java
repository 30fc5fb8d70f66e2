package io.spread.bench;

import java.util.Arrays;

import io.spread.codec.Framing;

/**
 * Cuts one connection's inbound bytes into frames, whatever the chunking. {@code line} and {@code raw} streams
 * are cut at {@code \n} (a {@code \r} before it dropped); {@code length-prefixed} ones by their headers.
 * <p>
 * Deliberately independent of the hub's decoder in {@code io.spread.codec} (only the {@link Framing} names are
 * shared): the load tool reads the wire with its own parser, so that a run is also a cross-check of what the hub
 * writes. Keep it that way; do not replace it with the hub's codec.
 */
final class FrameScanner {

	interface Sink {

		void frame(byte[] bytes, int offset, int length);

	}

	private final boolean lengthPrefixed;

	private byte[] partial = new byte[256];

	private int partialLength;

	/** For length-prefixed: the payload length being read, or -1 while reading a header. */
	private int expected = -1;

	FrameScanner(Framing framing) {
		this.lengthPrefixed = framing == Framing.LENGTH_PREFIXED;
	}

	void feed(byte[] data, int offset, int length, Sink sink) {
		if (this.lengthPrefixed) {
			feedLengthPrefixed(data, offset, length, sink);
		}
		else {
			feedLines(data, offset, length, sink);
		}
	}

	private void feedLines(byte[] data, int offset, int length, Sink sink) {
		int end = offset + length;
		int start = offset;
		for (int i = offset; i < end; i++) {
			if (data[i] == '\n') {
				if (this.partialLength > 0) {
					append(data, start, i - start);
					emitLine(this.partial, 0, this.partialLength, sink);
					this.partialLength = 0;
				}
				else {
					emitLine(data, start, i - start, sink);
				}
				start = i + 1;
			}
		}
		append(data, start, end - start);
	}

	private static void emitLine(byte[] bytes, int offset, int length, Sink sink) {
		boolean carriageReturn = length > 0 && bytes[offset + length - 1] == '\r';
		sink.frame(bytes, offset, carriageReturn ? length - 1 : length);
	}

	private void feedLengthPrefixed(byte[] data, int offset, int length, Sink sink) {
		int i = offset;
		int end = offset + length;
		while (i < end) {
			int needed = (this.expected < 0) ? 4 : this.expected;
			if (this.partialLength == 0 && end - i >= needed) {
				// the whole header or payload is in this chunk: no copy
				if (this.expected < 0) {
					this.expected = readInt(data, i);
				}
				else {
					sink.frame(data, i, needed);
					this.expected = -1;
				}
				i += needed;
				continue;
			}
			int take = Math.min(needed - this.partialLength, end - i);
			append(data, i, take);
			i += take;
			if (this.partialLength == needed) {
				if (this.expected < 0) {
					this.expected = readInt(this.partial, 0);
				}
				else {
					sink.frame(this.partial, 0, needed);
					this.expected = -1;
				}
				this.partialLength = 0;
			}
		}
	}

	private void append(byte[] data, int offset, int length) {
		if (this.partialLength + length > this.partial.length) {
			this.partial = Arrays.copyOf(this.partial, Math.max(this.partial.length * 2, this.partialLength + length));
		}
		System.arraycopy(data, offset, this.partial, this.partialLength, length);
		this.partialLength += length;
	}

	private static int readInt(byte[] bytes, int offset) {
		return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16) | ((bytes[offset + 2] & 0xFF) << 8)
				| (bytes[offset + 3] & 0xFF);
	}

}
