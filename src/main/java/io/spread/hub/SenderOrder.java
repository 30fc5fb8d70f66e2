package io.spread.hub;

import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.handler.AbstractMessageProducingHandler;
import org.springframework.messaging.Message;

/**
 * The flow step that passes each sender's frames on in the order the sender sent them. With NIO, Spring
 * Integration may hand two consecutive frames of one socket to different threads; see
 * {@link io.spread.connection.InboundOrder}.
 */
public class SenderOrder extends AbstractMessageProducingHandler {

	@Override
	protected void handleMessageInternal(Message<?> frame) {
		long sequence = frame.getHeaders().get(IntegrationMessageHeaderAccessor.SEQUENCE_NUMBER, Number.class)
			.longValue();
		HubMessageMapper.sender(frame).inboundOrder().release(sequence, frame, this::passOn);
	}

	private void passOn(Message<?> frame) {
		sendOutput(frame, null, false);
	}

}
