package io.spread.seeds;

import java.util.Map;

import io.spread.connection.ClientConnection;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.MessageHeaders;

/**
 * Maps each batch of frames a seed server reads to a message that carries its sender, so that the flow can queue
 * the reply on the sender's connection directly (no lookup by connection id, which fails once the connection has
 * closed, as a client that hangs up right after sending does).
 */
final class SeedMessageMapper extends TcpMessageMapper {

	static final String SENDER = "spread_seedSender";

	@Override
	protected Map<String, ?> supplyCustomHeaders(TcpConnection connection) {
		return Map.of(SENDER, connection);
	}

	static ClientConnection sender(MessageHeaders headers) {
		return headers.get(SENDER, ClientConnection.class);
	}

}
