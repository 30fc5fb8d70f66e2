package io.spread.hub;

import java.util.Map;

import io.spread.connection.ClientConnection;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;

/**
 * Maps each frame read to a message that carries its sender connection and the time it was read, and (through
 * {@code applySequence}) its place in the sender's stream. Runs while the sender's frames are still in order.
 */
public class HubMessageMapper extends TcpMessageMapper {

	public static final String SENDER = "spread_sender";

	static final String RECEIVED_NANOS = "spread_receivedNanos";

	public HubMessageMapper() {
		setApplySequence(true);
	}

	@Override
	protected Map<String, ?> supplyCustomHeaders(TcpConnection connection) {
		return headers(ClientConnection.of(connection));
	}

	/** The headers the hub's flows read off a message of frames from {@code sender}, received now. */
	public static Map<String, Object> headers(ClientConnection sender) {
		return Map.of(SENDER, sender, RECEIVED_NANOS, System.nanoTime());
	}

	/** The connection a message's frames were read from. */
	public static ClientConnection sender(Message<?> frame) {
		return frame.getHeaders().get(SENDER, ClientConnection.class);
	}

	static long receivedNanos(Message<?> frame) {
		return frame.getHeaders().get(RECEIVED_NANOS, Long.class);
	}

}
