package io.spread.hub;

import io.spread.connection.CloseReason;
import io.spread.connection.HubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;

/**
 * The hub's own texts to one client, and the one way they are sent: through the TCP outbound adapter, addressed by
 * connection id, into the client's outbound queue.
 */
public class HubNotices {

	static final String SERVER_FULL = "ERR server-full";

	static final String ADDRESS_LIMIT = "ERR too-many-connections-from-address";

	static final String RATE_LIMIT = "ERR rate-limit";

	static final String IDLE = "ERR idle-timeout";

	static final String SHUTDOWN = "ERR server-shutting-down";

	static final String DISCONNECTED = "ERR disconnected-by-operator";

	private static final Logger log = LoggerFactory.getLogger(HubNotices.class);

	private final MessageChannel notices;

	public HubNotices(MessageChannel notices) {
		this.notices = notices;
	}

	/** Sends a notice to one connection. */
	public void send(HubConnection connection, String text) {
		Message<String> notice = MessageBuilder.withPayload(text)
			.setHeader(IpHeaders.CONNECTION_ID, connection.getConnectionId())
			.build();
		try {
			this.notices.send(notice);
		}
		catch (MessagingException ex) {
			log.debug("Notice to {} not sent, the connection is gone: {}", connection.getConnectionId(), ex.toString());
		}
	}

	/** Sends the client a last notice and closes it once what is queued for it has been written. */
	public void dismiss(HubConnection connection, String text, CloseReason reason) {
		send(connection, text);
		connection.closeAfterFlush(reason);
	}

}
