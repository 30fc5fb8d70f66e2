package io.spread.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.spread.codec.Framing;
import io.spread.support.TestCertificates;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JDK TLS client and OpenSSL's {@code s_client} relay through a TLS relay port in each framing (the concrete
 * classes set {@code spread.tcp.framing}; line framing is in {@link TlsTest}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.tcp.ssl.bundle=server", "spread.gateway.enabled=false", "spread.hub.welcome=" })
abstract class TlsFramingsTest extends TlsTestSupport {

	abstract Framing framing();

	@Test
	void javaAndOpensslClientsRelayInThisFraming() throws Exception {
		TestClient java = TestClient.over(TestCertificates.connect(this.relay.getPort(), false), framing());
		Process openssl = TestCertificates.openssl(this.relay.getPort());
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> this.registry.clientCount() == 2);
			byte[] fromJava = java.encode("from java".getBytes(StandardCharsets.UTF_8));
			java.sendRaw(fromJava);
			assertThat(readExactly(openssl.getInputStream(), fromJava.length)).isEqualTo(fromJava);

			OutputStream toOpenssl = openssl.getOutputStream();
			// raw frames are what a read brings; the test client reads them as lines
			String text = (framing() == Framing.RAW) ? "from openssl\n" : "from openssl";
			toOpenssl.write(java.encode(text.getBytes(StandardCharsets.UTF_8)));
			toOpenssl.flush();
			assertThat(java.readText()).isEqualTo("from openssl");
		}
		finally {
			java.close();
			openssl.destroy();
			openssl.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static byte[] readExactly(InputStream in, int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		assertThat(bytes).as("what openssl received").hasSize(length);
		return bytes;
	}

}
