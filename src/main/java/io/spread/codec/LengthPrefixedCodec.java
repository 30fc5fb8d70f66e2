package io.spread.codec;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code length-prefixed} framing: a 4-byte unsigned big-endian length, then that many payload bytes. A length
 * over the limit leaves the rest of the stream untrustworthy, so it is read as an {@link OversizedFrame} that
 * asks for the connection to be closed.
 */
public final class LengthPrefixedCodec extends FrameCodec {

	static final int HEADER_SIZE = 4;

	LengthPrefixedCodec(int maxFrameSize) {
		super(Framing.LENGTH_PREFIXED, maxFrameSize);
	}

	/** The unsigned length in the header at {@code offset}. */
	static long readLength(byte[] bytes, int offset) {
		long length = 0;
		for (int i = 0; i < HEADER_SIZE; i++) {
			length = (length << 8) | (bytes[offset + i] & 0xFF);
		}
		return length;
	}

	@Override
	public Object deserialize(InputStream in) throws IOException {
		long length = readFirstByte(in);
		for (int i = 1; i < HEADER_SIZE; i++) {
			length = (length << 8) | readNextByte(in);
		}
		if (length > this.maxFrameSize) {
			return oversized((int) Math.min(length, Integer.MAX_VALUE), true, new byte[0], 0);
		}
		byte[] payload = new byte[(int) length];
		int read = 0;
		while (read < payload.length) {
			int n = in.read(payload, read, payload.length - read);
			if (n < 0) {
				throw endOfStream(true);
			}
			read += n;
		}
		return payload;
	}

	@Override
	public int overhead() {
		return HEADER_SIZE;
	}

	@Override
	protected int encodeInto(byte[] payload, byte[] target, int offset) {
		int length = payload.length;
		target[offset] = (byte) (length >>> 24);
		target[offset + 1] = (byte) (length >>> 16);
		target[offset + 2] = (byte) (length >>> 8);
		target[offset + 3] = (byte) length;
		System.arraycopy(payload, 0, target, offset + HEADER_SIZE, length);
		return offset + HEADER_SIZE + length;
	}

}
