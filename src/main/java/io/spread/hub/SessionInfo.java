package io.spread.hub;

import java.time.Instant;

import io.spread.connection.HubConnection;

/** One connected client, as the admin endpoint shows it. */
public record SessionInfo(String id, String remoteAddress, Instant connectedSince, long framesIn, long framesOut,
		long bufferedBytes) {

	static SessionInfo of(HubConnection connection, Instant connectedSince) {
		return new SessionInfo(connection.getConnectionId(), connection.remoteAddress(), connectedSince,
				connection.framesIn(), connection.framesOut(), connection.bufferedBytes());
	}

}
