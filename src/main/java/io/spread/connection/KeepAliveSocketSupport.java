package io.spread.connection;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;

/**
 * TCP keepalive timing on accepted sockets, through Spring Integration's socket post-processing seam. The
 * listener turns {@code SO_KEEPALIVE} on; this sets when the kernel starts probing an idle peer, how often, and how
 * many unanswered probes close it, so a peer that vanished without a FIN or RST (a half-open connection) is found in
 * about {@code idle + interval * count} instead of the kernel's default two hours.
 */
public class KeepAliveSocketSupport extends DefaultTcpSocketSupport {

	private static final Logger log = LoggerFactory.getLogger(KeepAliveSocketSupport.class);

	private final int idleSeconds;

	private final int intervalSeconds;

	private final int count;

	public KeepAliveSocketSupport(Duration idle, Duration interval, int count) {
		this.idleSeconds = (int) Math.max(1, idle.toSeconds());
		this.intervalSeconds = (int) Math.max(1, interval.toSeconds());
		this.count = count;
	}

	@Override
	public void postProcessSocket(Socket socket) {
		super.postProcessSocket(socket);
		try {
			socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, this.idleSeconds);
			socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, this.intervalSeconds);
			socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, this.count);
		}
		catch (IOException | UnsupportedOperationException ex) {
			log.debug("Keepalive timing not set for {}: {}", socket.getRemoteSocketAddress(), ex.getMessage());
		}
	}

}
