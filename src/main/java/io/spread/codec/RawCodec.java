package io.spread.codec;

import java.io.IOException;
import java.io.InputStream;
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
	public Object deserialize(InputStream in) throws IOException {
		byte[] buffer = scratch(this.maxFrameSize);
		buffer[0] = (byte) readFirstByte(in);
		int length = 1;
		// read only what has arrived: a blocking read here would merge this chunk with the next one
		int available = Math.min(in.available(), this.maxFrameSize - 1);
		if (available > 0) {
			length += Math.max(in.read(buffer, 1, available), 0);
		}
		return Arrays.copyOf(buffer, length);
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
