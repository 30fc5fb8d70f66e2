package io.spread.hub;

import io.spread.config.AddressRanges;

import org.springframework.messaging.MessageChannel;

/**
 * A front end as the hub wires it: the listener whose clients it serves (a TCP listener's bean name, or a WebSocket
 * endpoint's name), how it encodes for them, the channel to that listener's outbound adapter, through which the hub's
 * own texts reach one of its clients, and the client addresses it accepts ({@code allowKey} names their setting, for
 * the log). Each front end's configuration contributes one; the registry and the notices take them all.
 */
public record FrontEndBinding(String listenerName, FrontEnd frontEnd, MessageChannel notices, AddressRanges allowed,
		String allowKey) {
}
