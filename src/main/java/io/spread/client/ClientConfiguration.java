package io.spread.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import javax.net.ssl.SSLContext;

import io.spread.codec.Frame;
import io.spread.codec.FrameCodec;
import io.spread.codec.Framing;
import io.spread.codec.OversizedFrame;
import io.spread.config.InvalidSettingException;
import io.spread.config.ListenerSsl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.messaging.MessageChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.function.SingletonSupplier;

/**
 * Client mode's message path: one client connection factory shared by an inbound adapter, whose frames are
 * printed one per line, and an outbound adapter that sends typed lines and heartbeats. Both use the hub's codec
 * ({@code spread.tcp.*}); what is sent and printed is the {@link ClientDialect}'s of {@code spread.client.protocol}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spread.mode:server}'.equalsIgnoreCase('client') or '${spread.mode:server}'.equalsIgnoreCase('logger')")
@EnableConfigurationProperties(ClientProperties.class)
public class ClientConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ClientConfiguration.class);

	@Bean
	public TcpNetClientConnectionFactory clientConnections(ClientProperties client, FrameCodec codec,
			SslBundles sslBundles) {
		TcpNetClientConnectionFactory connections = new TcpNetClientConnectionFactory(client.getHost(),
				client.getPort());
		if (!client.getSsl().getBundle().isEmpty()) {
			// Spring Integration's TLS sockets, with the bundle's context; the hub's host name is checked too
			SSLContext context = ListenerSsl.named(sslBundles, client.getSsl().getBundle(), "spread.client.ssl.bundle")
				.createSslContext();
			connections.setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(() -> context));
			connections.setTcpSocketSupport(new DefaultTcpSocketSupport(true));
		}
		connections.setSerializer(codec);
		connections.setDeserializer(codec);
		connections.setLookupHost(false);
		connections.setSoTcpNoDelay(true);
		return connections;
	}

	@Bean
	@ConditionalOnMissingBean
	public ClientConsole clientConsole() {
		return ClientConsole.system();
	}

	/** How the client talks to the port it connects to: the relay's plain lines, or the gateway protocol. */
	@Bean
	public ClientDialect clientDialect(ClientProperties client, FrameCodec codec, MessageChannel clientOutbound) {
		if (client.getProtocol() == ClientProtocol.RELAY) {
			return new RelayDialect(client.getName().isEmpty() ? hostName() : client.getName());
		}
		if (codec.framing() == Framing.RAW) {
			throw new InvalidSettingException("spread.tcp.framing",
					"raw framing has no frames, and spread.client.protocol=gateway sends commands as frames",
					"Set spread.tcp.framing to the gateway port's spread.gateway.framing (line or length-prefixed), "
							+ "or spread.client.protocol to relay.",
					null);
		}
		String name = client.getName().isEmpty() ? GatewayNames.fromHostName(hostName()) : client.getName();
		return new GatewayDialect(name, client.getToken(), client.getRooms(), clientOutbound);
	}

	/**
	 * Hub to console: each frame received, as the dialect prints it, one per line (raw chunks as they came), printed
	 * by the client, which knows whether its prompt is showing. (Looked up when the first frame comes:
	 * {@code --check-config} builds the application without the client.)
	 */
	@Bean
	public IntegrationFlow receivedFrames(TcpNetClientConnectionFactory clientConnections,
			ObjectProvider<SpreadClient> spreadClients, ObjectProvider<ReceivedFrames> elsewhere, FrameCodec codec,
			ClientDialect dialect) {
		boolean lines = codec.framing() != Framing.RAW;
		Supplier<ReceivedFrames> destination = SingletonSupplier.of(() -> elsewhere
			.getIfAvailable(() -> frame -> spreadClients.getObject().print(frame, lines)));
		return IntegrationFlow.from(Tcp.inboundAdapter(clientConnections)).handle(Frame.class, (received, headers) -> {
			if (received instanceof OversizedFrame oversized) {
				log.warn("Skipped a frame from the hub over spread.tcp.max-frame-size ({} bytes)", oversized.limit());
				return null;
			}
			dialect.received(((Frame.Data) received).payload(), destination.get());
			return null;
		}).get();
	}

	@Bean
	public MessageChannel clientOutbound() {
		return new DirectChannel();
	}

	/** Console to hub: typed lines and heartbeats. */
	@Bean
	public IntegrationFlow sentLines(MessageChannel clientOutbound, TcpNetClientConnectionFactory clientConnections) {
		return IntegrationFlow.from(clientOutbound).handle(Tcp.outboundAdapter(clientConnections)).get();
	}

	@Bean
	public SpreadClient spreadClient(TcpNetClientConnectionFactory clientConnections, MessageChannel clientOutbound,
			ClientProperties client, ClientConsole console, TaskScheduler taskScheduler, ClientDialect clientDialect) {
		Backoff backoff = new Backoff(client.getReconnect(), RandomGenerator.getDefault());
		return new SpreadClient(clientConnections, clientOutbound, client, console, taskScheduler, backoff,
				clientDialect);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
