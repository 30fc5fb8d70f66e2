package io.spread.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;

/**
 * The gateway port's dialect (SPEC sections 8 and 9): a {@link GatewayConversation} says what to send and print;
 * this sends its answers (joins, history requests) on the connection the frame came from, and prints its lines.
 * Typed lines become commands by {@link TypedLine}; the heartbeat is a {@code PING}, so that it keeps the
 * connection alive without writing into any room (or its history).
 */
public final class GatewayDialect implements ClientDialect {

	private static final Logger log = LoggerFactory.getLogger(GatewayDialect.class);

	private final GatewayConversation conversation;

	private final String firstRoom;

	private final MessageChannel outbound;

	/**
	 * @param name the name given in {@code HELLO}
	 * @param token the token given in {@code HELLO}, or empty for none
	 * @param rooms the rooms to join, the first one for typed lines
	 * @param outbound where answers to the hub's frames are sent
	 */
	public GatewayDialect(String name, String token, List<String> rooms, MessageChannel outbound) {
		this.conversation = new GatewayConversation(name, token, rooms);
		this.firstRoom = rooms.get(0);
		this.outbound = outbound;
	}

	@Override
	public List<String> greeting() {
		return this.conversation.opened();
	}

	@Override
	public Optional<String> typed(String line) {
		try {
			return Optional.of(TypedLine.command(line, this.firstRoom));
		}
		catch (IllegalArgumentException ex) {
			log.warn(ex.getMessage());
			return Optional.empty();
		}
	}

	@Override
	public String heartbeat(Instant now) {
		return "PING " + now;
	}

	/** Prints, then answers: called on the connection's reader, one frame at a time. */
	@Override
	public void received(byte[] frame, ReceivedFrames printer) {
		GatewayConversation.Reaction reaction = this.conversation.received(frame);
		reaction.printed().forEach(printer::received);
		for (String command : reaction.sent()) {
			try {
				this.outbound.send(MessageBuilder.withPayload(command).build());
			}
			catch (MessagingException ex) {
				// the connection went; the next one starts over with HELLO
				log.debug("Not sent, the connection is gone: {}", command);
				return;
			}
		}
	}

}
