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
		super(maxFrameSize);
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
				throw endInsideFrame();
			}
			read += n;
		}
		return payload;
	}

	@Override
	public byte[] encode(byte[] payload) {
		int length = payload.length;
		byte[] frame = new byte[HEADER_SIZE + length];
		frame[0] = (byte) (length >>> 24);
		frame[1] = (byte) (length >>> 16);
		frame[2] = (byte) (length >>> 8);
		frame[3] = (byte) length;
		System.arraycopy(payload, 0, frame, HEADER_SIZE, length);
		return frame;
	}

}
