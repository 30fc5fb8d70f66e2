package io.spread.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.spread.connection.CloseReason;
import io.spread.hub.HubNotices;
import io.spread.hub.RateLimiter;
import io.spread.hub.Recovery;
import io.spread.hub.RelayFrontEnd;
import io.spread.hub.Room;
import io.spread.hub.Rooms;
import io.spread.hub.Router;
import io.spread.hub.Session;
import io.spread.hub.SessionRegistry;
import io.spread.logging.ClientLog;
import io.spread.protocol.ErrorText;
import io.spread.security.TokenRejectedException;
import io.spread.security.TokenVerifier;
import io.spread.security.VerifiedToken;

/**
 * What each gateway verb does (SPEC section 8), one method per verb; the gateway flow routes each command here by
 * its verb. Every method runs on the sender's reader thread, so one client's commands take effect in order.
 * Answers go to the sender through {@link HubNotices}; what others receive goes through the {@link Router}.
 */
public class GatewayCommands {

	private final SessionRegistry registry;

	private final Rooms rooms;

	private final Router router;

	private final HubNotices notices;

	private final RateLimiter rateLimiter;

	private final Recovery recovery;

	/** Checks HELLO's token; null when the hub does not ask for one. */
	private final TokenVerifier tokens;

	public GatewayCommands(SessionRegistry registry, Rooms rooms, Router router, Recovery recovery,
			HubNotices notices, RateLimiter rateLimiter, TokenVerifier tokens) {
		this.tokens = tokens;
		this.recovery = recovery;
		this.rateLimiter = rateLimiter;
		this.registry = registry;
		this.rooms = rooms;
		this.router = router;
		this.notices = notices;
	}

	/**
	 * {@code HELLO <name> [<token>]}: names the connection. When the hub checks tokens, the token must be valid
	 * and issued to that name, and its rooms claim limits what the client may join and publish to.
	 */
	void hello(Command command, Session client) {
		String name = command.arg(0);
		if (client.name() != null) {
			answer(client, ErrorText.badArgs(command.verb()));
		}
		else if (!Command.isName(name) || RelayFrontEnd.isGuestName(name)) {
			answer(client, ErrorText.BAD_NAME);
		}
		else if (this.tokens != null && !authorized(client, name, (command.argCount() > 1) ? command.arg(1) : null)) {
			answer(client, ErrorText.UNAUTHORIZED);
		}
		else if (!this.registry.claimName(client, name)) {
			answer(client, ErrorText.nameTaken(name));
		}
		else {
			answer(client, "OK HELLO " + name);
		}
	}

	/** Checks a HELLO's token; a client it fails is told nothing more than {@code ERR unauthorized}. */
	private boolean authorized(Session client, String name, String token) {
		try {
			if (token == null) {
				throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "no token in HELLO");
			}
			VerifiedToken verified = this.tokens.verify(token, name);
			client.allowRooms(verified::allows);
			return true;
		}
		catch (TokenRejectedException ex) {
			ClientLog.info("Refused HELLO {} from {} ({}): {}", name, client.connection().remoteAddress(), client.id(),
					ex.logText());
			return false;
		}
	}

	/**
	 * {@code JOIN <room>}: answers with the room's state; the other members get {@code JOINED}. The joiner gets the
	 * room's messages live once the read that brought the {@code JOIN} is handled, so that a {@code HISTORY} in the
	 * same read is replayed first ({@link Recovery}).
	 */
	void join(Command command, Session client) {
		String room = command.arg(0);
		if (!Command.isName(room)) {
			answer(client, ErrorText.BAD_NAME);
			return;
		}
		if (!client.mayUse(room)) {
			answer(client, ErrorText.forbidden(room));
			return;
		}
		boolean joined = this.rooms.join(client, room, true, state -> answer(client,
				"OK JOIN " + room + " " + state.members() + " " + state.epoch() + " " + state.lastOffset()));
		if (!joined) {
			answer(client, ErrorText.tooManyRooms(room));
		}
	}

	/** {@code LEAVE <room>}: the other members get {@code LEFT}. */
	void leave(Command command, Session client) {
		String room = command.arg(0);
		if (!Command.isName(room)) {
			answer(client, ErrorText.BAD_NAME);
		}
		else if (this.rooms.leave(client, room)) {
			answer(client, "OK LEAVE " + room);
		}
		else {
			answer(client, ErrorText.notMember(room));
		}
	}

	/** {@code PUB <room> <payload>}: every other member gets {@code MSG}; the sender nothing. */
	void pub(Command command, Session client) {
		if (!this.rateLimiter.admitOne(client)) {
			return;
		}
		String room = command.arg(0);
		if (Command.isName(room) && !client.mayUse(room)) {
			answer(client, ErrorText.forbidden(room));
			return;
		}
		Room target = Command.isName(room) ? this.rooms.get(room) : null;
		if (target == null || !client.isIn(room)) {
			answer(client, Command.isName(room) ? ErrorText.notMember(room) : ErrorText.BAD_NAME);
			return;
		}
		this.router.publish(target, client, List.of(command.payload()));
	}

	/** {@code SEND <name> <payload>}: the client of that name gets {@code DM}. */
	void send(Command command, Session client) {
		if (!this.rateLimiter.admitOne(client)) {
			return;
		}
		String to = command.arg(0);
		if (!Command.isName(to)) {
			answer(client, ErrorText.BAD_NAME);
		}
		else if (!this.router.direct(client.name(), to, command.payload())) {
			answer(client, ErrorText.offline(to));
		}
	}

	/** {@code WHO <room>}: the room's members on every replica, sorted. */
	void who(Command command, Session client) {
		String room = command.arg(0);
		if (!Command.isName(room)) {
			answer(client, ErrorText.BAD_NAME);
			return;
		}
		answer(client, list("OK WHO " + room, this.rooms.memberNames(room)));
	}

	/** {@code ROOMS}: the rooms that have members on any replica, sorted. */
	void rooms(Command command, Session client) {
		answer(client, list("OK ROOMS", this.rooms.namesWithMembers()));
	}

	/** {@code HISTORY <room> <epoch> <after-offset>}: replays what the client missed, or tells it the gap. */
	void history(Command command, Session client) {
		String room = command.arg(0);
		long after;
		try {
			after = Long.parseLong(command.arg(2));
		}
		catch (NumberFormatException ex) {
			after = -1;
		}
		if (after < 0) {
			answer(client, ErrorText.badArgs(command.verb()));
		}
		else if (!Command.isName(room)) {
			answer(client, ErrorText.BAD_NAME);
		}
		else {
			this.recovery.history(client, room, command.arg(1), after, text -> answer(client, text));
		}
	}

	/** {@code PING [<text>]}: {@code PONG [<text>]}. */
	void ping(Command command, Session client) {
		byte[] text = command.payload();
		answer(client, (text.length == 0) ? "PONG" : "PONG " + new String(text, StandardCharsets.UTF_8));
	}

	/** {@code QUIT} or {@code close}: closed once what is queued for it has been written. */
	void quit(Command command, Session client) {
		client.connection().closeAfterFlush(CloseReason.CLOSE_COMMAND);
	}

	void unknown(Command command, Session client) {
		answer(client, ErrorText.unknownCommand(command.sent()));
	}

	void badArgs(Command command, Session client) {
		answer(client, ErrorText.badArgs(command.verb()));
	}

	void helloFirst(Command command, Session client) {
		answer(client, ErrorText.HELLO_FIRST);
	}

	private void answer(Session client, String text) {
		this.notices.send(client.connection(), text);
	}

	private static String list(String head, List<String> items) {
		return items.isEmpty() ? head : head + " " + String.join(" ", items);
	}

}
