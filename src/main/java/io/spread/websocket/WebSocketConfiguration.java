package io.spread.websocket;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.spread.codec.Frame;
import io.spread.codec.FrameBatch;
import io.spread.codec.FrameCodec;
import io.spread.codec.Framing;
import io.spread.config.AddressRanges;
import io.spread.config.TcpProperties;
import io.spread.connection.ClientConnection;
import io.spread.connection.OutboundWriters;
import io.spread.gateway.GatewayFrontEnd;
import io.spread.hub.FrontEndBinding;
import io.spread.hub.HubMessageMapper;
import io.spread.hub.OversizedFrames;
import io.spread.hub.RelayFrontEnd;
import io.spread.hub.SessionRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.integration.websocket.ServerWebSocketContainer;
import org.springframework.integration.websocket.inbound.WebSocketInboundChannelAdapter;
import org.springframework.integration.websocket.outbound.WebSocketOutboundMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

/**
 * WebSocket clients on the HTTP port (SPEC section 12), as two more front ends of the hub's one model. A browser's
 * message, socket to sockets:
 * <ol>
 * <li>Spring Integration's {@link ServerWebSocketContainer} serves the endpoint; {@link ClientSessions} around its
 * handler makes each session a {@code WebSocketConnection}, admits it to the {@link SessionRegistry} and puts each
 * message together from its parts, held to {@code spread.tcp.max-frame-size};
 * <li>the {@link WebSocketInboundChannelAdapter} turns each message into a Spring Integration message; here it
 * becomes a batch of one frame from its sender, the same as a TCP read;
 * <li>which goes into the channel that the TCP front end's frames go into: {@code relayFrames} (the relay service)
 * or {@code gatewayFrames} (the gateway's command router);
 * <li>from there on it is any client's frame: the router queues what others receive on their connections, and a
 * browser's connection sends each frame as one WebSocket message.
 * </ol>
 * The hub's texts to one browser (welcome, answers, errors) go out through a {@link WebSocketOutboundMessageHandler}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
@ConditionalOnProperty(name = "spread.websocket.enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(WebSocketProperties.class)
public class WebSocketConfiguration {

	/** Registry name of the {@code /ws/relay} front end. */
	public static final String RELAY = "wsRelay";

	/** Registry name of the {@code /ws/gateway} front end. */
	public static final String GATEWAY = "wsGateway";

	/**
	 * How the front ends encode what WebSocket clients receive: length-prefixed, so that each browser's connection
	 * can cut a shared chunk back into frames, one message each.
	 */
	@Bean(defaultCandidate = false)
	public FrameCodec webSocketCodec(TcpProperties tcp) {
		return Framing.LENGTH_PREFIXED.codec((int) tcp.getMaxFrameSize().toBytes(), tcp.getLineTerminator());
	}

	/**
	 * The thread that closes browsers' sessions: the servlet container writes a close frame blocking (for a few
	 * milliseconds at most here), which no hub thread may wait on. Its queue holds at most one close per session.
	 */
	@Bean(destroyMethod = "shutdown", defaultCandidate = false)
	public ExecutorService webSocketCloser() {
		return Executors.newSingleThreadExecutor(new CustomizableThreadFactory("spread-ws-closer-"));
	}

	/** The WebSocket endpoints speak their own protocols: the admin login is not theirs (tokens are the gateway's). */
	@Bean
	@Order(1)
	public SecurityFilterChain webSocketFilterChain(HttpSecurity http) throws Exception {
		return http.securityMatcher("/ws/**")
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.build();
	}

	// ---- /ws/relay: each message one relay frame

	@Bean
	public ServerWebSocketContainer relayWebSocket(WebSocketProperties webSocket,
			@Qualifier("webSocketCodec") FrameCodec codec, OutboundWriters writers, SessionRegistry registry,
			OversizedFrames oversized, @Qualifier("webSocketCloser") ExecutorService closer) {
		return endpoint("/ws/relay", webSocket, handler -> new ClientSessions(handler, RELAY, "w", codec, writers,
				registry, oversized, closer));
	}

	@Bean(defaultCandidate = false)
	public MessageChannel relayWebSocketNotices() {
		return new DirectChannel();
	}

	@Bean
	public FrontEndBinding relayWebSocketFrontEnd(@Qualifier("webSocketCodec") FrameCodec codec,
			@Qualifier("relayWebSocketNotices") MessageChannel notices, WebSocketProperties webSocket) {
		return new FrontEndBinding(RELAY, new RelayFrontEnd(codec), notices, new AddressRanges(webSocket.getAllow()),
				"spread.websocket.allow");
	}

	/** Browser to the relay: every message, as a frame into the relay's flow. */
	@Bean
	public IntegrationFlow relayWebSocketInbound(@Qualifier("relayWebSocket") ServerWebSocketContainer container) {
		return IntegrationFlow.from(inboundAdapter(container))
			.transform(Message.class, WebSocketConfiguration::asFrames)
			.channel("relayFrames")
			.get();
	}

	/** Hub to one browser on /ws/relay: notices addressed by connection id. */
	@Bean
	public IntegrationFlow relayWebSocketOutbound(@Qualifier("relayWebSocketNotices") MessageChannel notices,
			@Qualifier("relayWebSocket") ServerWebSocketContainer container) {
		return outbound(notices, container);
	}

	// ---- /ws/gateway: each message one gateway command

	/** Only with the gateway on. Component scanning finds this class on its own, so it repeats the outer conditions. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
	@ConditionalOnProperty(name = "spread.websocket.enabled", havingValue = "true", matchIfMissing = true)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnProperty(name = "spread.gateway.enabled", havingValue = "true", matchIfMissing = true)
	static class Gateway {

		@Bean
		public ServerWebSocketContainer gatewayWebSocket(WebSocketProperties webSocket,
				@Qualifier("webSocketCodec") FrameCodec codec, OutboundWriters writers, SessionRegistry registry,
				OversizedFrames oversized, @Qualifier("webSocketCloser") ExecutorService closer) {
			return endpoint("/ws/gateway", webSocket, handler -> new ClientSessions(handler, GATEWAY, "wg", codec,
					writers, registry, oversized, closer));
		}

		@Bean(defaultCandidate = false)
		public MessageChannel gatewayWebSocketNotices() {
			return new DirectChannel();
		}

		@Bean
		public FrontEndBinding gatewayWebSocketFrontEnd(@Qualifier("webSocketCodec") FrameCodec codec,
				@Qualifier("gatewayWebSocketNotices") MessageChannel notices, WebSocketProperties webSocket) {
			return new FrontEndBinding(GATEWAY, new GatewayFrontEnd(codec), notices,
					new AddressRanges(webSocket.getAllow()), "spread.websocket.allow");
		}

		/** Browser to the gateway: every message, as a command into the gateway's flow. */
		@Bean
		public IntegrationFlow gatewayWebSocketInbound(
				@Qualifier("gatewayWebSocket") ServerWebSocketContainer container) {
			return IntegrationFlow.from(inboundAdapter(container))
				.transform(Message.class, WebSocketConfiguration::asFrames)
				.channel("gatewayFrames")
				.get();
		}

		/** Hub to one browser on /ws/gateway: answers and errors addressed by connection id. */
		@Bean
		public IntegrationFlow gatewayWebSocketOutbound(
				@Qualifier("gatewayWebSocketNotices") MessageChannel notices,
				@Qualifier("gatewayWebSocket") ServerWebSocketContainer container) {
			return outbound(notices, container);
		}

	}

	private static ServerWebSocketContainer endpoint(String path, WebSocketProperties webSocket,
			WebSocketHandlerDecoratorFactory sessions) {
		ServerWebSocketContainer container = new ServerWebSocketContainer(path);
		if (!webSocket.getAllowedOrigins().isEmpty()) {
			container.setAllowedOriginPatterns(webSocket.getAllowedOrigins().toArray(String[]::new));
		}
		container.setDecoratorFactories(sessions);
		return container;
	}

	private static WebSocketInboundChannelAdapter inboundAdapter(ServerWebSocketContainer container) {
		WebSocketInboundChannelAdapter adapter = new WebSocketInboundChannelAdapter(container);
		// ClientSessions hands on binary messages; the payload stays as it came
		adapter.setPayloadType(byte[].class);
		return adapter;
	}

	/** A browser's message as the hub's flows take a TCP read: a batch of one frame, from its sender. */
	private static Message<FrameBatch> asFrames(Message<?> message) {
		ClientConnection sender = (ClientConnection) SimpMessageHeaderAccessor
			.getSessionAttributes(message.getHeaders())
			.get(ClientSessions.CONNECTION);
		byte[] payload;
		if (message.getPayload() instanceof ByteBuffer buffer) {
			payload = new byte[buffer.remaining()];
			buffer.get(payload);
		}
		else {
			payload = (byte[]) message.getPayload();
		}
		return MessageBuilder.withPayload(new FrameBatch(List.of(new Frame.Data(payload))))
			.copyHeaders(HubMessageMapper.headers(sender))
			.build();
	}

	private static IntegrationFlow outbound(MessageChannel notices, ServerWebSocketContainer container) {
		return IntegrationFlow.from(notices)
			.enrichHeaders(headers -> headers.headerFunction(SimpMessageHeaderAccessor.SESSION_ID_HEADER,
					message -> message.getHeaders().get(IpHeaders.CONNECTION_ID)))
			.handle(new WebSocketOutboundMessageHandler(container))
			.get();
	}

}
