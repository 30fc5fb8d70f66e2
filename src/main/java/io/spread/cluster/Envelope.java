package io.spread.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames one client sent, as published to the other replicas: the origin replica and connection, then the frame
 * payloads without framing (each replica encodes them for its own listener). Binary, big-endian:
 * {@code version(1) originLength(2) origin connectionLength(2) connection count(4) [length(4) payload]*}, the
 * 2-byte lengths unsigned, the count and the 4-byte lengths never negative.
 */
public record Envelope(String originReplica, String originConnection, List<byte[]> payloads) {

	private static final byte VERSION = 1;

	public byte[] encode() {
		byte[] replica = this.originReplica.getBytes(StandardCharsets.UTF_8);
		byte[] connection = this.originConnection.getBytes(StandardCharsets.UTF_8);
		int size = 1 + 2 + replica.length + 2 + connection.length + 4;
		for (byte[] payload : this.payloads) {
			size += 4 + payload.length;
		}
		ByteBuffer out = ByteBuffer.allocate(size);
		out.put(VERSION);
		out.putShort((short) replica.length).put(replica);
		out.putShort((short) connection.length).put(connection);
		out.putInt(this.payloads.size());
		for (byte[] payload : this.payloads) {
			out.putInt(payload.length).put(payload);
		}
		return out.array();
	}

	/**
	 * Reads an envelope as another replica published it. Every length and count is checked against the bytes that
	 * remain before anything is allocated for it, so a malformed message costs no more memory than its own size.
	 * @throws IllegalArgumentException if the bytes are not exactly one envelope of this version; the message says
	 * what is wrong
	 */
	public static Envelope decode(byte[] bytes) {
		ByteBuffer in = ByteBuffer.wrap(bytes);
		if (!in.hasRemaining()) {
			throw truncated("the version", 1, in);
		}
		int version = in.get() & 0xFF;
		if (version != VERSION) {
			throw malformed("unknown version " + version);
		}
		String replica = readString(in, "origin replica");
		String connection = readString(in, "origin connection");
		List<byte[]> payloads = readPayloads(in);
		if (in.hasRemaining()) {
			throw malformed(in.remaining() + " bytes left over after the last payload");
		}
		return new Envelope(replica, connection, payloads);
	}

	private static String readString(ByteBuffer in, String name) {
		if (in.remaining() < 2) {
			throw truncated("the length of the " + name, 2, in);
		}
		int length = in.getShort() & 0xFFFF;
		if (in.remaining() < length) {
			throw truncated("the " + name, length, in);
		}
		byte[] text = new byte[length];
		in.get(text);
		return new String(text, StandardCharsets.UTF_8);
	}

	private static List<byte[]> readPayloads(ByteBuffer in) {
		if (in.remaining() < 4) {
			throw truncated("the payload count", 4, in);
		}
		int count = in.getInt();
		if (count < 0) {
			throw malformed("payload count " + count + " is negative");
		}
		// each payload takes at least the 4 bytes of its length
		if (count > in.remaining() / 4) {
			throw malformed("payload count " + count + " is more than the " + in.remaining() + " bytes left can hold");
		}
		List<byte[]> payloads = new ArrayList<>(count);
		for (int number = 1; number <= count; number++) {
			payloads.add(readPayload(in, number, count));
		}
		return payloads;
	}

	private static byte[] readPayload(ByteBuffer in, int number, int count) {
		if (in.remaining() < 4) {
			throw truncated("the length of payload " + number + " of " + count, 4, in);
		}
		int length = in.getInt();
		if (length < 0) {
			throw malformed("payload " + number + " of " + count + " has a negative length, " + length);
		}
		if (in.remaining() < length) {
			throw truncated("payload " + number + " of " + count, length, in);
		}
		byte[] payload = new byte[length];
		in.get(payload);
		return payload;
	}

	private static IllegalArgumentException truncated(String what, int needed, ByteBuffer in) {
		return malformed("truncated in " + what + " (" + in.remaining() + " of " + needed + " bytes)");
	}

	private static IllegalArgumentException malformed(String problem) {
		return new IllegalArgumentException("Not a Spread envelope: " + problem);
	}

}
