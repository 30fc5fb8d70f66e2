package io.spread.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * {@code line} framing: payload then {@code \n}; a {@code \r} right before the {@code \n} is not part of the
 * payload. A line over the limit is skipped up to its terminator and read as an {@link OversizedFrame}, so the
 * connection carries on with the next line.
 */
public final class LineCodec extends FrameCodec {

	private static final int INITIAL_SCRATCH = 1024;

	private final byte[] terminator;

	LineCodec(int maxFrameSize, LineTerminator terminator) {
		super(Framing.LINE, maxFrameSize);
		this.terminator = terminator.bytes();
	}

	@Override
	public Object deserialize(InputStream in) throws IOException {
		// one byte more than the limit, for a '\r' that is not part of the payload
		int capacity = this.maxFrameSize + 1;
		byte[] buffer = scratch(Math.min(capacity, INITIAL_SCRATCH));
		int length = 0;
		boolean tooLong = false;
		int b = readFirstByte(in);
		while (b != '\n') {
			if (length == buffer.length && length < capacity) {
				byte[] larger = scratch(Math.min(capacity, buffer.length * 2));
				System.arraycopy(buffer, 0, larger, 0, length);
				buffer = larger;
			}
			if (length < capacity) {
				buffer[length++] = (byte) b;
			}
			else {
				tooLong = true;
			}
			b = readNextByte(in);
		}
		if (length > 0 && buffer[length - 1] == '\r') {
			length--;
		}
		if (tooLong || length > this.maxFrameSize) {
			return oversized(-1, false, buffer, 0);
		}
		return Arrays.copyOf(buffer, length);
	}

	@Override
	public int overhead() {
		return this.terminator.length;
	}

	@Override
	protected int encodeInto(byte[] payload, byte[] target, int offset) {
		System.arraycopy(payload, 0, target, offset, payload.length);
		System.arraycopy(this.terminator, 0, target, offset + payload.length, this.terminator.length);
		return offset + payload.length + this.terminator.length;
	}

}
