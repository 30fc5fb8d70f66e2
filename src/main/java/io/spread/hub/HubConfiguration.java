package io.spread.hub;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.spread.config.TcpProperties;
import io.spread.codec.FrameCodec;
import io.spread.connection.HubConnection;
import io.spread.connection.HubListener;
import io.spread.connection.OutboundWriters;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.scheduling.TaskScheduler;

/**
 * The hub's message path, top to bottom:
 * <ol>
 * <li>the NIO listener reads each socket; each {@link HubConnection} cuts its stream into frames with the
 * configured framing and hands over every frame that has arrived as one batch;
 * <li>the TCP inbound adapter turns each batch into a message (sender, sequence number, receipt time);
 * <li>{@link SenderOrder} puts each sender's batches back in the order they were read;
 * <li>what a client sends after {@code close} or a broken header is discarded;
 * <li>the {@link BroadcastService} relays data frames by queuing them once, encoded, on every other connection,
 * and acts on {@code close} and oversized frames ({@link FrameKind});
 * <li>each {@link HubConnection}'s queue is written by a writer thread that never blocks on a slow socket.
 * </ol>
 * Notices to one client (welcome, errors) go out through the TCP outbound adapter into the same queues.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
@EnableConfigurationProperties(HubProperties.class)
public class HubConfiguration {

	@Bean
	public HubMetrics hubMetrics(MeterRegistry registry) {
		return new HubMetrics(registry);
	}

	@Bean
	public OutboundWriters outboundWriters(HubProperties hub, HubMetrics metrics) {
		return new OutboundWriters(hub.getWriterThreads(), hub.getOutboundBuffer().toBytes(),
				hub.getSlowConsumerPolicy(), hub.getCloseTimeout(), metrics);
	}

	@Bean
	public HubMessageMapper hubMessageMapper() {
		return new HubMessageMapper();
	}

	@Bean
	public TcpNioServerConnectionFactory hubListener(TcpProperties tcp, FrameCodec codec, HubMessageMapper mapper,
			OutboundWriters writers) {

		TcpNioServerConnectionFactory listener = new HubListener(tcp.getPort());
		listener.setLocalAddress(tcp.getHost());
		listener.setBacklog(tcp.getBacklog());
		listener.setDeserializer(codec);
		listener.setSerializer(codec);
		listener.setMapper(mapper);
		listener.setLookupHost(false);
		listener.setSoTcpNoDelay(true);
		listener.setTcpNioConnectionSupport((channel, server, lookupHost, publisher, factoryName) ->
				new HubConnection(channel, server, lookupHost, publisher, factoryName, codec, writers));
		return listener;
	}

	@Bean
	public MessageChannel hubNotices() {
		return new DirectChannel();
	}

	@Bean
	public BroadcastService broadcastService(FrameCodec codec, HubProperties hub, MessageChannel hubNotices,
			HubMetrics metrics, ObjectProvider<Peers> peers) {
		return new BroadcastService(codec, hub, hubNotices, metrics, peers.getIfAvailable(() -> Peers.NONE));
	}

	@Bean
	public SenderOrder senderOrder() {
		return new SenderOrder();
	}

	/** Socket to sockets: every frame a client sends. */
	@Bean
	public IntegrationFlow inboundFrames(TcpNioServerConnectionFactory hubListener, SenderOrder senderOrder,
			BroadcastService hub) {

		return IntegrationFlow.from(Tcp.inboundAdapter(hubListener))
			.handle(senderOrder)
			.filter(Message.class, hub::inputWanted)
			.handle(hub::relay)
			.get();
	}

	/** Server to one client: notices addressed by connection id. */
	@Bean
	public IntegrationFlow outboundNotices(MessageChannel hubNotices, TcpNioServerConnectionFactory hubListener) {
		return IntegrationFlow.from(hubNotices).handle(Tcp.outboundAdapter(hubListener)).get();
	}

	@Bean
	public HubHealthIndicator hubHealthIndicator(TcpNioServerConnectionFactory hubListener, TcpProperties tcp,
			BroadcastService hub) {
		return new HubHealthIndicator(hubListener, tcp, hub);
	}

	@Bean
	public HubLifecycle hubLifecycle(BroadcastService hub, TcpNioServerConnectionFactory hubListener,
			HubProperties properties, TaskScheduler taskScheduler, ApplicationEventPublisher events) {
		return new HubLifecycle(hub, hubListener, properties, taskScheduler, events);
	}

	@Bean
	public AdminEndpoints.Sessions sessionsEndpoint(BroadcastService hub) {
		return new AdminEndpoints.Sessions(hub);
	}

	@Bean
	public AdminEndpoints.Broadcast broadcastEndpoint(BroadcastService hub) {
		return new AdminEndpoints.Broadcast(hub);
	}

	@Bean
	public MeterBinder hubGauges(BroadcastService hub) {
		return registry -> {
			Gauge.builder("spread.connections.active", hub, BroadcastService::clientCount)
				.description("Clients connected now")
				.register(registry);
			Gauge.builder("spread.outbound.buffered", hub, BroadcastService::bufferedBytes)
				.description("Bytes queued for clients and not yet written")
				.baseUnit("bytes")
				.register(registry);
		};
	}

}
