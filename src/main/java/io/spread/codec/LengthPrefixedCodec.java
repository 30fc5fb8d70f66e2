package io.spread.codec;


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
