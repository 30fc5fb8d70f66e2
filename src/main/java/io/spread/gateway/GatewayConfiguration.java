package io.spread.gateway;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Frame;
import io.spread.codec.FrameBatch;
import io.spread.codec.FrameCodec;
import io.spread.codec.OversizedFrame;
import io.spread.config.AddressRanges;
import io.spread.config.ListenerPortKey;
import io.spread.config.TcpProperties;
import io.spread.connection.ClientConnection;
import io.spread.connection.HubListener;
import io.spread.connection.OutboundWriters;
import io.spread.hub.FrontEndBinding;
import io.spread.hub.HubMessageMapper;
import io.spread.hub.HubNotices;
import io.spread.hub.OversizedFrames;
import io.spread.hub.RateLimiter;
import io.spread.hub.ReadyLine;
import io.spread.hub.Recovery;
import io.spread.hub.Rooms;
import io.spread.hub.Router;
import io.spread.hub.Session;
import io.spread.hub.SessionRegistry;
import io.spread.security.TokenVerifier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.core.GenericHandler;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.MessageChannels;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

/**
 * The gateway listener (SPEC section 8), socket to handler:
 * <ol>
 * <li>the gateway's {@link HubListener} reads each client's frames in its framing and hands them over in batches,
 * on the client's reader thread, like the relay's;
 * <li>the flow splits each batch into frames and parses each into a {@link Command};
 * <li>a router sends each command by its verb to its method in {@link GatewayCommands} (or to the error answers);
 * <li>those act on the hub's one model, the {@link Rooms} and the {@link SessionRegistry}, and what others receive
 * goes out through the {@link Router}, encoded by the {@link GatewayFrontEnd}; answers go through the gateway's TCP
 * outbound adapter.
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
@ConditionalOnProperty(name = "spread.gateway.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration {

	/** Verbs a client may send before it has a name. */
	private static final Set<String> BEFORE_HELLO = Set.of("HELLO", "PING", "QUIT", "CLOSE");

	@Bean(defaultCandidate = false)
	public FrameCodec gatewayCodec(GatewayProperties gateway, TcpProperties tcp) {
		return gateway.getFraming().codec((int) tcp.getMaxFrameSize().toBytes(), tcp.getLineTerminator());
	}

	@Bean(defaultCandidate = false)
	public HubListener gatewayListener(GatewayProperties gateway, TcpProperties tcp,
			@Qualifier("gatewayCodec") FrameCodec gatewayCodec,
			HubMessageMapper hubMessageMapper, OutboundWriters writers,
			ExecutorService hubReaders, SslBundles sslBundles) {
		HubListener listener = new HubListener(gateway.getPort(), gatewayCodec, writers, tcp.isStripTelnet(), "g");
		listener.applySocketOptions(gateway.getHost().isEmpty() ? tcp.getHost() : gateway.getHost(), tcp);
		listener.setMapper(hubMessageMapper);
		listener.setTaskExecutor(hubReaders);
		listener.setTls(gateway.getSsl().tls(sslBundles, "spread.gateway.ssl"));
		return listener;
	}

	/** The {@code gateway} component of health. */
	@Bean
	public GatewayHealthIndicator gatewayHealthIndicator(@Qualifier("gatewayListener") HubListener gatewayListener,
			GatewayProperties gateway, Rooms rooms) {
		return new GatewayHealthIndicator(gatewayListener, gateway, rooms);
	}

	/** The gateway port, on the ready line after the relay's. */
	@Bean
	@Order(2)
	public ReadyLine.Listener gatewayReadyLine(@Qualifier("gatewayListener") HubListener gatewayListener,
			GatewayProperties gateway, TcpProperties tcp) {
		return new ReadyLine.Listener("gateway", gateway.getHost().isEmpty() ? tcp.getHost() : gateway.getHost(),
				gatewayListener, gateway.getFraming(), gateway.getSsl().getBundle());
	}

	/** A port in use stops start-up with a message naming spread.gateway.port. */
	@Bean
	public ListenerPortKey gatewayPortKey() {
		return new ListenerPortKey("gatewayListener", "spread.gateway.port");
	}

	@Bean(defaultCandidate = false)
	public MessageChannel gatewayNotices() {
		return new DirectChannel();
	}

	@Bean
	public FrontEndBinding gatewayFrontEnd(@Qualifier("gatewayCodec") FrameCodec gatewayCodec,
			@Qualifier("gatewayNotices") MessageChannel gatewayNotices, GatewayProperties gateway) {
		return new FrontEndBinding("gatewayListener", new GatewayFrontEnd(gatewayCodec), gatewayNotices,
				new AddressRanges(gateway.getAllow()), "spread.gateway.allow");
	}

	@Bean
	public GatewayCommands gatewayCommandHandlers(SessionRegistry registry, Rooms rooms, Router router,
			Recovery recovery, HubNotices notices, RateLimiter rateLimiter, ObjectProvider<TokenVerifier> tokens) {
		return new GatewayCommands(registry, rooms, router, recovery, notices, rateLimiter, tokens.getIfAvailable());
	}

	/** Socket to handlers: every frame a gateway client sends, routed by its verb. */
	@Bean
	public IntegrationFlow gatewayInbound(@Qualifier("gatewayListener") HubListener gatewayListener,
			SessionRegistry registry,
			GatewayCommands commands, Recovery recovery, OversizedFrames oversized, MeterRegistry meters) {
		Handlers on = new Handlers(registry, meters);
		return IntegrationFlow.from(Tcp.inboundAdapter(gatewayListener))
			// once a read's commands are handled, rooms joined in it go live (after any HISTORY it held); browsers'
			// commands on /ws/gateway join here (io.spread.websocket.WebSocketConfiguration)
			.channel(MessageChannels.direct("gatewayFrames").interceptor(new CatchUpAfterRead(registry, recovery)))
			.split(FrameBatch.class, FrameBatch::frames)
			.filter(Message.class, on::fromLiveClient)
			.<Frame, Boolean>route(frame -> frame instanceof OversizedFrame, oversize -> oversize
				.subFlowMapping(true, tooLarge -> tooLarge.handle(OversizedFrame.class, (frame, headers) -> {
					oversized.reject(headers.get(HubMessageMapper.SENDER, ClientConnection.class), frame);
					return null;
				}))
				.subFlowMapping(false, data -> data.transform(Frame.Data.class, frame -> Command.parse(frame.payload()))
					.route(Message.class, on::routeCounted, byVerb -> byVerb
						.subFlowMapping("HELLO", verb -> verb.handle(on.client(commands::hello)))
						.subFlowMapping("JOIN", verb -> verb.handle(on.client(commands::join)))
						.subFlowMapping("LEAVE", verb -> verb.handle(on.client(commands::leave)))
						.subFlowMapping("PUB", verb -> verb.handle(on.client(commands::pub)))
						.subFlowMapping("SEND", verb -> verb.handle(on.client(commands::send)))
						.subFlowMapping("WHO", verb -> verb.handle(on.client(commands::who)))
						.subFlowMapping("ROOMS", verb -> verb.handle(on.client(commands::rooms)))
						.subFlowMapping("HISTORY", verb -> verb.handle(on.client(commands::history)))
						.subFlowMapping("PING", verb -> verb.handle(on.client(commands::ping)))
						.subFlowMapping("QUIT", verb -> verb.handle(on.client(commands::quit)))
						.subFlowMapping("CLOSE", verb -> verb.handle(on.client(commands::quit)))
						.subFlowMapping(Routes.UNKNOWN, verb -> verb.handle(on.client(commands::unknown)))
						.subFlowMapping(Routes.BAD_ARGS, verb -> verb.handle(on.client(commands::badArgs)))
						.subFlowMapping(Routes.HELLO_FIRST, verb -> verb.handle(on.client(commands::helloFirst)))
						.channelMapping(Routes.EMPTY, "nullChannel"))))
			.get();
	}

	/** Server to one gateway client: answers and errors, addressed by connection id. */
	@Bean
	public IntegrationFlow gatewayOutbound(@Qualifier("gatewayNotices") MessageChannel gatewayNotices,
			@Qualifier("gatewayListener") HubListener gatewayListener) {
		return IntegrationFlow.from(gatewayNotices).handle(Tcp.outboundAdapter(gatewayListener)).get();
	}

	/** Route keys besides the verbs. */
	static final class Routes {

		static final String UNKNOWN = "UNKNOWN";

		static final String BAD_ARGS = "BAD-ARGS";

		static final String HELLO_FIRST = "HELLO-FIRST";

		static final String EMPTY = "EMPTY";

	}

	/** The glue between messages and {@link GatewayCommands}: the sender's session, the route key, meters. */
	private static final class Handlers {

		private final SessionRegistry registry;

		private final MeterRegistry meters;

		private final Map<String, Counter> commands = new ConcurrentHashMap<>();

		Handlers(SessionRegistry registry, MeterRegistry meters) {
			this.registry = registry;
			this.meters = meters;
		}

		Session session(Message<?> message) {
			return this.registry.get(HubMessageMapper.sender(message).getConnectionId());
		}

		/** Frames of clients the registry admitted and that have not stopped being heard (QUIT, limits). */
		boolean fromLiveClient(Message<?> message) {
			ClientConnection sender = HubMessageMapper.sender(message);
			return !sender.isInputEnded() && this.registry.get(sender.getConnectionId()) != null;
		}

		/** Where a command goes: its verb, or the answer to what is wrong with it. */
		String route(Message<?> message) {
			Command command = (Command) message.getPayload();
			if (command.verb().isEmpty()) {
				return Routes.EMPTY;
			}
			if (command.verb().equals(Command.UNKNOWN)) {
				return Routes.UNKNOWN;
			}
			if (!command.wellFormed()) {
				return Routes.BAD_ARGS;
			}
			Session session = session(message);
			if (session != null && session.name() == null && !BEFORE_HELLO.contains(command.verb())) {
				return Routes.HELLO_FIRST;
			}
			return command.verb();
		}

		/** {@link #route}, counted by route key, and as a frame in of its sender's. */
		String routeCounted(Message<?> message) {
			String key = route(message);
			this.commands.computeIfAbsent(key, this::counter).increment();
			HubMessageMapper.sender(message).countFramesIn(1);
			return key;
		}

		/** Route keys are the verbs and the few {@link Routes}: a fixed set, so the tag stays bounded. */
		private Counter counter(String key) {
			return Counter.builder("spread.gateway.commands")
				.description("Gateway commands, by verb (or by what was wrong with them)")
				.tag("verb", key)
				.register(this.meters);
		}

		/** A handler of one verb, given the command and the sender's session. */
		GenericHandler<Command> client(BiConsumer<Command, Session> handler) {
			return (command, headers) -> {
				Session session = this.registry.get(headers.get(HubMessageMapper.SENDER, ClientConnection.class)
					.getConnectionId());
				if (session != null) {
					handler.accept(command, session);
				}
				return null;
			};
		}

	}

}
