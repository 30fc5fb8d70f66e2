package io.spread.codec;

/** How frames are delimited on the wire; chosen with {@code spread.tcp.framing}. */
public enum Framing {

	/** Payload then a line terminator; a {@code \r} before the {@code \n} is stripped on input. */
	LINE,

	/** A 4-byte unsigned big-endian length, then the payload. */
	LENGTH_PREFIXED,

	/** No framing: each chunk read is one frame. */
	RAW;

	public FrameCodec codec(int maxFrameSize, LineTerminator lineTerminator) {
		return switch (this) {
			case LINE -> new LineCodec(maxFrameSize, lineTerminator);
			case LENGTH_PREFIXED -> new LengthPrefixedCodec(maxFrameSize);
			case RAW -> new RawCodec(maxFrameSize, lineTerminator);
		};
	}

	/** The name users write in configuration, such as {@code length-prefixed}. */
	public String configName() {
		return name().toLowerCase().replace('_', '-');
	}

}
