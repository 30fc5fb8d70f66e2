package io.spread.cluster;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.hub.HubOperations;
import io.spread.hub.RelayService;
import io.spread.hub.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;
import org.springframework.integration.redis.inbound.RedisInboundChannelAdapter;
import org.springframework.integration.redis.outbound.RedisPublishingMessageHandler;
import org.springframework.messaging.MessageHandler;
import org.springframework.scheduling.TaskScheduler;

/**
 * Scale-out, part of the hub's message path when {@code spread.cluster.enabled=true}: frames a local client sends
 * go to local clients at once (in {@link HubOperations}) and, once per batch, through a bounded queue to Redis;
 * frames other replicas publish come back from Redis and go to every local client. One thread publishes and one
 * receives, so each sender's frames keep their order across replicas.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${spread.cluster.enabled:false} and '${spread.mode:server}'.equalsIgnoreCase('server')")
@EnableConfigurationProperties(ClusterProperties.class)
public class ClusterConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);


	@Bean
	public QueueChannel clusterPublishQueue(ClusterProperties cluster) {
		return new QueueChannel(cluster.getPublishQueue());
	}

	@Bean
	public ClusterLink clusterLink(ClusterProperties cluster, QueueChannel clusterPublishQueue, StringRedisTemplate redis,
			ObjectProvider<HubOperations> hub, TaskScheduler taskScheduler, MeterRegistry meters) {
		String replicaId = cluster.getReplicaId().isEmpty() ? UUID.randomUUID().toString() : cluster.getReplicaId();
		return new ClusterLink(replicaId, cluster, clusterPublishQueue, redis, hub, taskScheduler, meters);
	}

	@Bean(destroyMethod = "shutdownNow")
	public ExecutorService clusterPublisher() {
		return Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "spread-cluster-publish"));
	}

	@Bean(destroyMethod = "shutdownNow")
	public ExecutorService clusterReceiver() {
		return Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "spread-cluster-receive"));
	}

	/** Local frames to the other replicas: in order, on one thread, never holding up a sender. */
	@Bean
	public IntegrationFlow clusterPublishing(QueueChannel clusterPublishQueue, RedisConnectionFactory redis,
			ClusterProperties cluster, ClusterLink link, ExecutorService clusterPublisher) {
		RedisPublishingMessageHandler publisher = new RedisPublishingMessageHandler(redis);
		publisher.setTopic(cluster.getChannel());
		MessageHandler publishAndCount = batch -> {
			int frames = batch.getHeaders().get(ClusterLink.FRAMES_HEADER, Integer.class);
			try {
				publisher.handleMessage(batch);
				link.published(frames);
			}
			catch (RuntimeException ex) {
				link.publishFailed(frames, ex);
			}
		};
		return IntegrationFlow.from(clusterPublishQueue)
			.handle(publishAndCount, endpoint -> endpoint
				.poller(Pollers.fixedDelay(Duration.ofMillis(1)).maxMessagesPerPoll(-1).taskExecutor(clusterPublisher)))
			.get();
	}

	/** Other replicas' frames to every local client, skipping what this replica published itself. */
	@Bean
	public IntegrationFlow clusterReceiving(RedisConnectionFactory redis, ClusterProperties cluster, ClusterLink link,
			RelayService relay, ExecutorService clusterReceiver) {
		RedisInboundChannelAdapter subscriber = subscriber(redis, cluster.getChannel(), clusterReceiver);
		subscriber.setSerializer(null);
		return IntegrationFlow.from(subscriber)
			.transform(byte[].class, Envelope::decode)
			.filter(Envelope.class, envelope -> !envelope.originReplica().equals(link.replicaId()),
					// our own envelopes coming back are expected: dropped quietly, not logged as rejected
					filter -> filter.discardChannel("nullChannel"))
			.handle(Envelope.class, (envelope, headers) -> {
				relay.relayRemote(envelope.originConnection(), envelope.payloads());
				return null;
			})
			.get();
	}

	@Bean(destroyMethod = "shutdownNow")
	public ExecutorService clusterControlReceiver() {
		return Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "spread-cluster-control"));
	}

	/** Operators' actions and direct messages from other replicas: disconnect one of this replica's clients,
	 * send all a notice, or deliver a direct message to one. */
	@Bean
	public IntegrationFlow clusterControl(RedisConnectionFactory redis, ClusterProperties cluster, ClusterLink link,
			HubOperations hub, Router router, ExecutorService clusterControlReceiver) {
		return IntegrationFlow.from(subscriber(redis, cluster.getControlChannel(), clusterControlReceiver))
			// a message that is not a command is logged in one line by readCommand and goes no further
			.handle(String.class, (published, headers) -> link.readCommand(published))
			.filter(ControlCommand.class, link::concerns, filter -> filter.discardChannel("nullChannel"))
			.handle(ControlCommand.class, (command, headers) -> {
				if (ControlCommand.DISCONNECT.equals(command.action())) {
					hub.disconnect(command.argument());
				}
				else if (ControlCommand.ANNOUNCE.equals(command.action())) {
					hub.announce(command.argument());
				}
				else if (ControlCommand.DIRECT.equals(command.action())) {
					deliverDirect(router, command.argument());
				}
				return null;
			})
			.get();
	}

	private static void deliverDirect(Router router, String argument) {
		try {
			DirectMessage message = DirectMessage.decode(argument);
			router.directLocal(message.from(), message.to(), message.payload());
		}
		catch (IllegalArgumentException ex) {
			log.warn("Cluster: ignored a direct message on the control channel that is not one: {}", ex.getMessage());
		}
	}

	/** A Redis subscription to one channel, received on one thread so that what arrives keeps its order. */
	private static RedisInboundChannelAdapter subscriber(RedisConnectionFactory redis, String channel,
			ExecutorService thread) {
		RedisInboundChannelAdapter subscriber = new RedisInboundChannelAdapter(redis);
		subscriber.setTopics(channel);
		subscriber.setTaskExecutor(thread);
		return subscriber;
	}

	@Bean
	public ClusterHealthIndicator clusterHealthIndicator(ClusterLink link) {
		return new ClusterHealthIndicator(link);
	}

}
