package io.spread.seeds;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.spread.codec.FrameCodec;
import io.spread.config.TcpProperties;
import io.spread.connection.HubListener;
import io.spread.connection.OutboundWriters;
import io.spread.hub.HubProperties;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** What the seed servers' configurations build alike. */
final class SeedServers {

	/** Threads of a seed server's listener: one runs its select loop, one reads its sockets and replies. */
	static final int READER_THREADS = 2;

	private SeedServers() {
	}

	/**
	 * A fixed pool of its own, so that a busy seed server never takes a reader from the hub.
	 * @param threadNamePrefix such as {@code spread-echo-}: at most 14 characters, so that the log shows it whole
	 */
	static ExecutorService readers(String threadNamePrefix) {
		return Executors.newFixedThreadPool(READER_THREADS, new CustomizableThreadFactory(threadNamePrefix));
	}

	/**
	 * A listener like the hub's: non-blocking connections on the hub's writers (outbound limits, memory budget),
	 * with the hub's socket options ({@code spread.tcp.backlog}, {@code keep-alive.*}), and TLS if the server's
	 * {@code ssl.bundle} names one.
	 */
	static HubListener listener(SeedServerProperties server, FrameCodec codec, boolean stripTelnet, TcpProperties tcp,
			OutboundWriters writers, ExecutorService readers, String idPrefix, SslBundles sslBundles, String sslKey) {
		String host = server.getHost();
		HubListener listener = new HubListener(server.getPort(), codec, writers, stripTelnet, idPrefix);
		listener.setTls(server.getSsl().tls(sslBundles, sslKey));
		listener.applySocketOptions(host, tcp);
		listener.setMapper(new SeedMessageMapper());
		listener.setTaskExecutor(readers);
		return listener;
	}

	/** The limits a seed server's session registry applies: no welcome, at most {@code maxConnections} clients. */
	static HubProperties admission(int maxConnections) {
		HubProperties admission = new HubProperties();
		admission.setWelcome("");
		admission.setMaxConnections(maxConnections);
		return admission;
	}

}
