package io.spread.cluster;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.history.HistoryProperties;
import io.spread.hub.HubOperations;
import io.spread.hub.Rooms;
import io.spread.hub.Router;
import io.spread.hub.SessionRegistry;
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
import org.springframework.integration.redis.support.RedisHeaders;
import org.springframework.scheduling.TaskScheduler;

/**
 * Scale-out, part of the hub's message path when {@code spread.cluster.enabled=true}: what local clients publish to
 * a room goes, through a bounded queue and one publishing thread, to Redis, which numbers it, keeps it in the room's
 * history and publishes it on the room's channel; every replica receives the rooms' channels on one thread and
 * delivers to its members. So every member sees one order and one numbering, and each sender's messages keep their
 * order across replicas ({@link ClusterRooms}).
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
	public ClusterLink clusterLink(ClusterProperties cluster, ObjectProvider<ClusterRooms> clusterRooms,
			StringRedisTemplate redis, ObjectProvider<HubOperations> hub, TaskScheduler taskScheduler,
			MeterRegistry meters) {
		String replicaId = cluster.getReplicaId().isEmpty() ? UUID.randomUUID().toString() : cluster.getReplicaId();
		return new ClusterLink(replicaId, cluster, clusterRooms, redis, hub, taskScheduler, meters);
	}

	@Bean
	public ClusterRooms clusterRooms(ClusterLink link, ClusterProperties cluster, QueueChannel clusterPublishQueue,
			StringRedisTemplate redis, ObjectProvider<Rooms> rooms, ObjectProvider<Router> router,
			ObjectProvider<SessionRegistry> registry, HistoryProperties history) {
		return new ClusterRooms(link.replicaId(), cluster.getRoomChannelPrefix(), clusterPublishQueue, redis, rooms,
				router, registry, history.getSize(), history.getTtl(), link);
	}

	@Bean(destroyMethod = "shutdownNow")
	public ExecutorService clusterPublisher() {
		return Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "spread-cluster-publish"));
	}

	@Bean(destroyMethod = "shutdownNow")
	public ExecutorService clusterReceiver(ClusterProperties cluster, MeterRegistry meters) {
		return ReceivingThread.start("spread-cluster-receive", "rooms", cluster.getReceiveQueue(), meters);
	}

	/** Local rooms' messages and presence to Redis: in order, on one thread, never holding up a sender. */
	@Bean
	public IntegrationFlow clusterPublishing(QueueChannel clusterPublishQueue, ClusterRooms rooms,
			ExecutorService clusterPublisher) {
		return IntegrationFlow.from(clusterPublishQueue)
			.handle(ClusterRooms.Outgoing.class, (outgoing, headers) -> {
				rooms.publishQueued(outgoing);
				return null;
			}, endpoint -> endpoint
				.poller(Pollers.fixedDelay(Duration.ofMillis(1)).maxMessagesPerPoll(-1).taskExecutor(clusterPublisher)))
			.get();
	}

	/** Every room's channel, one pattern subscription: what Redis numbered, to the members here. */
	@Bean
	public IntegrationFlow clusterReceiving(RedisConnectionFactory redis, ClusterProperties cluster, ClusterRooms rooms,
			ExecutorService clusterReceiver) {
		RoomChannelsAdapter subscriber = new RoomChannelsAdapter(redis, cluster.getRoomChannelPrefix() + "*",
				clusterReceiver);
		return IntegrationFlow.from(subscriber)
			.handle(byte[].class, (event, headers) -> {
				rooms.received(headers.get(RedisHeaders.MESSAGE_SOURCE, String.class), event);
				return null;
			})
			.get();
	}

	@Bean(destroyMethod = "shutdownNow")
	public ExecutorService clusterControlReceiver(ClusterProperties cluster, MeterRegistry meters) {
		return ReceivingThread.start("spread-cluster-control", "control", cluster.getReceiveQueue(), meters);
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
