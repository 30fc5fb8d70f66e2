package io.spread.hub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.spread.codec.OversizedFrame;

/** What the hub does with one frame read from a client. */
enum FrameKind {

	/** Relay it to every other client. */
	DATA,

	/** The client asked to be disconnected: the frame is exactly {@code close} (a trailing line end allowed). */
	CLOSE,

	/** The frame was over {@code spread.tcp.max-frame-size}. */
	OVERSIZED;

	private static final byte[] CLOSE_COMMAND = "close".getBytes(StandardCharsets.US_ASCII);

	static FrameKind of(Object payload) {
		if (payload instanceof OversizedFrame) {
			return OVERSIZED;
		}
		return isCloseCommand((byte[]) payload) ? CLOSE : DATA;
	}

	private static boolean isCloseCommand(byte[] payload) {
		int length = payload.length;
		if (length > 0 && payload[length - 1] == '\n') {
			length--;
			if (length > 0 && payload[length - 1] == '\r') {
				length--;
			}
		}
		return Arrays.equals(payload, 0, length, CLOSE_COMMAND, 0, CLOSE_COMMAND.length);
	}

}
