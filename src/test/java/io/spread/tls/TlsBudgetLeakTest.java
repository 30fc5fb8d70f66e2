package io.spread.tls;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import io.spread.connection.MemoryBudget;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression: plaintext probes on a TLS port (port scanners, HTTP clients) each left a record buffer's size
 * (16,709 B) counted in the memory budget for ever; with a 1 MB budget, 70 of them kept the hub over its budget after
 * they were gone, and a legitimate TLS client's 60 KB line was then no longer relayed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.tcp.ssl.bundle=server",
				"spread.gateway.enabled=false", "spread.hub.memory-budget=1MB" })
class TlsBudgetLeakTest extends TlsTestSupport {

	@Autowired
	private MemoryBudget budget;

	@Test
	void plaintextProbesDoNotPushTheHubOverItsBudget() throws Exception {
		for (int i = 0; i < 70; i++) {
			try (Socket plain = new Socket("127.0.0.1", this.relay.getPort())) {
				plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				plain.setSoTimeout(10_000);
				// the hub's alert, if any, then the end: nothing of what it sent is relayed, it is closed
				assertThat(plain.getInputStream().readAllBytes()).hasSizeLessThan(64);
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.clientCount() == 0);

		SSLSocket reader = tlsSocket();
		BufferedReader in = new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8));
		assertThat(in.readLine()).startsWith("Welcome to Spread Site");
		SSLSocket sender = tlsSocket();
		String line = "y".repeat(60_000);
		sender.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		sender.getOutputStream().flush();
		String got;
		try {
			got = in.readLine();
		}
		catch (java.net.SocketTimeoutException ex) {
			got = "(nothing within 10 s)";
		}
		assertThat(this.budget.isOver()).as("over budget with no client holding anything").isFalse();
		assertThat(got).as("a 60 KB line from a TLS client").isEqualTo(line);
	}

	private SSLSocket tlsSocket() throws Exception {
		SSLSocket socket = tlsSocket(this.relay.getPort(), false);
		socket.setSoTimeout(10_000);
		return socket;
	}

}
