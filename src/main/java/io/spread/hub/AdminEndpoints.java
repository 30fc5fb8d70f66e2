package io.spread.hub;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The operator's actuator endpoints. Like every actuator endpoint but health they are reachable over HTTP only when
 * exposed: {@code management.endpoints.web.exposure.include=health,sessions,rooms,broadcast}.
 */
public final class AdminEndpoints {

	private AdminEndpoints() {
	}

	/** {@code GET /actuator/sessions} lists clients; {@code DELETE /actuator/sessions/{id}} disconnects one. */
	@Endpoint(id = "sessions")
	public static class Sessions {

		private final HubOperations hub;

		public Sessions(HubOperations hub) {
			this.hub = hub;
		}

		/** Every client, across all replicas when clustered. */
		@ReadOperation
		public List<SessionInfo> sessions() {
			return this.hub.allSessions();
		}

		/**
		 * Disconnects a client, on whichever replica holds it. Ids are unique per replica: when several replicas
		 * have a client of that id, {@code ?replica=} names the one meant (409 lists them).
		 */
		@DeleteOperation
		public WebEndpointResponse<Map<String, Object>> disconnect(@Selector String id, @Nullable String replica) {
			HubOperations.Disconnect result = this.hub.disconnectAnywhere(id, replica);
			return switch (result.outcome()) {
				case DONE -> new WebEndpointResponse<>(Map.of("disconnected", id, "replica", result.replica()));
				case NOT_FOUND -> error(WebEndpointResponse.STATUS_NOT_FOUND, "id", "no session " + id);
				case AMBIGUOUS -> new WebEndpointResponse<>(Map.of("error",
						"sessions " + id + " on replicas " + String.join(", ", result.candidates())
								+ ": name one with ?replica=", "field", "replica", "replicas", result.candidates()),
						409);
				case UNREACHABLE -> error(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, "replica",
						"replica " + result.replica() + " cannot be reached (Redis)");
			};
		}

	}

	/** {@code GET /actuator/rooms} lists the rooms with members: who, the numbering, the message rate. */
	@Endpoint(id = "rooms")
	public static class RoomsEndpoint {

		private final Rooms rooms;

		public RoomsEndpoint(Rooms rooms) {
			this.rooms = rooms;
		}

		/** One room as the endpoint shows it; members sorted by name. */
		public record RoomInfo(String room, List<String> members, String epoch, long lastOffset,
				long messagesPerSecond, Room.Retained history) {
		}

		/** This replica's rooms, with members or history, by name. */
		@ReadOperation
		public List<RoomInfo> rooms() {
			return this.rooms.all()
				.stream()
				.map(room -> new RoomInfo(room.name(), room.memberNames(), room.epoch(), room.lastOffset(),
						room.messagesPerSecond(), room.retained()))
				.toList();
		}

	}

	/**
	 * {@code POST /actuator/broadcast} with {@code {"text": "..."}} sends a notice to every client. A notice is one
	 * frame, so the text must be one non-empty line; anything else is a 400 with a JSON error naming the field.
	 */
	@Endpoint(id = "broadcast")
	public static class Broadcast {

		private final HubOperations hub;

		public Broadcast(HubOperations hub) {
			this.hub = hub;
		}

		@WriteOperation
		public WebEndpointResponse<Map<String, Object>> broadcast(@Nullable String text) {
			String problem = (text == null) ? "is required" : text.isEmpty() ? "must not be empty"
					: (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0)
							? "must be one line: a notice is sent as one frame" : null;
			if (problem != null) {
				return badRequest("text", problem);
			}
			HubOperations.Announced announced = this.hub.announceEverywhere(text);
			return new WebEndpointResponse<>(
					Map.of("receivers", announced.receivers(), "otherReplicas", announced.otherReplicas()));
		}

	}

	static WebEndpointResponse<Map<String, Object>> badRequest(String field, String problem) {
		return error(WebEndpointResponse.STATUS_BAD_REQUEST, field, field + " " + problem);
	}

	/** The JSON error of every error answer: what is wrong, and with which field. */
	static WebEndpointResponse<Map<String, Object>> error(int status, String field, String message) {
		return new WebEndpointResponse<>(Map.of("error", message, "field", field), status);
	}

}
