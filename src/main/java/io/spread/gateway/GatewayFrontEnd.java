package io.spread.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.spread.codec.FrameCodec;
import io.spread.hub.FrontEnd;
import io.spread.protocol.ErrorText;

/**
 * The gateway protocol's clients (SPEC section 8): named, in rooms, told of presence. Each delivery becomes frames
 * of the gateway's framing: {@code MSG <room> <from> <offset> <payload>}, {@code JOINED} / {@code LEFT <room>
 * <name>}, {@code DM <from> <payload>}, {@code NOTICE <text>}.
 */
public final class GatewayFrontEnd implements FrontEnd {

	private final FrameCodec codec;

	public GatewayFrontEnd(FrameCodec codec) {
		this.codec = codec;
	}

	@Override
	public byte[] roomMessages(String room, String from, long firstOffset, List<byte[]> payloads) {
		List<byte[]> frames = new ArrayList<>(payloads.size());
		long offset = firstOffset;
		for (byte[] payload : payloads) {
			frames.add(withPayload("MSG " + room + " " + from + " " + offset++ + " ", payload));
		}
		return this.codec.encode(frames);
	}

	@Override
	public byte[] presence(String room, String name, boolean joined) {
		return this.codec.encodeNotice((joined ? "JOINED " : "LEFT ") + room + " " + name);
	}

	/** {@code ERR history-gone <room> <epoch> <next>}, as HISTORY answers a client whose numbering ended. */
	@Override
	public byte[] numberingRestarted(String room, String epoch, long next) {
		return this.codec.encodeNotice(ErrorText.historyGone(room, epoch, next));
	}

	@Override
	public byte[] direct(String from, byte[] payload) {
		return this.codec.encode(withPayload("DM " + from + " ", payload));
	}

	@Override
	public byte[] notice(String text) {
		return this.codec.encodeNotice("NOTICE " + text);
	}

	private static byte[] withPayload(String head, byte[] payload) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(head.length() + payload.length);
		frame.writeBytes(head.getBytes(StandardCharsets.UTF_8));
		frame.writeBytes(payload);
		return frame.toByteArray();
	}

}
