package io.spread.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * {@code length-prefixed} framing: a 4-byte unsigned big-endian length, then that many payload bytes. On the hub, a
 * length over the limit leaves the rest of the stream untrustworthy, so it is read as an {@link OversizedFrame}
 * that asks for the connection to be closed. In client mode the frames come from a hub, whose limit may be higher
 * than the client's: a frame over the client's limit that a hub can send is skipped and the stream read on (see
 * {@link #deserialize(InputStream)}).
 */
public final class LengthPrefixedCodec extends FrameCodec {

	public static final int HEADER_SIZE = 4;

	/**
	 * The longest frame a hub sends: the top of {@code spread.tcp.max-frame-size}'s range (256 MB). A longer length
	 * is not a hub's frame (the start of a {@code line}-framed greeting reads as 512 MB or more).
	 */
	static final long LARGEST_HUB_FRAME = 256L * 1024 * 1024;

	/** Bytes read at a time while an oversized payload is skipped. */
	private static final int SKIP_BUFFER_SIZE = 8 * 1024;

	LengthPrefixedCodec(int maxFrameSize) {
		super(Framing.LENGTH_PREFIXED, maxFrameSize);
	}

	/**
	 * Client mode: reads the next frame from a blocking stream, as {@link FrameCodec#deserialize(InputStream)} does,
	 * except for a frame over the limit. One no longer than {@link #LARGEST_HUB_FRAME} has its payload read and
	 * dropped at most 8 KB at a time, and comes out as an {@link OversizedFrame} after which the stream can be
	 * read on; a longer one comes out, as on the hub, as an {@link OversizedFrame} with an unusable stream, and
	 * nothing after its header is read.
	 * @throws SoftEndOfStreamException when the peer closed the stream
	 */
	@Override
	public Frame deserialize(InputStream in) throws IOException {
		byte[] header = readHeader(in);
		FrameDecoder decoder = newDecoder();
		List<Frame> frames = new ArrayList<>(1);
		decoder.decode(header, 0, HEADER_SIZE, frames);
		if (frames.isEmpty()) {
			return deserialize(decoder, in);
		}
		long length = readLength(header, 0);
		if (frames.get(0) instanceof OversizedFrame oversized && length <= LARGEST_HUB_FRAME) {
			skip(in, length);
			return new OversizedFrame(oversized.limit(), false);
		}
		return frames.get(0);
	}

	/** The unsigned length in the header at {@code offset}. */
	public static long readLength(byte[] bytes, int offset) {
		long length = 0;
		for (int i = 0; i < HEADER_SIZE; i++) {
			length = (length << 8) | (bytes[offset + i] & 0xFF);
		}
		return length;
	}

	/** The next frame's header, all of it, or the end of the stream. */
	private static byte[] readHeader(InputStream in) throws IOException {
		byte[] header = new byte[HEADER_SIZE];
		int read = in.readNBytes(header, 0, HEADER_SIZE);
		if (read < HEADER_SIZE) {
			throw endOfStream(read > 0);
		}
		return header;
	}

	/** Reads and drops {@code length} bytes, holding no more than a small buffer of them. */
	private static void skip(InputStream in, long length) throws IOException {
		byte[] buffer = new byte[(int) Math.min(length, SKIP_BUFFER_SIZE)];
		long left = length;
		while (left > 0) {
			int read = in.read(buffer, 0, (int) Math.min(left, buffer.length));
			if (read < 0) {
				throw endOfStream(true);
			}
			left -= read;
		}
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
