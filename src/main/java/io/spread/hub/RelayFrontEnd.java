package io.spread.hub;

import java.util.List;

import io.spread.codec.FrameCodec;

/**
 * The relay port's clients: anonymous members of the relay room (named {@code guest-<n>} for the others), who see
 * payloads bare, as the seeds' Spread server sent them, and the hub's notices, but no presence and no envelopes.
 */
public final class RelayFrontEnd implements FrontEnd {

	private static final String GUEST = "guest-";

	private final FrameCodec codec;

	public RelayFrontEnd(FrameCodec codec) {
		this.codec = codec;
	}

	/** Whether a name is one the relay gives its clients; the gateway does not let anyone else take it. */
	public static boolean isGuestName(String name) {
		return name.startsWith(GUEST);
	}

	@Override
	public boolean welcomes() {
		return true;
	}

	@Override
	public String initialName(String connectionId) {
		return guestName(connectionId);
	}

	/** The relay client of connection {@code c17} is {@code guest-17}; a browser on {@code /ws/relay}, {@code w17}, is {@code guest-w17}. */
	public static String guestName(String connectionId) {
		return GUEST + (connectionId.startsWith("c") ? connectionId.substring(1) : connectionId);
	}

	@Override
	public byte[] roomMessages(String room, String from, long firstOffset, List<byte[]> payloads) {
		return this.codec.encode(payloads);
	}

	@Override
	public byte[] direct(String from, byte[] payload) {
		return this.codec.encode(payload);
	}

	@Override
	public byte[] notice(String text) {
		return this.codec.encodeNotice(text);
	}

}
