package io.spread.tls;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.spread.SpreadApplication;
import io.spread.codec.Framing;
import io.spread.hub.HubHealthIndicator;
import io.spread.support.TestCertificates;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * TLS on the listeners (SPEC section 11) with a certificate made by keytool for this run: the relay in line framing,
 * the gateway in length-prefixed framing and asking for client certificates, the echo and timestamp servers. Clients: the JDK's and OpenSSL's
 * {@code s_client}, a TLS implementation that is not Java's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.tcp.ssl.bundle=server",
				"spread.gateway.ssl.bundle=server", "spread.gateway.ssl.client-auth=need",
				"spread.gateway.framing=length-prefixed", "spread.echo.enabled=true", "spread.echo.port=0",
				"spread.echo.ssl.bundle=server", "spread.timestamp.enabled=true", "spread.timestamp.port=0",
				"spread.timestamp.ssl.bundle=server", "spread.hub.outbound-buffer=64KB",
				"spread.hub.outbound-buffer-max=512KB" })
class TlsTest extends TlsTestSupport {

	private static final String PASSWORD = TestCertificates.PASSWORD;

	private static final Path DIR = TestCertificates.dir();

	private final List<AutoCloseable> open = new java.util.ArrayList<>();

	@Autowired
	@Qualifier("gatewayListener")
	private TcpNioServerConnectionFactory gateway;

	@Autowired
	private HubHealthIndicator hubHealth;

	@Autowired
	@Qualifier("echoListener")
	private TcpNioServerConnectionFactory echo;

	@Autowired
	@Qualifier("timestampListener")
	private TcpNioServerConnectionFactory timestamp;

	@Test
	void javaAndOpensslClientsRelayThroughTheHubOverTls() throws Exception {
		SSLSocket java = tlsSocket(this.relay.getPort(), false);
		BufferedReader javaIn = lines(java.getInputStream());
		assertThat(javaIn.readLine()).startsWith("Welcome to Spread Site");
		Process openssl = sClient(this.relay.getPort());
		BufferedReader opensslIn = lines(openssl.getInputStream());
		assertThat(opensslIn.readLine()).startsWith("Welcome to Spread Site");

		java.getOutputStream().write("from java\n".getBytes(StandardCharsets.UTF_8));
		java.getOutputStream().flush();
		assertThat(opensslIn.readLine()).isEqualTo("from java");
		OutputStream toOpenssl = openssl.getOutputStream();
		toOpenssl.write("from openssl\n".getBytes(StandardCharsets.UTF_8));
		toOpenssl.flush();
		assertThat(javaIn.readLine()).isEqualTo("from openssl");

		// a burst larger than one TLS record each way
		StringBuilder burst = new StringBuilder();
		for (int i = 0; i < 5000; i++) {
			burst.append("line ").append(i).append('\n');
		}
		java.getOutputStream().write(burst.toString().getBytes(StandardCharsets.UTF_8));
		java.getOutputStream().flush();
		for (int i = 0; i < 5000; i++) {
			assertThat(opensslIn.readLine()).isEqualTo("line " + i);
		}
	}

	/**
	 * A TLS client that stops reading is a slow consumer like any other: what waits for it stays in its outbound
	 * queue (the transport holds at most a record), so its limits apply and it is cut; the others go on.
	 */
	@Test
	void aTlsClientThatStopsReadingIsCutAsASlowConsumer() throws Exception {
		SSLSocket stalled = tlsSocket(this.relay.getPort(), false);
		assertThat(lines(stalled.getInputStream()).readLine()).startsWith("Welcome to Spread Site");
		SSLSocket reader = tlsSocket(this.relay.getPort(), false);
		BufferedReader readerIn = lines(reader.getInputStream());
		assertThat(readerIn.readLine()).startsWith("Welcome to Spread Site");
		SSLSocket sender = tlsSocket(this.relay.getPort(), false);
		assertThat(lines(sender.getInputStream()).readLine()).startsWith("Welcome to Spread Site");
		await().until(() -> this.registry.clientCount() == 3);

		String line = "x".repeat(1000);
		StringBuilder burst = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			burst.append(line).append('\n');
		}
		byte[] bytes = burst.toString().getBytes(StandardCharsets.UTF_8);
		int rounds = 0;
		while (this.registry.clientCount() == 3 && rounds++ < 200) {
			sender.getOutputStream().write(bytes);
			sender.getOutputStream().flush();
			for (int i = 0; i < 100; i++) {
				assertThat(readerIn.readLine()).isEqualTo(line);
			}
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.registry.clientCount() == 2);
		sender.getOutputStream().write("still relayed\n".getBytes(StandardCharsets.UTF_8));
		sender.getOutputStream().flush();
		assertThat(readerIn.readLine()).isEqualTo("still relayed");
	}

	/** Client certificates checked against nothing would be vouched for by the JDK's CAs: start-up stops instead. */
	@Test
	void clientCertificatesWithoutATrustStoreStopStartUp() {
		List<String> args = new java.util.ArrayList<>(List.of("--spread.tcp.host=127.0.0.1", "--spread.tcp.port=0",
				"--spread.gateway.enabled=false", "--spread.tcp.ssl.bundle=keys", "--spread.tcp.ssl.client-auth=need"));
		TestCertificates.bundle("keys")
			.entrySet()
			.stream()
			.filter(setting -> setting.getKey().contains(".keystore."))
			.forEach(setting -> args.add("--" + setting.getKey() + "=" + setting.getValue()));
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(SpreadApplication.class).web(WebApplicationType.NONE)
				.run(args.toArray(String[]::new)))
			.satisfies(ex -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex).getMessage())
				.contains("need needs a trust store in SSL bundle keys"));
	}

	@Test
	void healthSaysTheListenerServesTls() {
		assertThat(this.hubHealth.health().getDetails()).containsEntry("tls", true);
	}

	@Test
	void aPlaintextClientOnATlsPortIsClosedAndNotRelayed() throws Exception {
		SSLSocket listener = tlsSocket(this.relay.getPort(), false);
		BufferedReader in = lines(listener.getInputStream());
		assertThat(in.readLine()).startsWith("Welcome to Spread Site");
		TestClient plain = TestClient.connect(this.relay.getPort(), Framing.LINE);
		closeLater(plain::close);
		plain.sendFrame("not encrypted");
		plain.awaitClosedByServer();

		listener.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));
		listener.getOutputStream().flush();
		SSLSocket other = tlsSocket(this.relay.getPort(), false);
		BufferedReader otherIn = lines(other.getInputStream());
		assertThat(otherIn.readLine()).startsWith("Welcome to Spread Site");
		other.getOutputStream().write("after the plaintext client\n".getBytes(StandardCharsets.UTF_8));
		other.getOutputStream().flush();
		assertThat(in.readLine()).as("the plaintext bytes were not relayed").isEqualTo("after the plaintext client");
	}

	@Test
	void theGatewayNeedsAClientCertificateAndSpeaksLengthPrefixedFramesOverTls() throws Exception {
		SSLSocket without = tlsSocket(this.gateway.getPort(), false);
		assertThatException().isThrownBy(() -> {
			framed(without, "PING x");
			readFramed(without);
		});

		SSLSocket with = tlsSocket(this.gateway.getPort(), true);
		framed(with, "HELLO carol");
		assertThat(readFramed(with)).isEqualTo("OK HELLO carol");
		framed(with, "PING over tls");
		assertThat(readFramed(with)).isEqualTo("PONG over tls");
	}

	/**
	 * Regression: a TLS 1.2 client could make the hub run the handshake again, key exchange and all, as often as it
	 * liked (client-initiated renegotiation, a cheap way to burn the hub's CPU). It is refused now: the client gets a
	 * handshake_failure alert and is closed, and the hub relays for everyone else.
	 */
	@Test
	void clientInitiatedRenegotiationIsRefused() throws Exception {
		SSLSocket bystander = tlsSocket(this.relay.getPort(), false);
		BufferedReader bystanderIn = lines(bystander.getInputStream());
		assertThat(bystanderIn.readLine()).startsWith("Welcome to Spread Site");
		// not -quiet: a line "R" is s_client's command to renegotiate
		Process openssl = new ProcessBuilder("openssl", "s_client", "-tls1_2", "-connect",
				"127.0.0.1:" + this.relay.getPort(), "-CAfile", DIR.resolve("server.pem").toString(),
				"-verify_return_error")
			.redirectErrorStream(true)
			.start();
		closeLater(() -> {
			openssl.destroy();
			openssl.waitFor(10, TimeUnit.SECONDS);
		});
		BufferedReader opensslOut = lines(openssl.getInputStream());
		for (String line = opensslOut.readLine(); !line.startsWith("Welcome to Spread Site");) {
			line = opensslOut.readLine();
		}
		openssl.getOutputStream().write("R\n".getBytes(StandardCharsets.US_ASCII));
		openssl.getOutputStream().flush();
		assertThat(openssl.waitFor(20, TimeUnit.SECONDS)).as("s_client ended by the hub").isTrue();
		StringBuilder said = new StringBuilder();
		for (String line = opensslOut.readLine(); line != null; line = opensslOut.readLine()) {
			said.append(line).append('\n');
		}
		assertThat(said.toString()).contains("RENEGOTIATING").contains("handshake failure");

		try (SSLSocket other = TestCertificates.connect(this.relay.getPort(), false)) {
			BufferedReader otherIn = lines(other.getInputStream());
			assertThat(otherIn.readLine()).startsWith("Welcome to Spread Site");
			other.getOutputStream().write("still relayed\n".getBytes(StandardCharsets.UTF_8));
			other.getOutputStream().flush();
			assertThat(bystanderIn.readLine()).isEqualTo("still relayed");
		}
	}

	@Test
	void theEchoAndTimestampServersSpeakTlsToo() throws Exception {
		SSLSocket echoed = tlsSocket(this.echo.getPort(), false);
		echoed.getOutputStream().write("echo me\n".getBytes(StandardCharsets.UTF_8));
		echoed.getOutputStream().flush();
		assertThat(lines(echoed.getInputStream()).readLine()).isEqualTo("echo me");
		SSLSocket stamped = tlsSocket(this.timestamp.getPort(), false);
		stamped.getOutputStream().write("stamp me\n".getBytes(StandardCharsets.UTF_8));
		stamped.getOutputStream().flush();
		assertThat(lines(stamped.getInputStream()).readLine()).contains("stamp me");
	}

	private static void framed(Socket socket, String text) throws IOException {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		DataOutputStream out = new DataOutputStream(socket.getOutputStream());
		out.writeInt(payload.length);
		out.write(payload);
		out.flush();
	}

	private static String readFramed(Socket socket) throws IOException {
		DataInputStream in = new DataInputStream(socket.getInputStream());
		byte[] payload = new byte[in.readInt()];
		in.readFully(payload);
		return new String(payload, StandardCharsets.UTF_8);
	}

}
