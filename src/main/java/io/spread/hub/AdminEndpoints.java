package io.spread.hub;

import java.util.List;
import java.util.Map;

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

	/** {@code POST /actuator/broadcast} with {@code {"text": "..."}} sends a notice to every client. */
	@Endpoint(id = "broadcast")
	public static class Broadcast {

		private final BroadcastService hub;

		public Broadcast(BroadcastService hub) {
			this.hub = hub;
		}

		@WriteOperation
		public Map<String, Object> broadcast(String text) {
			return Map.of("receivers", this.hub.announce(text));
		}

	}

}
