package io.spread.seeds;

import java.util.List;
import java.util.concurrent.ExecutorService;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.spread.codec.FrameBatch;
import io.spread.codec.FrameCodec;
import io.spread.codec.Framing;
import io.spread.config.ListenerPortKey;
import io.spread.config.TcpProperties;
import io.spread.connection.HubListener;
import io.spread.connection.MemoryBudget;
import io.spread.connection.OutboundWriters;
import io.spread.hub.HubMetrics;
import io.spread.hub.HubNotices;
import io.spread.hub.HubProperties;
import io.spread.hub.Peers;
import io.spread.hub.SessionRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.messaging.MessageChannel;
import org.springframework.scheduling.TaskScheduler;

/**
 * The echo server ({@code spread.echo.enabled=true}, server mode), Twisted's {@code Echo} as a Spring Integration
 * flow next to the hub's:
 * <ol>
 * <li>its own listener ({@code echoListener}) reads in {@code raw} framing on two threads of its own, with the hub's
 * non-blocking connections, writers, outbound limits and memory budget;
 * <li>the TCP inbound adapter turns each read into a message that carries its sender;
 * <li>a transformer makes the reply: the same bytes ({@link EchoService});
 * <li>the last step queues it on the sender's connection ({@link SeedReplies}).
 * </ol>
 * Its own session registry admits clients up to {@code spread.echo.max-connections} ({@code ERR server-full}
 * beyond) and logs connects and disconnects; notices go out through a TCP outbound adapter, as the hub's do.
 * Infrastructure beans of types the hub also has are not candidates for injection by type, so that the hub's
 * wiring is unchanged.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
@ConditionalOnBooleanProperty("spread.echo.enabled")
@EnableConfigurationProperties(EchoProperties.class)
public class EchoConfiguration {

	/** Bytes of one raw chunk: one socket read (the connection reads at most 64 KB at a time) is one chunk. */
	static final int CHUNK_SIZE = 64 * 1024;

	@Bean(destroyMethod = "shutdownNow", defaultCandidate = false)
	public ExecutorService echoReaders() {
		return SeedServers.readers("spread-echo-");
	}

	/** Raw chunks; notices ({@code ERR server-full}) are lines with {@code spread.tcp.line-terminator}. */
	@Bean(defaultCandidate = false)
	public FrameCodec echoCodec(TcpProperties tcp) {
		return Framing.RAW.codec(CHUNK_SIZE, tcp.getLineTerminator());
	}

	@Bean(defaultCandidate = false)
	public HubListener echoListener(EchoProperties echo, TcpProperties tcp,
			@Qualifier("echoCodec") FrameCodec echoCodec, OutboundWriters writers,
			@Qualifier("echoReaders") ExecutorService echoReaders, SslBundles sslBundles) {
		return SeedServers.listener(echo, echoCodec, false, tcp, writers, echoReaders, "e", sslBundles,
				"spread.echo.ssl");
	}

	@Bean
	public ListenerPortKey echoListenerPortKey() {
		return new ListenerPortKey("echoListener", "spread.echo.port");
	}

	@Bean(defaultCandidate = false)
	public MessageChannel echoNotices() {
		return new DirectChannel();
	}

	@Bean(defaultCandidate = false)
	public SessionRegistry echoSessions(EchoProperties echo, @Qualifier("echoNotices") MessageChannel echoNotices,
			HubMetrics metrics) {
		return new SessionRegistry("echoListener", SeedServers.admission(echo.getMaxConnections()),
				new HubNotices(echoNotices), metrics, Peers.NONE);
	}

	@Bean
	public EchoService echoService(MeterRegistry meters) {
		return new EchoService(meters);
	}

	/** Socket to the same socket: every chunk a client sends comes back to it. */
	@Bean
	public IntegrationFlow echoFlow(@Qualifier("echoListener") HubListener echoListener,
			@Qualifier("echoCodec") FrameCodec echoCodec, EchoService echo, MemoryBudget budget) {
		SeedReplies replies = new SeedReplies(echoCodec, budget);
		return IntegrationFlow.from(Tcp.inboundAdapter(echoListener))
			.transform(FrameBatch.class, echo::echo)
			.handle(List.class, replies::send)
			.get();
	}

	/** Server to one echo client: notices ({@code ERR server-full}) addressed by connection id. */
	@Bean
	public IntegrationFlow echoNoticeFlow(@Qualifier("echoNotices") MessageChannel echoNotices,
			@Qualifier("echoListener") HubListener echoListener) {
		return IntegrationFlow.from(echoNotices).handle(Tcp.outboundAdapter(echoListener)).get();
	}

	@Bean
	public SeedHealthIndicator echoHealthIndicator(@Qualifier("echoListener") HubListener echoListener,
			EchoProperties echo, @Qualifier("echoSessions") SessionRegistry echoSessions) {
		return new SeedHealthIndicator("echo", echoListener, echo.getHost(), echoSessions);
	}

	@Bean
	public SeedLifecycle echoLifecycle(@Qualifier("echoListener") HubListener echoListener, HubProperties hub,
			TaskScheduler taskScheduler, @Qualifier("echoSessions") SessionRegistry echoSessions) {
		return new SeedLifecycle("echo", echoSessions, echoListener, taskScheduler, hub.getShutdownTimeout());
	}

	@Bean
	public MeterBinder echoGauges(@Qualifier("echoSessions") SessionRegistry echoSessions) {
		return registry -> Gauge.builder("spread.echo.clients", echoSessions, SessionRegistry::clientCount)
			.description("Clients connected to the echo server now")
			.register(registry);
	}

}
