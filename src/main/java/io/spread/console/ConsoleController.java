package io.spread.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.spread.hub.HubOperations;
import io.spread.hub.Room;
import io.spread.hub.Rooms;
import io.spread.hub.SessionInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The console's page and its JSON API ({@code /console/api/**}), behind the console's login
 * ({@link ConsoleSecurityConfiguration}). Lists are filtered, sorted and cut into pages here, on the server, so that
 * a page with 10,000 clients connected moves a page of rows, not all of them; every answer is bounded. A bad
 * parameter gets a 400 with {@code {"error": "...", "field": "..."}}. Found by component scanning, so it carries
 * the same conditions as {@link ConsoleConfiguration}, which makes the beans it uses.
 */
@RestController
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsoleController {

	/** Longest filter text, in characters. */
	static final int MAX_FILTER = 64;

	/** Most sessions on one page. */
	static final int MAX_SESSIONS_PAGE = 200;

	/** Most rooms on one page. */
	static final int MAX_ROOMS_PAGE = 100;

	/** Most member names listed per room; the count is always complete. */
	static final int MAX_MEMBERS_LISTED = 50;

	/** Longest broadcast text, in characters: a notice typed by an operator. */
	static final int MAX_BROADCAST = 1000;

	/** The gateway's names and rooms (SPEC section 8). */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	/** Oldest first, as {@link HubOperations#sessions()} lists them; replica and id keep equal times in one order. */
	private static final Comparator<SessionInfo> SESSION_ORDER = Comparator
		.comparing(SessionInfo::connectedSince, Comparator.nullsLast(Comparator.naturalOrder()))
		.thenComparing(SessionInfo::replica, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing(SessionInfo::id);

	private final HubOperations hub;

	private final Rooms rooms;

	private final RateHistory rates;

	private final RecentLog log;

	private final ChatTokens chatTokens;

	ConsoleController(HubOperations hub, Rooms rooms, RateHistory rates, RecentLog log, ChatTokens chatTokens) {
		this.hub = hub;
		this.rooms = rooms;
		this.rates = rates;
		this.log = log;
		this.chatTokens = chatTokens;
	}

	// --- the page

	/** The page's files are under {@code /console/}, so that they load each other by relative paths. */
	@GetMapping("/console")
	ModelAndView console() {
		return new ModelAndView("redirect:/console/");
	}

	@GetMapping("/console/")
	ModelAndView page() {
		return new ModelAndView("forward:/console/index.html");
	}

	// --- the API

	/** Who is logged in, and the CSRF token the page sends with each POST. */
	@GetMapping("/console/api/me")
	Map<String, Object> me(Authentication user, CsrfToken csrf) {
		return Map.of("user", user.getName(), "csrfHeader", csrf.getHeaderName(), "csrfParameter",
				csrf.getParameterName(), "csrfToken", csrf.getToken());
	}

	/**
	 * One page of the hub's clients (every replica's, when clustered), oldest first.
	 * @param filter text that the id, name, address, replica or one of the rooms contains, in any case
	 */
	@GetMapping("/console/api/sessions")
	Page<SessionInfo> sessions(@RequestParam(defaultValue = "") String filter,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		String wanted = filter(filter);
		checkPage(page, size, MAX_SESSIONS_PAGE);
		List<SessionInfo> matching = new ArrayList<>();
		for (SessionInfo session : this.hub.allSessions()) {
			if (wanted.isEmpty() || matches(session, wanted)) {
				matching.add(session);
			}
		}
		matching.sort(SESSION_ORDER);
		return Page.of(matching, page, size, wanted);
	}

	private static boolean matches(SessionInfo session, String wanted) {
		if (contains(session.id(), wanted) || contains(session.name(), wanted)
				|| contains(session.remoteAddress(), wanted) || contains(session.replica(), wanted)) {
			return true;
		}
		return session.rooms() != null && session.rooms().stream().anyMatch(room -> contains(room, wanted));
	}

	/**
	 * A room as the console lists it.
	 * @param members the first {@value #MAX_MEMBERS_LISTED} member names, sorted
	 * @param memberCount how many members it has on every replica
	 * @param epoch its numbering's epoch, or null if this replica does not hold the room
	 * @param lastOffset its last message's offset, or -1 if this replica does not hold the room
	 * @param messagesPerSecond messages published to it in the last full second, on this replica
	 */
	record RoomRow(String room, int memberCount, List<String> members, @Nullable String epoch, long lastOffset,
			long messagesPerSecond) {
	}

	/**
	 * One page of the rooms, by name: those with members on any replica and this replica's rooms that keep history.
	 * @param filter text that the room's name or a member's name contains, in any case
	 */
	@GetMapping("/console/api/rooms")
	Page<RoomRow> rooms(@RequestParam(defaultValue = "") String filter, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		String wanted = filter(filter);
		checkPage(page, size, MAX_ROOMS_PAGE);
		// one pass over the clients finds every room's members, on every replica
		Map<String, List<String>> members = new HashMap<>();
		for (SessionInfo session : this.hub.allSessions()) {
			if (session.rooms() != null && session.name() != null) {
				for (String room : session.rooms()) {
					members.computeIfAbsent(room, r -> new ArrayList<>()).add(session.name());
				}
			}
		}
		TreeSet<String> names = new TreeSet<>(members.keySet());
		this.rooms.all().forEach(room -> names.add(room.name()));
		List<String> matching = new ArrayList<>();
		for (String name : names) {
			List<String> in = members.getOrDefault(name, List.of());
			if (wanted.isEmpty() || contains(name, wanted) || in.stream().anyMatch(member -> contains(member, wanted))) {
				matching.add(name);
			}
		}
		Page<String> shown = Page.of(matching, page, size, wanted);
		List<RoomRow> rows = shown.items()
			.stream()
			.map(name -> row(name, new ArrayList<>(members.getOrDefault(name, List.of()))))
			.toList();
		return new Page<>(rows, shown.page(), shown.size(), shown.total(), shown.pages(), wanted);
	}

	private RoomRow row(String name, List<String> members) {
		members.sort(null);
		List<String> listed = List.copyOf(members.subList(0, Math.min(members.size(), MAX_MEMBERS_LISTED)));
		Room room = this.rooms.get(name);
		return (room != null)
				? new RoomRow(name, members.size(), listed, room.epoch(), room.lastOffset(), room.messagesPerSecond())
				: new RoomRow(name, members.size(), listed, null, -1, 0);
	}

	/** The last {@value RateHistory#SECONDS} seconds of traffic, or the seconds after reading {@code after}. */
	@GetMapping("/console/api/rates")
	Map<String, Object> rates(@RequestParam(defaultValue = "0") long after) {
		return Map.of("samples", this.rates.after(after));
	}

	/** The last {@value RecentLog#LINES} log lines, or those after line {@code after}; newest last. */
	@GetMapping("/console/api/logs")
	Map<String, Object> logs(@RequestParam(defaultValue = "0") long after) {
		return Map.of("lines", this.log.after(after));
	}

	record BroadcastRequest(@Nullable String text) {
	}

	/** Sends a notice to every client of every replica, as {@code POST /actuator/broadcast} does. */
	@PostMapping("/console/api/broadcast")
	Map<String, Object> broadcast(@RequestBody BroadcastRequest request) {
		String text = request.text();
		if (text == null || text.isBlank()) {
			throw new BadRequest("text", "text is required");
		}
		if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
			throw new BadRequest("text", "text must be one line: a notice is sent as one frame");
		}
		if (text.length() > MAX_BROADCAST) {
			throw new BadRequest("text", "text must be at most " + MAX_BROADCAST + " characters");
		}
		HubOperations.Announced announced = this.hub.announceEverywhere(text);
		return Map.of("receivers", announced.receivers(), "otherReplicas", announced.otherReplicas());
	}

	/**
	 * Disconnects a client, on whichever replica holds it (the client gets {@code ERR disconnected-by-operator}).
	 * @param replica the replica that holds it, needed only when clients of several replicas have that id
	 */
	@PostMapping("/console/api/sessions/{id}/disconnect")
	ResponseEntity<Map<String, Object>> disconnect(@PathVariable String id,
			@RequestParam(required = false) @Nullable String replica) {
		if (id.length() > 100) {
			throw new BadRequest("id", "id must be at most 100 characters");
		}
		HubOperations.Disconnect result = this.hub.disconnectAnywhere(id,
				(replica == null || replica.isEmpty()) ? null : replica);
		return switch (result.outcome()) {
			case DONE -> ResponseEntity.ok(Map.of("disconnected", id, "replica", result.replica()));
			case NOT_FOUND -> error(HttpStatus.NOT_FOUND, "id", "no session " + id);
			case AMBIGUOUS -> error(HttpStatus.CONFLICT, "replica", "sessions " + id + " on replicas "
					+ String.join(", ", result.candidates()) + ": name one with ?replica=");
			case UNREACHABLE -> error(HttpStatus.SERVICE_UNAVAILABLE, "replica",
					"replica " + result.replica() + " cannot be reached (Redis)");
		};
	}

	record ChatTokenRequest(@Nullable String name, @Nullable String room) {
	}

	/**
	 * What the chat panel says in {@code HELLO}: a short-lived token for the name and room when the hub checks tokens
	 * and can sign them (see {@link ChatTokens}).
	 */
	@PostMapping("/console/api/chat-token")
	ChatTokens.Answer chatToken(@RequestBody ChatTokenRequest request) {
		checkName("name", request.name());
		checkName("room", request.room());
		return this.chatTokens.forChat(request.name(), request.room());
	}

	// --- checking requests

	private static String filter(String filter) {
		String wanted = filter.trim();
		if (wanted.length() > MAX_FILTER) {
			throw new BadRequest("filter", "filter must be at most " + MAX_FILTER + " characters");
		}
		return wanted;
	}

	private static void checkPage(int page, int size, int maxSize) {
		if (page < 0) {
			throw new BadRequest("page", "page must be 0 or more");
		}
		if (size < 1 || size > maxSize) {
			throw new BadRequest("size", "size must be between 1 and " + maxSize);
		}
	}

	private static void checkName(String field, @Nullable String value) {
		if (value == null || !NAME.matcher(value).matches()) {
			throw new BadRequest(field, field + " must be 1-64 characters of A-Z a-z 0-9 . _ -");
		}
	}

	private static boolean contains(@Nullable String text, String wanted) {
		return text != null && text.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
	}

	/** A request the API cannot answer as asked: a 400 naming the field. */
	static final class BadRequest extends RuntimeException {

		private final String field;

		BadRequest(String field, String message) {
			super(message);
			this.field = field;
		}

	}

	@ExceptionHandler(BadRequest.class)
	ResponseEntity<Map<String, Object>> badRequest(BadRequest ex) {
		return error(HttpStatus.BAD_REQUEST, ex.field, ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Map<String, Object>> badParameter(MethodArgumentTypeMismatchException ex) {
		return error(HttpStatus.BAD_REQUEST, ex.getName(), ex.getName() + " must be a whole number");
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException ex) {
		return error(HttpStatus.BAD_REQUEST, ex.getParameterName(), ex.getParameterName() + " is required");
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadableBody(HttpMessageNotReadableException ex) {
		return error(HttpStatus.BAD_REQUEST, "body", "the body must be a JSON object");
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String field, String message) {
		return ResponseEntity.status(status).body(Map.of("error", message, "field", field));
	}

}
