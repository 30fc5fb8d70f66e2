package io.spread.hub;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.spread.codec.FrameCodec;
import io.spread.config.AddressRanges;
import io.spread.config.TcpProperties;
import io.spread.connection.ClientConnection;
import io.spread.connection.HubListener;
import io.spread.connection.MemoryBudget;
import io.spread.connection.OutboundLimits;
import io.spread.connection.OutboundWriters;
import io.spread.history.HistoryProperties;
import io.spread.history.HistoryStore;
import io.spread.logging.ClientLog;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.messaging.MessageChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The hub's one model of clients, names and rooms, and the relay port as its first front end. A relay frame's path,
 * top to bottom:
 * <ol>
 * <li>the NIO {@link HubListener} selects every socket; a fixed pool of reader threads reads them, and each
 * {@link ClientConnection} cuts what it read into frames with the configured framing and hands over every frame that
 * read completed as one batch, on the reader thread, so each sender's batches arrive in order;
 * <li>the TCP inbound adapter turns each batch into a message (sender, receipt time);
 * <li>the {@link RelayService} publishes the data frames to the relay room of the {@link Rooms}, and acts on
 * {@code close} and oversized frames;
 * <li>the {@link Router} numbers them and queues them, encoded once per {@link FrontEnd}, on every other member;
 * <li>each {@link ClientConnection}'s queue is written by a writer thread that never blocks on a slow socket.
 * </ol>
 * The {@link SessionRegistry} follows the TCP connection events of every front end's listener and tells the rooms who
 * comes and goes. Answers and notices to one client (welcome, errors) go out through its listener's TCP outbound
 * adapter into the same queues ({@link HubNotices}). The gateway protocol is the second front end
 * ({@code io.spread.gateway.GatewayConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
@EnableConfigurationProperties({ HubProperties.class, HistoryProperties.class })
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
	 * The listeners' threads: one per front end's TCP listener runs its select loop, the others read sockets and relay
	 * what they read, for every listener. A fixed pool, so the thread count does not grow with clients or traffic;
	 * its queue holds at most one read per connection, because a listener does not select a socket again until its
	 * read is done.
	 */
	@Bean(destroyMethod = "shutdownNow")
	public ExecutorService hubReaders(HubProperties hub, ObjectProvider<FrontEndBinding> frontEnds,
			ListableBeanFactory beans) {
		// front ends served by a TCP listener (not WebSocket ones), told by bean name: the listeners need this pool
		int selectLoops = (int) frontEnds.orderedStream()
			.filter(frontEnd -> beans.containsBean(frontEnd.listenerName())
					&& beans.isTypeMatch(frontEnd.listenerName(), HubListener.class))
			.count();
		return Executors.newFixedThreadPool(hub.getReaderThreads() + selectLoops,
				new CustomizableThreadFactory("spread-reader-"));
	}

	@Bean
	public HubMessageMapper hubMessageMapper() {
		return new HubMessageMapper();
	}

	@Bean
	public HubListener hubListener(TcpProperties tcp, FrameCodec codec, HubMessageMapper mapper,
			OutboundWriters writers, ExecutorService hubReaders, SslBundles sslBundles) {

		HubListener listener = new HubListener(tcp.getPort(), codec, writers, tcp.isStripTelnet(), "c");
		listener.applySocketOptions(tcp.getHost(), tcp);
		listener.setMapper(mapper);
		listener.setTaskExecutor(hubReaders);
		listener.setTls(tcp.getSsl().tls(sslBundles, "spread.tcp.ssl"));
		return listener;
	}

	@Bean
	public MessageChannel hubNotices() {
		return new DirectChannel();
	}

	/** The relay port as a front end of the hub's one model: clients of the relay room, payloads bare. */
	@Bean
	public FrontEndBinding relayFrontEnd(FrameCodec codec, MessageChannel hubNotices, TcpProperties tcp) {
		return new FrontEndBinding("hubListener", new RelayFrontEnd(codec), hubNotices,
				new AddressRanges(tcp.getAllow()), "spread.tcp.allow");
	}

	@Bean
	public HubNotices notices(ObjectProvider<FrontEndBinding> frontEnds) {
		return new HubNotices(frontEnds.orderedStream().toList());
	}

	@Bean
	public SessionRegistry sessionRegistry(ObjectProvider<FrontEndBinding> frontEnds, HubProperties hub,
			HubNotices notices, HubMetrics metrics, ObjectProvider<Peers> peers) {
		Map<String, FrontEnd> byListener = frontEnds.orderedStream()
			.collect(Collectors.toMap(FrontEndBinding::listenerName, FrontEndBinding::frontEnd));
		SessionRegistry registry = new SessionRegistry(byListener, hub, notices, metrics,
				peers.getIfAvailable(() -> Peers.NONE));
		frontEnds.orderedStream()
			.forEach(binding -> registry.allowOnly(binding.listenerName(), binding.allowed(), binding.allowKey()));
		return registry;
	}

	@Bean
	public RoomMeters roomMeters(MeterRegistry meters) {
		return new RoomMeters(meters);
	}

	@Bean
	public Router router(SessionRegistry registry, MemoryBudget memoryBudget, RoomMeters roomMeters,
			ObjectProvider<Peers> peers, HubNotices notices) {
		return new Router(registry, memoryBudget, roomMeters, peers.getIfAvailable(() -> Peers.NONE), notices);
	}

	/** Room history (SPEC section 9), in memory: at most its share of the memory budget. */
	@Bean
	public HistoryStore historyStore(HistoryProperties history, MemoryBudget memoryBudget, MeterRegistry meters) {
		return new HistoryStore(history.getSize(), history.getTtl().toMillis(),
				memoryBudget.limit() / 100 * history.getMemoryShare(), meters);
	}

	@Bean
	public Rooms rooms(Router router, SessionRegistry registry, HubProperties hub, HistoryStore historyStore,
			ObjectProvider<Peers> peers, HubNotices notices) {
		Rooms rooms = new Rooms(router, hub.getRelayRoom(), hub.getMaxRoomsPerClient(), historyStore,
				peers.getIfAvailable(() -> Peers.NONE), notices);
		registry.addListener(rooms);
		return rooms;
	}

	@Bean
	public Recovery recovery(Rooms rooms, Router router, HistoryStore historyStore, ObjectProvider<Peers> peers) {
		return new Recovery(rooms, router, historyStore, peers.getIfAvailable(() -> Peers.NONE));
	}

	@Bean
	public OversizedFrames oversizedFrames(HubNotices notices, HubMetrics metrics) {
		return new OversizedFrames(notices, metrics);
	}

	@Bean
	public RateLimiter rateLimiter(HubProperties hub, HubNotices notices, HubMetrics metrics) {
		return new RateLimiter(hub, notices, metrics);
	}

	@Bean
	public RelayService relayService(SessionRegistry registry, Rooms rooms, Router router, HubNotices notices,
			OversizedFrames oversized, RateLimiter rateLimiter, HubMetrics metrics) {
		return new RelayService(registry, rooms, router, notices, oversized, rateLimiter, metrics);
	}

	@Bean
	public HubOperations hubOperations(SessionRegistry registry, Router router, HubNotices notices,
			ObjectProvider<Peers> peers) {
		return new HubOperations(registry, router, notices, peers.getIfAvailable(() -> Peers.NONE));
	}

	/**
	 * Socket to sockets: every frame a relay client sends, through {@code relayFrames}, which browsers' frames on
	 * {@code /ws/relay} join ({@code io.spread.websocket.WebSocketConfiguration}).
	 */
	@Bean
	public IntegrationFlow inboundFrames(HubListener hubListener, RelayService relay) {
		return IntegrationFlow.from(Tcp.inboundAdapter(hubListener)).channel("relayFrames").handle(relay::relay).get();
	}

	/** Server to one relay client: notices addressed by connection id. */
	@Bean
	public IntegrationFlow outboundNotices(MessageChannel hubNotices, HubListener hubListener) {
		return IntegrationFlow.from(hubNotices).handle(Tcp.outboundAdapter(hubListener)).get();
	}

	@Bean
	public HubHealthIndicator hubHealthIndicator(HubListener hubListener, TcpProperties tcp, HubOperations hub) {
		return new HubHealthIndicator(hubListener, tcp, hub);
	}

	@Bean
	public ReadyLine readyLine(List<ReadyLine.Listener> listeners) {
		return new ReadyLine(listeners);
	}

	/** The relay port, first on the ready line. */
	@Bean
	@Order(1)
	public ReadyLine.Listener relayReadyLine(HubListener hubListener, TcpProperties tcp) {
		return new ReadyLine.Listener("clients", tcp.getHost(), hubListener, tcp.getFraming(), tcp.getSsl().getBundle());
	}

	@Bean
	public HubLifecycle hubLifecycle(HubOperations hub, HubListener hubListener, SessionRegistry registry,
			MemoryBudget memoryBudget, HubNotices notices, Rooms rooms, HubProperties properties,
			TaskScheduler taskScheduler, ApplicationEventPublisher events) {
		MemoryGuard guard = new MemoryGuard(memoryBudget, registry, notices, properties.getSlowConsumerGrace());
		return new HubLifecycle(hub, hubListener, guard, rooms, properties, taskScheduler, events);
	}

	@Bean
	public AdminEndpoints.Sessions sessionsEndpoint(HubOperations hub) {
		return new AdminEndpoints.Sessions(hub);
	}

	@Bean
	public AdminEndpoints.RoomsEndpoint roomsEndpoint(Rooms rooms) {
		return new AdminEndpoints.RoomsEndpoint(rooms);
	}

	@Bean
	public AdminEndpoints.Broadcast broadcastEndpoint(HubOperations hub) {
		return new AdminEndpoints.Broadcast(hub);
	}

	@Bean
	public MeterBinder hubGauges(HubOperations hub, MemoryBudget budget, HubProperties properties) {
		return registry -> {
			Gauge.builder("spread.connections.active", hub, HubOperations::clientCount)
				.description("Clients connected now")
				.register(registry);
			Gauge.builder("spread.outbound.buffered", hub, HubOperations::bufferedBytes)
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
