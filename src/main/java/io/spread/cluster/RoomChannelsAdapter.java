package io.spread.cluster;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.integration.redis.support.RedisHeaders;
import org.springframework.integration.support.MessageBuilder;

/**
 * Every room's channel through one pattern subscription, each message with the channel it was published on in
 * {@link RedisHeaders#MESSAGE_SOURCE}. (Spring Integration's {@code RedisInboundChannelAdapter} puts the pattern
 * there, not the channel, so a room could not be told from its message without reading it.)
 */
final class RoomChannelsAdapter extends MessageProducerSupport implements MessageListener {

	private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

	private final String pattern;

	RoomChannelsAdapter(RedisConnectionFactory redis, String pattern, Executor thread) {
		this.pattern = pattern;
		this.container.setConnectionFactory(redis);
		this.container.setTaskExecutor(thread);
	}

	@Override
	protected void onInit() {
		super.onInit();
		this.container.addMessageListener(this, new PatternTopic(this.pattern));
		this.container.afterPropertiesSet();
	}

	@Override
	protected void doStart() {
		this.container.start();
	}

	@Override
	protected void doStop() {
		this.container.stop();
	}

	@Override
	public void destroy() {
		super.destroy();
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			// stopping anyway
		}
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		if (!isRunning()) {
			// queued for the receiving thread before the replica began to stop: the handler after it may be gone
			return;
		}
		sendMessage(MessageBuilder.withPayload(message.getBody())
			.setHeader(RedisHeaders.MESSAGE_SOURCE, new String(message.getChannel(), StandardCharsets.UTF_8))
			.build());
	}

}
