package io.spread.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code raw} framing, the original Twisted behaviour: whatever one read returns (at most the frame limit) is
 * one frame and goes out unchanged. Server notices are text lines, so they get a line terminator.
 */
public final class RawCodec extends FrameCodec {

	private final byte[] noticeTerminator;

	RawCodec(int maxFrameSize, LineTerminator noticeTerminator) {
		super(Framing.RAW, maxFrameSize);
		this.noticeTerminator = noticeTerminator.bytes();
	}

	@Override
	public int overhead() {
		return 0;
	}

	@Override
	protected int encodeInto(byte[] payload, byte[] target, int offset) {
		System.arraycopy(payload, 0, target, offset, payload.length);
		return offset + payload.length;
	}

	@Override
	public byte[] encodeNotice(String text) {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		byte[] line = Arrays.copyOf(body, body.length + this.noticeTerminator.length);
		System.arraycopy(this.noticeTerminator, 0, line, body.length, this.noticeTerminator.length);
		return line;
	}

}
