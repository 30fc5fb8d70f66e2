package io.spread.hub;

import java.util.List;

/**
 * One kind of client of the hub's one model of sessions, names and rooms: the relay port's anonymous clients, the
 * gateway protocol's named ones, and later others. Each front end encodes what the {@link Router} delivers in its own
 * protocol and framing; a {@code null} answer means its clients do not get that kind of frame. A front end holds no
 * state: the router calls it once per delivery and shares the result among all of its clients.
 */
public interface FrontEnd {

	/** A front end whose clients are never routed to (the seeds' echo and timestamp servers). */
	FrontEnd UNROUTED = new FrontEnd() {
	};

	/** Whether a client of this front end gets the hub's welcome when it connects. */
	default boolean welcomes() {
		return false;
	}

	/** The name a client of this front end has from the start (relay clients: {@code guest-<n>}), or null. */
	default String initialName(String connectionId) {
		return null;
	}

	/** Messages published to a room, numbered from {@code firstOffset}, encoded as one chunk, or null. */
	default byte[] roomMessages(String room, String from, long firstOffset, List<byte[]> payloads) {
		return null;
	}

	/** A member joined ({@code joined}) or left a room, encoded, or null. */
	default byte[] presence(String room, String name, boolean joined) {
		return null;
	}

	/**
	 * A room's numbering restarted under another epoch and goes on from {@code next} (what a member had not had of
	 * the old numbering is gone), encoded, or null.
	 */
	default byte[] numberingRestarted(String room, String epoch, long next) {
		return null;
	}

	/** A direct message to one client, encoded, or null. */
	default byte[] direct(String from, byte[] payload) {
		return null;
	}

	/** A notice of the hub's own to every client (an operator's broadcast), encoded, or null. */
	default byte[] notice(String text) {
		return null;
	}

}
