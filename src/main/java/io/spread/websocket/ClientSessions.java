package io.spread.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import io.spread.codec.Frame;
import io.spread.codec.FrameCodec;
import io.spread.codec.OversizedFrame;
import io.spread.connection.CloseReason;
import io.spread.connection.OutboundWriters;
import io.spread.connection.WebSocketConnection;
import io.spread.hub.OversizedFrames;
import io.spread.hub.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The session handler of one WebSocket endpoint, around Spring Integration's container handler (a
 * {@link org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory} decorates it): each session the
 * servlet container opens becomes a {@link WebSocketConnection} that the container handler, the adapters and the hub
 * all hold, and enters the {@link SessionRegistry} like a TCP client's open event would have it; whole messages go on
 * to the inbound adapter as frames; the close reaches the registry.
 * <p>
 * Called on the servlet container's threads, one call at a time per session.
 */
class ClientSessions extends WebSocketHandlerDecorator {

	private static final Logger log = LoggerFactory.getLogger(ClientSessions.class);

	/** The session attribute that holds the session's {@link WebSocketConnection}. */
	static final String CONNECTION = ClientSessions.class.getName() + ".connection";

	private final String endpoint;

	private final String idPrefix;

	private final FrameCodec codec;

	private final OutboundWriters writers;

	private final SessionRegistry registry;

	private final OversizedFrames oversized;

	private final AtomicLong ids = new AtomicLong();

	private final Executor closer;

	/**
	 * @param endpoint the endpoint's name in the registry (its front end's)
	 * @param idPrefix the start of its clients' ids ({@code w} gives {@code w1}, {@code w2}...)
	 * @param codec the length-prefixed codec its front end encodes with
	 */
	ClientSessions(WebSocketHandler containerHandler, String endpoint, String idPrefix, FrameCodec codec,
			OutboundWriters writers, SessionRegistry registry, OversizedFrames oversized, Executor closer) {
		super(containerHandler);
		this.closer = closer;
		this.endpoint = endpoint;
		this.idPrefix = idPrefix;
		this.codec = codec;
		this.writers = writers;
		this.registry = registry;
		this.oversized = oversized;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		WebSocketConnection connection = new WebSocketConnection(session, this.idPrefix + this.ids.incrementAndGet(),
				this.endpoint, this.codec, this.writers, this.closer);
		session.getAttributes().put(CONNECTION, connection);
		// the container's handler first: the hub's welcome goes out through the outbound adapter, which finds the
		// session there
		super.afterConnectionEstablished(connection);
		this.registry.opened(connection);
		connection.startOutput();
	}

	/** A message or part of one: once it is whole, it goes on as one frame. */
	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		WebSocketConnection connection = connection(session);
		ByteBuffer part;
		if (message instanceof TextMessage text) {
			part = StandardCharsets.UTF_8.encode(text.getPayload());
		}
		else if (message instanceof BinaryMessage binary) {
			part = binary.getPayload();
		}
		else {
			// a pong: the client is alive, nothing to relay (the container answers pings itself, unseen here)
			connection.heard();
			return;
		}
		Frame frame = connection.receive(part, message.isLast());
		if (frame instanceof OversizedFrame tooLarge) {
			this.oversized.reject(connection, tooLarge);
		}
		else if (frame instanceof Frame.Data data) {
			super.handleMessage(connection, new BinaryMessage(data.payload()));
		}
	}

	/** Parts of a message are put together here, held to the frame size limit as they come. */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		log.debug("WebSocket session {} failed: {}", session.getId(), exception.toString());
		WebSocketConnection connection = connection(session);
		if (connection != null) {
			connection.closeNow(CloseReason.ERROR);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		WebSocketConnection connection = connection(session);
		if (connection == null) {
			return; // it failed while opening, before it was a connection
		}
		connection.closed(closeStatus);
		super.afterConnectionClosed(connection, closeStatus);
		this.registry.closed(connection);
	}

	private static WebSocketConnection connection(WebSocketSession session) {
		return (WebSocketConnection) session.getAttributes().get(CONNECTION);
	}

}
