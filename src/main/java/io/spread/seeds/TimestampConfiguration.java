package io.spread.seeds;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
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

import org.springframework.beans.factory.ObjectProvider;
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
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.scheduling.TaskScheduler;

/**
 * The timestamp server ({@code spread.timestamp.enabled=true}, server mode), the {@code tsTservTW.py} example as a
 * Spring Integration flow next to the hub's:
 * <ol>
 * <li>its own listener ({@code timestampListener}) reads in {@code line} framing (the hub's
 * {@code spread.tcp.max-frame-size}, {@code line-terminator} and {@code strip-telnet}) on two threads of its own, with
 * the hub's non-blocking connections, writers, outbound limits and memory budget;
 * <li>the TCP inbound adapter turns each read's lines into a message that carries its sender;
 * <li>a transformer stamps each line with the time ({@link TimestampService});
 * <li>the last step queues the stamped lines on the sender's connection ({@link SeedReplies}).
 * </ol>
 * The time comes from the application's {@link Clock} bean if it has exactly one (tests fix it), otherwise from the
 * system clock in the JVM's default time zone. Its own session registry admits clients up to
 * {@code spread.timestamp.max-connections}; notices go out through a TCP outbound adapter, as the hub's do.
 * Infrastructure beans of types the hub also has are not candidates for injection by type, so that the hub's
 * wiring is unchanged.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
@ConditionalOnBooleanProperty("spread.timestamp.enabled")
@EnableConfigurationProperties(TimestampProperties.class)
public class TimestampConfiguration {

	@Bean(destroyMethod = "shutdownNow", defaultCandidate = false)
	public ExecutorService timestampReaders() {
		return SeedServers.readers("spread-tstamp-");
	}

	/** Lines as the hub reads and writes them: spread.tcp.max-frame-size and line-terminator. */
	@Bean(defaultCandidate = false)
	public FrameCodec timestampCodec(TcpProperties tcp) {
		return Framing.LINE.codec((int) tcp.getMaxFrameSize().toBytes(), tcp.getLineTerminator());
	}

	@Bean(defaultCandidate = false)
	public HubListener timestampListener(TimestampProperties timestamp, TcpProperties tcp,
			@Qualifier("timestampCodec") FrameCodec timestampCodec, OutboundWriters writers,
			@Qualifier("timestampReaders") ExecutorService timestampReaders, SslBundles sslBundles) {
		return SeedServers.listener(timestamp, timestampCodec, tcp.isStripTelnet(), tcp, writers, timestampReaders, "t",
				sslBundles, "spread.timestamp.ssl");
	}

	@Bean
	public ListenerPortKey timestampListenerPortKey() {
		return new ListenerPortKey("timestampListener", "spread.timestamp.port");
	}

	@Bean(defaultCandidate = false)
	public MessageChannel timestampNotices() {
		return new DirectChannel();
	}

	@Bean(defaultCandidate = false)
	public SessionRegistry timestampSessions(TimestampProperties timestamp,
			@Qualifier("timestampNotices") MessageChannel timestampNotices, HubMetrics metrics) {
		return new SessionRegistry("timestampListener", SeedServers.admission(timestamp.getMaxConnections()),
				new HubNotices(timestampNotices), metrics, Peers.NONE);
	}

	@Bean
	public TimestampService timestampService(ObjectProvider<Clock> clock, HubMetrics metrics, MeterRegistry meters) {
		return new TimestampService(clock.getIfUnique(Clock::systemDefaultZone), metrics, meters);
	}

	/** Socket to the same socket: every line a client sends comes back stamped with the time. */
	@Bean
	public IntegrationFlow timestampFlow(@Qualifier("timestampListener") HubListener timestampListener,
			@Qualifier("timestampCodec") FrameCodec timestampCodec, TimestampService timestamps, MemoryBudget budget) {
		SeedReplies replies = new SeedReplies(timestampCodec, budget);
		return IntegrationFlow.from(Tcp.inboundAdapter(timestampListener))
			.transform(Message.class, timestamps::stamp)
			.handle(List.class, replies::send)
			.get();
	}

	/** Server to one timestamp client: notices ({@code ERR server-full}) addressed by connection id. */
	@Bean
	public IntegrationFlow timestampNoticeFlow(@Qualifier("timestampNotices") MessageChannel timestampNotices,
			@Qualifier("timestampListener") HubListener timestampListener) {
		return IntegrationFlow.from(timestampNotices).handle(Tcp.outboundAdapter(timestampListener)).get();
	}

	@Bean
	public SeedHealthIndicator timestampHealthIndicator(
			@Qualifier("timestampListener") HubListener timestampListener, TimestampProperties timestamp,
			@Qualifier("timestampSessions") SessionRegistry timestampSessions) {
		return new SeedHealthIndicator("timestamp", timestampListener, timestamp.getHost(), timestampSessions);
	}

	@Bean
	public SeedLifecycle timestampLifecycle(@Qualifier("timestampListener") HubListener timestampListener,
			HubProperties hub, TaskScheduler taskScheduler,
			@Qualifier("timestampSessions") SessionRegistry timestampSessions) {
		return new SeedLifecycle("timestamp", timestampSessions, timestampListener, taskScheduler,
				hub.getShutdownTimeout());
	}

	@Bean
	public MeterBinder timestampGauges(@Qualifier("timestampSessions") SessionRegistry timestampSessions) {
		return registry -> Gauge.builder("spread.timestamp.clients", timestampSessions, SessionRegistry::clientCount)
			.description("Clients connected to the timestamp server now")
			.register(registry);
	}

}
