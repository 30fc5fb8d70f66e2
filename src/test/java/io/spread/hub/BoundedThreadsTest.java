package io.spread.hub;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

import io.spread.codec.Framing;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression: the listener used Spring Integration's default executor, an unbounded cached pool, and 5,000 clients
 * sending one short frame per round took the hub to 1,899 threads. The hub's threads are now a fixed set.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.hub.reader-threads=3" })
class BoundedThreadsTest extends HubTestSupport {

	static final int CLIENTS = 1000;

	@Autowired
	ExecutorService hubReaders;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void theThreadCountDoesNotGrowWithClientsOrTraffic() throws Exception {
		List<TestClient> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			clients.add(connect());
		}
		awaitClientCount(CLIENTS);
		int before = ManagementFactory.getThreadMXBean().getThreadCount();
		int peak = before;

		ExecutorService senders = Executors.newFixedThreadPool(4);
		for (int round = 0; round < 3; round++) {
			List<Future<?>> sending = new ArrayList<>();
			for (int part = 0; part < 4; part++) {
				List<TestClient> share = clients.subList(part * CLIENTS / 4, (part + 1) * CLIENTS / 4);
				sending.add(senders.submit(() -> share.forEach(client -> client.sendFrame("r"))));
			}
			for (Future<?> future : sending) {
				future.get();
				peak = Math.max(peak, ManagementFactory.getThreadMXBean().getThreadCount());
			}
		}
		senders.shutdown();

		assertThat(((ThreadPoolExecutor) this.hubReaders).getLargestPoolSize())
			.as("reader threads plus the select loops of the relay and the gateway").isLessThanOrEqualTo(5);
		// the 4 sending threads of this test, and a few of the JVM's own at most
		assertThat(peak - before).isLessThanOrEqualTo(12);
	}

}
