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
 * exposed: {@code management.endpoints.web.exposure.include=health,sessions,broadcast}.
 */
public final class AdminEndpoints {

	private AdminEndpoints() {
	}

	/** {@code GET /actuator/sessions} lists clients; {@code DELETE /actuator/sessions/{id}} disconnects one. */
	@Endpoint(id = "sessions")
	public static class Sessions {

		private final BroadcastService hub;

		public Sessions(BroadcastService hub) {
			this.hub = hub;
		}

		/** Every client, across all replicas when clustered. */
		@ReadOperation
		public List<SessionInfo> sessions() {
			return this.hub.allSessions();
		}

		@DeleteOperation
		public WebEndpointResponse<Map<String, Object>> disconnect(@Selector String id) {
			return this.hub.disconnect(id) ? new WebEndpointResponse<>(Map.of("disconnected", id))
					: new WebEndpointResponse<>(Map.of("error", "no session " + id), WebEndpointResponse.STATUS_NOT_FOUND);
		}

	}

	/**
	 * {@code POST /actuator/broadcast} with {@code {"text": "..."}} sends a notice to every client. A notice is one
	 * frame, so the text must be one non-empty line; anything else is a 400 with a JSON error naming the field.
	 */
	@Endpoint(id = "broadcast")
	public static class Broadcast {

		private final BroadcastService hub;

		public Broadcast(BroadcastService hub) {
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
			return new WebEndpointResponse<>(Map.of("receivers", this.hub.announce(text)));
		}

	}

	/** The JSON error of every 4xx answer: what is wrong, and with which field. */
	static WebEndpointResponse<Map<String, Object>> badRequest(String field, String problem) {
		return new WebEndpointResponse<>(Map.of("error", field + " " + problem, "field", field),
				WebEndpointResponse.STATUS_BAD_REQUEST);
	}

}
