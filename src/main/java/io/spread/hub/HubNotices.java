package io.spread.hub;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.spread.connection.ClientConnection;
import io.spread.connection.CloseReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;

/**
 * The one way the hub's own texts ({@link io.spread.protocol.ErrorText}, answers) reach one client: through the TCP
 * outbound adapter, addressed by connection id, into the client's outbound queue.
 */
public class HubNotices {

	private static final Logger log = LoggerFactory.getLogger(HubNotices.class);

	/** The channel to each listener's outbound adapter, by the listener's bean name. */
	private final Map<String, MessageChannel> channels;

	/** Or the one channel of a listener on its own (the seeds' servers). */
	private final MessageChannel single;

	/** Notices to the clients of one listener. */
	public HubNotices(MessageChannel notices) {
		this.channels = null;
		this.single = notices;
	}

	/** Notices to the clients of each front end's listener. */
	public HubNotices(List<FrontEndBinding> frontEnds) {
		this.channels = frontEnds.stream()
			.collect(Collectors.toUnmodifiableMap(FrontEndBinding::listenerName, FrontEndBinding::notices));
		this.single = null;
	}

	/** Sends a notice to one connection, through its listener's outbound adapter. */
	public void send(ClientConnection connection, String text) {
		Message<String> notice = MessageBuilder.withPayload(text)
			.setHeader(IpHeaders.CONNECTION_ID, connection.getConnectionId())
			.build();
		MessageChannel channel = (this.single != null) ? this.single
				: this.channels.get(connection.getConnectionFactoryName());
		try {
			channel.send(notice);
		}
		catch (MessagingException ex) {
			log.debug("Notice to {} not sent, the connection is gone: {}", connection.getConnectionId(), ex.toString());
		}
	}

	/** Sends the client a last notice and closes it once what is queued for it has been written. */
	public void dismiss(ClientConnection connection, String text, CloseReason reason) {
		send(connection, text);
		connection.closeAfterFlush(reason);
	}

}
