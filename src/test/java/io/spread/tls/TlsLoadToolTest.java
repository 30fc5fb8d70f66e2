package io.spread.tls;

import io.spread.bench.BenchProperties;
import io.spread.bench.BenchProperties.Scenario;
import io.spread.codec.Framing;
import io.spread.support.BenchRuns;
import io.spread.support.TestCertificates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The load tool's relay scenarios over TLS (spread.bench.ssl-bundle), against a hub serving it: every frame reaches
 * every receiver once, in order, intact, in the relay's framings.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.tcp.ssl.bundle=server" })
class TlsLoadToolTest extends TlsTestSupport {

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = { "LINE" })
	void fanoutOverTlsDeliversEveryFrameInOrder(Framing framing) throws Exception {
		BenchProperties settings = BenchRuns.settings(Scenario.FANOUT, framing, this.relay.getPort());
		settings.setSenders(2);
		settings.setFrames(2000);
		BenchRuns.assertCompleteFanout(settings, TestCertificates.clientContext(false));
	}

}
