package io.spread.hub;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

import io.spread.codec.Framing;
import io.spread.connection.HubConnection;
import io.spread.support.HubTestSupport;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.integration.ip.tcp.connection.SocketInfo;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression: accepted sockets had no TCP keepalive, so a peer that vanished without a FIN or RST stayed a client
 * for the kernel's two hours, or for ever. Checked on the hub's own end of a connection, as the registry holds it
 * (in this package because a session's connection is package-private).
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1" })
class KeepAliveTest extends HubTestSupport {

	@Autowired
	SessionRegistry registry;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void acceptedSocketsProbeAPeerIdleForAMinuteByDefault() throws IOException {
		SocketChannel channel = hubSideOfANewClient(this, this.registry);

		assertThat(channel.getOption(StandardSocketOptions.SO_KEEPALIVE)).as("SO_KEEPALIVE").isTrue();
		assertThat(channel.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).as("TCP_KEEPIDLE").isEqualTo(60);
		assertThat(channel.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).as("TCP_KEEPINTERVAL").isEqualTo(10);
		assertThat(channel.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).as("TCP_KEEPCOUNT").isEqualTo(3);
	}

	/** The hub's end of the connection of a client connected now (the only one). */
	static SocketChannel hubSideOfANewClient(HubTestSupport test, SessionRegistry registry) {
		test.connectWelcomed();
		// the registry may list the session a moment after the welcome
		await().atMost(WAIT).until(() -> registry.sessions().size() == 1);
		SocketInfo socket = ((HubConnection) registry.sessions().iterator().next().connection()).getSocketInfo();
		assertThat(socket).isNotNull();
		return socket.getChannel();
	}

	@Nested
	@TestPropertySource(properties = { "spread.tcp.keep-alive.idle=5s", "spread.tcp.keep-alive.interval=2s",
			"spread.tcp.keep-alive.count=4" })
	class Configured extends HubTestSupport {

		@Autowired
		SessionRegistry configuredRegistry;

		@Override
		protected Framing framing() {
			return Framing.LINE;
		}

		@Test
		void acceptedSocketsUseTheConfiguredTiming() throws IOException {
			SocketChannel channel = hubSideOfANewClient(this, this.configuredRegistry);

			assertThat(channel.getOption(StandardSocketOptions.SO_KEEPALIVE)).as("SO_KEEPALIVE").isTrue();
			assertThat(channel.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).as("TCP_KEEPIDLE").isEqualTo(5);
			assertThat(channel.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).as("TCP_KEEPINTERVAL").isEqualTo(2);
			assertThat(channel.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).as("TCP_KEEPCOUNT").isEqualTo(4);
		}

	}

}
