package io.spread.hub;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.spread.codec.FrameCodec;
import io.spread.config.TcpProperties;
import io.spread.logging.ClientLog;
import io.spread.connection.HubConnection;
import io.spread.connection.HubListener;
import io.spread.connection.MemoryBudget;
import io.spread.connection.OutboundLimits;
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
import org.springframework.messaging.MessageChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The hub's message path, top to bottom:
 * <ol>
 * <li>the NIO {@link HubListener} selects every socket; a fixed pool of reader threads reads them, and each
 * {@link HubConnection} cuts what it read into frames with the configured framing and hands over every frame that
 * read completed as one batch, on the reader thread, so each sender's batches arrive in order;
 * <li>the TCP inbound adapter turns each batch into a message (sender, receipt time);
 * <li>the {@link BroadcastService} relays data frames by queuing them once, encoded, on every other client of the
 * {@link SessionRegistry}, and acts on {@code close} and oversized frames;
 * <li>each {@link HubConnection}'s queue is written by a writer thread that never blocks on a slow socket.
 * </ol>
 * Notices to one client (welcome, errors) go out through the TCP outbound adapter into the same queues
 * ({@link HubNotices}). The registry follows the TCP connection events.
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
	public MemoryBudget memoryBudget(HubProperties hub) {
		return new MemoryBudget(hub.memoryBudgetBytes(Runtime.getRuntime().maxMemory()));
	}

	@Bean
	public OutboundWriters outboundWriters(HubProperties hub, MemoryBudget memoryBudget, HubMetrics metrics) {
		OutboundLimits limits = new OutboundLimits(hub.getOutboundBuffer().toBytes(),
				hub.getOutboundBufferMax().toBytes(), hub.getSlowConsumerGrace(), hub.getSlowConsumerPolicy());
		return new OutboundWriters(hub.getWriterThreads(), limits, memoryBudget, hub.getCloseTimeout(), metrics);
	}

	/**
	 * The listener's threads: one runs its select loop, the others read sockets and relay what they read. A fixed
	 * pool, so the thread count does not grow with clients or traffic; its queue holds at most one read per
	 * connection, because the listener does not select a socket again until its read is done.
	 */
	@Bean(destroyMethod = "shutdownNow")
	public ExecutorService hubReaders(HubProperties hub) {
		return Executors.newFixedThreadPool(hub.getReaderThreads() + 1, new CustomizableThreadFactory("spread-reader-"));
	}

	@Bean
	public HubMessageMapper hubMessageMapper() {
		return new HubMessageMapper();
	}

	@Bean
	public HubListener hubListener(TcpProperties tcp, FrameCodec codec, HubMessageMapper mapper,
			OutboundWriters writers, ExecutorService hubReaders) {

		HubListener listener = new HubListener(tcp.getPort(), codec, writers, tcp.isStripTelnet(), "c");
		listener.applySocketOptions(tcp.getHost(), tcp);
		listener.setMapper(mapper);
		listener.setTaskExecutor(hubReaders);
		return listener;
	}

	@Bean
	public MessageChannel hubNotices() {
		return new DirectChannel();
	}

	@Bean
	public HubNotices notices(MessageChannel hubNotices) {
		return new HubNotices(hubNotices);
	}

	@Bean
	public SessionRegistry sessionRegistry(HubProperties hub, HubNotices notices, HubMetrics metrics,
			ObjectProvider<Peers> peers) {
		return new SessionRegistry("hubListener", hub, notices, metrics, peers.getIfAvailable(() -> Peers.NONE));
	}

	@Bean
	public BroadcastService broadcastService(SessionRegistry registry, HubNotices notices, FrameCodec codec,
			MemoryBudget memoryBudget, HubProperties hub, HubMetrics metrics, ObjectProvider<Peers> peers) {
		return new BroadcastService(registry, notices, codec, memoryBudget, hub, metrics,
				peers.getIfAvailable(() -> Peers.NONE));
	}

	/** Socket to sockets: every frame a client sends. */
	@Bean
	public IntegrationFlow inboundFrames(HubListener hubListener, BroadcastService hub) {
		return IntegrationFlow.from(Tcp.inboundAdapter(hubListener)).handle(hub::relay).get();
	}

	/** Server to one client: notices addressed by connection id. */
	@Bean
	public IntegrationFlow outboundNotices(MessageChannel hubNotices, HubListener hubListener) {
		return IntegrationFlow.from(hubNotices).handle(Tcp.outboundAdapter(hubListener)).get();
	}

	@Bean
	public HubHealthIndicator hubHealthIndicator(HubListener hubListener, TcpProperties tcp, BroadcastService hub) {
		return new HubHealthIndicator(hubListener, tcp, hub);
	}

	@Bean
	public HubLifecycle hubLifecycle(BroadcastService hub, HubListener hubListener, SessionRegistry registry,
			MemoryBudget memoryBudget, HubProperties properties, TaskScheduler taskScheduler,
			ApplicationEventPublisher events) {
		return new HubLifecycle(hub, hubListener, new MemoryGuard(memoryBudget, registry), properties, taskScheduler,
				events);
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
	public MeterBinder hubGauges(BroadcastService hub, MemoryBudget budget, HubProperties properties) {
		return registry -> {
			Gauge.builder("spread.connections.active", hub, BroadcastService::clientCount)
				.description("Clients connected now")
				.register(registry);
			Gauge.builder("spread.outbound.buffered", hub, BroadcastService::bufferedBytes)
				.description("Bytes queued for clients and not yet written, counted per client")
				.baseUnit("bytes")
				.register(registry);
			Gauge.builder("spread.memory.queued", budget, MemoryBudget::queuedBytes)
				.description("Bytes of queued output the hub holds, each shared chunk counted once")
				.baseUnit("bytes")
				.register(registry);
			Gauge.builder("spread.memory.partial-input", budget, MemoryBudget::partialInputBytes)
				.description("Bytes the hub holds for unfinished frames read from clients")
				.baseUnit("bytes")
				.register(registry);
			Gauge.builder("spread.memory.budget", budget, MemoryBudget::limit)
				.description("spread.hub.memory-budget in bytes")
				.baseUnit("bytes")
				.register(registry);
			Gauge.builder("spread.threads.readers", properties, HubProperties::getReaderThreads)
				.description("Threads that read and relay client input (spread.hub.reader-threads)")
				.register(registry);
			FunctionCounter.builder("spread.log.suppressed", ClientLog.class, type -> ClientLog.suppressed())
				.description("Client log lines left out by the log rate limit")
				.register(registry);
		};
	}

}
