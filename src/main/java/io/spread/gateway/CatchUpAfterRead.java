package io.spread.gateway;

import io.spread.hub.HubMessageMapper;
import io.spread.hub.Recovery;
import io.spread.hub.Session;
import io.spread.hub.SessionRegistry;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * Brings a gateway client live in the rooms it joined once the read that held the {@code JOIN} has been handled:
 * the batch's send on a direct channel returns only after every command in it has run, on the client's reader
 * thread, so a {@code HISTORY} sent with the {@code JOIN} has been answered by then ({@link Recovery}).
 */
final class CatchUpAfterRead implements ChannelInterceptor {

	private final SessionRegistry registry;

	private final Recovery recovery;

	CatchUpAfterRead(SessionRegistry registry, Recovery recovery) {
		this.registry = registry;
		this.recovery = recovery;
	}

	@Override
	public void afterSendCompletion(Message<?> batch, MessageChannel channel, boolean sent, Exception ex) {
		Session client = this.registry.get(HubMessageMapper.sender(batch).getConnectionId());
		if (client != null) {
			this.recovery.catchUp(client);
		}
	}

}
