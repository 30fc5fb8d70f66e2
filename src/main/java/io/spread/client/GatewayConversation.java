package io.spread.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client mode's side of the gateway protocol (SPEC sections 8 and 9), without I/O: on each connection it says
 * {@code HELLO} and joins its rooms in the same breath (the hub takes one connection's commands in order, so lines
 * typed meanwhile, sent right after, reach rooms already joined), and resumes each room through its {@link RoomFeed};
 * every frame received becomes the lines to print and the commands to answer with. The hub's answers to the
 * client's own commands ({@code OK HELLO}, {@code OK JOIN}, {@code OK HISTORY}, {@code PONG}) are logged, not
 * printed; everything it does not know is printed as it came. Thread-safe: the connection's reader and the thread
 * that opens a connection may call it at once.
 */
final class GatewayConversation {

	private static final Logger log = LoggerFactory.getLogger(GatewayConversation.class);

	/** What one frame received leads to: lines to print, then commands to send, each in order. */
	record Reaction(List<byte[]> printed, List<String> sent) implements RoomFeed.Output {

		Reaction() {
			this(new ArrayList<>(), new ArrayList<>());
		}

		@Override
		public void print(byte[] line) {
			this.printed.add(line);
		}

		@Override
		public void send(String command) {
			this.sent.add(command);
		}

	}

	private final String name;

	/** Sent in HELLO after the name; empty for none. */
	private final String token;

	private final Map<String, RoomFeed> rooms = new LinkedHashMap<>();

	// guarded by this: HELLO sent on this connection and not yet answered
	private boolean helloPending;

	// guarded by this: HELLO was refused on this connection, which is ending
	private boolean helloRefused;

	/**
	 * @param name the name given in {@code HELLO}
	 * @param token the token given in {@code HELLO} after the name, or empty for none
	 * @param rooms the rooms to join, in order (a room named twice is joined once)
	 */
	GatewayConversation(String name, String token, List<String> rooms) {
		this.name = name;
		this.token = token;
		rooms.forEach(room -> this.rooms.putIfAbsent(room, new RoomFeed(room)));
	}

	/** A connection was opened: what to send first. */
	synchronized List<String> opened() {
		this.helloPending = true;
		this.helloRefused = false;
		this.rooms.values().forEach(RoomFeed::connectionOpened);
		List<String> greeting = new ArrayList<>();
		greeting.add(this.token.isEmpty() ? "HELLO " + this.name : "HELLO " + this.name + " " + this.token);
		this.rooms.keySet().forEach(room -> greeting.add("JOIN " + room));
		return greeting;
	}

	/** A frame from the hub. */
	synchronized Reaction received(byte[] bytes) {
		GatewayFrame frame = GatewayFrame.of(bytes);
		Reaction reaction = new Reaction();
		try {
			if (!handled(frame, reaction)) {
				reaction.print(bytes);
			}
		}
		catch (NumberFormatException ex) {
			// an offset that is no number: not a frame this client understands
			reaction.print(bytes);
		}
		return reaction;
	}

	/** Whether the frame was one this client acts on (else it is printed as it came). */
	private boolean handled(GatewayFrame frame, Reaction reaction) {
		List<String> words = frame.words(6);
		String verb = words.get(0);
		int count = words.size();
		if (verb.equals("MSG") && count >= 4) {
			message(words.get(1), words.get(2), Long.parseLong(words.get(3)), frame.payloadAfter(4), reaction);
		}
		else if (verb.equals("DM") && count >= 2) {
			reaction.print(GatewayLines.direct(words.get(1), frame.payloadAfter(2)));
		}
		else if (verb.equals("JOINED") && count == 3) {
			reaction.print(GatewayLines.joined(words.get(1), words.get(2)));
		}
		else if (verb.equals("LEFT") && count == 3) {
			reaction.print(GatewayLines.left(words.get(1), words.get(2)));
		}
		else if (verb.equals("PONG")) {
			log.debug("Heartbeat answered: {}", frame);
		}
		else if (verb.equals("OK") && count >= 2) {
			return answered(words, reaction);
		}
		else if (verb.equals("ERR") && count >= 2) {
			return refused(frame, words, reaction);
		}
		else {
			return false;
		}
		return true;
	}

	private void message(String room, String from, long offset, byte[] payload, Reaction reaction) {
		byte[] line = GatewayLines.message(room, from, payload);
		RoomFeed feed = this.rooms.get(room);
		if (feed != null) {
			feed.message(offset, line, reaction);
		}
		else {
			reaction.print(line);
		}
	}

	/** {@code OK ...}: answers to this client's own commands are acted on; others (WHO, ROOMS) printed. */
	private boolean answered(List<String> words, Reaction reaction) {
		String what = words.get(1);
		if (what.equals("HELLO") && this.helloPending) {
			this.helloPending = false;
			log.info("Named {}.", this.name);
			return true;
		}
		RoomFeed feed = (words.size() >= 3) ? this.rooms.get(words.get(2)) : null;
		if (what.equals("JOIN") && words.size() == 6 && feed != null) {
			log.info("Joined {} ({} members).", feed.room(), words.get(3));
			feed.joined(words.get(4), Long.parseLong(words.get(5)), reaction);
			return true;
		}
		if (what.equals("HISTORY") && words.size() == 4 && feed != null) {
			feed.historyEnded(Long.parseLong(words.get(3)), reaction);
			return true;
		}
		return false;
	}

	/**
	 * {@code ERR ...}: a gap in a room's history goes to its feed; a refused {@code HELLO} ends the connection, so
	 * that the client tries again after its reconnect delay (a name still held for this client's previous connection
	 * is freed once the hub notices that connection gone), and the {@code ERR hello-first} answers to what followed
	 * it are logged. Other errors are printed.
	 */
	private boolean refused(GatewayFrame frame, List<String> words, Reaction reaction) {
		String code = words.get(1);
		RoomFeed feed = (words.size() >= 3) ? this.rooms.get(words.get(2)) : null;
		if (code.equals("history-gone") && words.size() == 5 && feed != null) {
			feed.historyGone(words.get(3), Long.parseLong(words.get(4)), reaction);
			return true;
		}
		if (this.helloPending && List.of("name-taken", "bad-name", "unauthorized").contains(code)) {
			log.warn("The hub refused the name {}: {}. Reconnecting.", this.name, frame);
			this.helloPending = false;
			this.helloRefused = true;
			reaction.send("QUIT");
			return true;
		}
		if (this.helloRefused && code.equals("hello-first")) {
			log.warn("Refused like the HELLO before it: {}", frame);
			return true;
		}
		return false;
	}

}
