package io.spread.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.spread.codec.Framing;

/**
 * The load tool's frames. A payload is ASCII, so it is valid in every framing:
 * {@code B<sender>:<sequence>:<sendNanos>:} padded with {@code x} to the frame size. A probe is {@code P}.
 * In {@code raw} framing the tool ends each payload with {@code \n} so receivers can cut the stream.
 */
final class BenchFrame {

	static final byte DATA = 'B';

	static final byte PROBE = 'P';

	static final byte WELCOME = 'W';

	/** First byte of a connection's greeting (connections scenario): {@code G} padded with {@code g}. */
	static final byte GREETING = 'G';

	/** First byte of a round frame (connections scenario): {@code R<round>}. */
	static final byte ROUND = 'R';

	private static final byte PAD = 'x';

	private BenchFrame() {
	}

	/** Bytes one frame with {@code payloadSize} payload bytes takes on the wire. */
	static int wireSize(Framing framing, int payloadSize) {
		return (framing == Framing.LENGTH_PREFIXED) ? payloadSize + 4 : payloadSize + 1;
	}

	/** Writes one data frame; the caller makes sure {@link #wireSize} bytes fit. */
	static void putData(ByteBuffer out, Framing framing, int payloadSize, int sender, long sequence, long sendNanos) {
		int lengthAt = out.position();
		if (framing == Framing.LENGTH_PREFIXED) {
			out.putInt(payloadSize);
		}
		int start = out.position();
		putPayload(out, payloadSize, sender, sequence, sendNanos);
		int written = out.position() - start;
		if (framing == Framing.LENGTH_PREFIXED) {
			out.putInt(lengthAt, written);
		}
		else {
			out.put((byte) '\n');
		}
	}

	/**
	 * Writes a data payload without any framing, {@code B<sender>:<sequence>:<sendNanos>:} padded with {@code x} to
	 * {@code payloadSize} bytes (longer if the numbers do not fit): the frame of the relay scenarios, and the payload
	 * of a gateway {@code PUB}.
	 */
	static void putPayload(ByteBuffer out, int payloadSize, int sender, long sequence, long sendNanos) {
		int start = out.position();
		out.put(DATA);
		putDecimal(out, sender);
		out.put((byte) ':');
		putDecimal(out, sequence);
		out.put((byte) ':');
		putDecimal(out, sendNanos);
		out.put((byte) ':');
		while (out.position() - start < payloadSize) {
			out.put(PAD);
		}
	}

	static void putProbe(ByteBuffer out, Framing framing) {
		if (framing == Framing.LENGTH_PREFIXED) {
			out.putInt(1);
			out.put(PROBE);
		}
		else {
			out.put(PROBE).put((byte) '\n');
		}
	}

	/**
	 * A greeting of {@code size} payload bytes as it goes on the wire. A complete one is a whole frame; a partial
	 * one leaves the receiver holding an unfinished frame: in line (and raw) framing the payload without its
	 * terminator, in length-prefixed framing a header announcing {@code size + 1} bytes followed by {@code size}.
	 */
	static byte[] greeting(Framing framing, int size, boolean partial) {
		boolean lengthPrefixed = framing == Framing.LENGTH_PREFIXED;
		ByteBuffer out = ByteBuffer.allocate(size + (lengthPrefixed ? 4 : 1));
		if (lengthPrefixed) {
			out.putInt(partial ? size + 1 : size);
		}
		if (size > 0) {
			out.put(GREETING);
		}
		while (out.position() < out.capacity() - (lengthPrefixed ? 0 : 1)) {
			out.put((byte) 'g');
		}
		if (!lengthPrefixed && !partial) {
			out.put((byte) '\n');
		}
		return Arrays.copyOf(out.array(), out.position());
	}

	/** A round frame, {@code R<round>}, as it goes on the wire. */
	static byte[] round(Framing framing, int round) {
		ByteBuffer out = ByteBuffer.allocate(32);
		if (framing == Framing.LENGTH_PREFIXED) {
			out.putInt(0);
		}
		int start = out.position();
		out.put(ROUND);
		putDecimal(out, round);
		if (framing == Framing.LENGTH_PREFIXED) {
			out.putInt(0, out.position() - start);
		}
		else {
			out.put((byte) '\n');
		}
		return Arrays.copyOf(out.array(), out.position());
	}

	/**
	 * Reads a data payload into {@code into}.
	 * @return false if the payload is not a well-formed data frame
	 */
	static boolean parse(byte[] bytes, int offset, int length, Parsed into) {
		int end = offset + length;
		if (length < 7 || bytes[offset] != DATA) {
			return false;
		}
		int[] position = { offset + 1 };
		long sender = readDecimal(bytes, position, end);
		long sequence = readDecimal(bytes, position, end);
		long nanos = readDecimal(bytes, position, end);
		if (sender < 0 || sequence < 0 || nanos < 0) {
			return false;
		}
		for (int i = position[0]; i < end; i++) {
			if (bytes[i] != PAD) {
				return false;
			}
		}
		into.sender = (int) sender;
		into.sequence = sequence;
		into.sendNanos = nanos;
		return true;
	}

	/** Reads digits up to a ':'; returns -1 if there are none or the ':' is missing. */
	private static long readDecimal(byte[] bytes, int[] position, int end) {
		long value = 0;
		int i = position[0];
		int start = i;
		while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
			value = value * 10 + (bytes[i++] - '0');
		}
		if (i == start || i >= end || bytes[i] != ':') {
			return -1;
		}
		position[0] = i + 1;
		return value;
	}

	private static void putDecimal(ByteBuffer out, long value) {
		if (value >= 10) {
			putDecimal(out, value / 10);
		}
		out.put((byte) ('0' + (value % 10)));
	}

	/** A parsed data frame; reused by one receiving thread. */
	static final class Parsed {

		int sender;

		long sequence;

		long sendNanos;

	}

}
