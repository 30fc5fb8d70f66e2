package io.spread.codec;

/**
 * {@code line} framing: payload then {@code \n}; a {@code \r} right before the {@code \n} is not part of the
 * payload. A line over the limit is skipped up to its terminator and read as an {@link OversizedFrame}, so the
 * connection carries on with the next line.
 */
public final class LineCodec extends FrameCodec {

	private final byte[] terminator;

	LineCodec(int maxFrameSize, LineTerminator terminator) {
		super(Framing.LINE, maxFrameSize);
		this.terminator = terminator.bytes();
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
