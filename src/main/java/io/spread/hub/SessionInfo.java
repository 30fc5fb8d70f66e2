package io.spread.hub;

import java.time.Instant;
import java.util.List;

import io.spread.connection.ClientConnection;

/**
 * One connected client, as the admin endpoint shows it.
 * @param replica the replica that holds the client (empty on a single node); ids are unique per replica
 * @param name its name (relay clients: {@code guest-<n>}), or null before a gateway client's HELLO
 * @param rooms the rooms it is in, sorted
 */
public record SessionInfo(String id, String replica, String name, List<String> rooms, String remoteAddress,
		Instant connectedSince, long framesIn, long framesOut, long bufferedBytes) {

	static SessionInfo of(Session session, String replica) {
		ClientConnection connection = session.connection();
		return new SessionInfo(connection.getConnectionId(), replica, session.name(), session.rooms(),
				connection.remoteAddress(), session.connectedAt(), connection.framesIn(), connection.framesOut(),
				connection.bufferedBytes());
	}

}
