package io.spread.hub;

import java.time.Instant;

import io.spread.connection.HubConnection;

/**
 * One connected client, as the admin endpoint shows it.
 * @param replica the replica that holds the client (empty on a single node); ids are unique per replica
 */
public record SessionInfo(String id, String replica, String remoteAddress, Instant connectedSince, long framesIn,
		long framesOut, long bufferedBytes) {

	static SessionInfo of(HubConnection connection, Instant connectedSince, String replica) {
		return new SessionInfo(connection.getConnectionId(), replica, connection.remoteAddress(), connectedSince,
				connection.framesIn(), connection.framesOut(), connection.bufferedBytes());
	}

}
