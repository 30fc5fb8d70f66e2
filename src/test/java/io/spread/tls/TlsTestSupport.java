package io.spread.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.spread.hub.SessionRegistry;
import io.spread.support.TestCertificates;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * Base of the TLS tests: a hub in the test's context whose listeners serve the SSL bundle {@code server} (the
 * keytool-made test certificate, {@link TestCertificates}), and clients that are closed after each test, the hub
 * awaited until it holds none.
 */
abstract class TlsTestSupport {

	@Autowired
	@Qualifier("hubListener")
	protected TcpNioServerConnectionFactory relay;

	@Autowired
	protected SessionRegistry registry;

	// test thread and the threads a test starts
	private final List<AutoCloseable> open = new ArrayList<>();

	@DynamicPropertySource
	static void bundle(DynamicPropertyRegistry registry) {
		TestCertificates.bundle("server").forEach((key, value) -> registry.add(key, () -> value));
	}

	@AfterEach
	void closeClients() {
		synchronized (this.open) {
			for (AutoCloseable closeable : this.open) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// closed already
				}
			}
			this.open.clear();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.registry.clientCount() == 0);
	}

	/** Something to close after the test. */
	protected <T extends AutoCloseable> T closeLater(T closeable) {
		synchronized (this.open) {
			this.open.add(closeable);
		}
		return closeable;
	}

	/** A JDK TLS client on {@code port}, closed after the test. */
	protected SSLSocket tlsSocket(int port, boolean withCertificate) throws IOException {
		return closeLater(TestCertificates.connect(port, withCertificate));
	}

	/** OpenSSL's client on {@code port}, ended after the test. */
	protected Process sClient(int port) throws IOException {
		Process process = TestCertificates.openssl(port);
		closeLater(() -> {
			process.destroy();
			process.waitFor(10, TimeUnit.SECONDS);
		});
		return process;
	}

	protected static BufferedReader lines(InputStream in) {
		return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
	}

}
