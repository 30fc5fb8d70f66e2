package io.spread.hub;

import java.time.Instant;

import io.spread.connection.HubConnection;

/** A connected client, as the hub's registry knows it. */
record Session(HubConnection connection, Instant connectedAt) {

}
