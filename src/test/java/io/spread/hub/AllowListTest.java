package io.spread.hub;

import java.time.Duration;

import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each listener accepts only the addresses of its allow-list (SPEC section 11): the relay's excludes loopback here,
 * the gateway's includes it. A client from elsewhere is closed at once, gets nothing, and leaves nothing behind.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.tcp.allow=10.0.0.0/8,fd00::/8", "spread.gateway.allow=192.168.0.0/16,127.0.0.0/8" })
class AllowListTest extends HubTestSupport {

	@Autowired
	@Qualifier("gatewayListener")
	private TcpNioServerConnectionFactory gatewayListener;

	@Autowired
	private SessionRegistry registry;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void aClientFromOutsideTheListIsClosedAtOnceAndLeavesNothingBehind(CapturedOutput output) {
		TestClient outsider = TestClient.connect(port(), Framing.LINE);
		outsider.awaitClosedByServer();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getAll()).contains("its address is not in spread.tcp.allow"));
		assertThat(this.registry.clientCount()).isZero();
		assertThat(this.registry.addressCount()).isZero();

		TestClient member = TestClient.connect(this.gatewayListener.getPort(), Framing.LINE);
		member.sendFrame("PING inside");
		assertThat(member.readText()).isEqualTo("PONG inside");
		member.close();
	}

}
