package io.spread.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames one client sent, as published to the other replicas: the origin replica and connection, then the frame
 * payloads without framing (each replica encodes them for its own listener). Binary:
 * {@code version(1) originLength(2) origin connectionLength(2) connection count(4) [length(4) payload]*}.
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

	/** @throws IllegalArgumentException if the bytes are not an envelope of this version */
	public static Envelope decode(byte[] bytes) {
		try {
			ByteBuffer in = ByteBuffer.wrap(bytes);
			if (in.get() != VERSION) {
				throw new IllegalArgumentException("Unknown envelope version " + bytes[0]);
			}
			String replica = readString(in);
			String connection = readString(in);
			int count = in.getInt();
			List<byte[]> payloads = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				byte[] payload = new byte[in.getInt()];
				in.get(payload);
				payloads.add(payload);
			}
			return new Envelope(replica, connection, payloads);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Not a Spread envelope: " + ex, ex);
		}
	}

	private static String readString(ByteBuffer in) {
		byte[] bytes = new byte[in.getShort() & 0xFFFF];
		in.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
