package io.spread.robustness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.hub.SessionRegistry;
import io.spread.robustness.Churn.Scenario;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression: a client that connects and resets at once (as TCP health checks of load balancers and Kubernetes do)
 * often left a session behind for good, counted against max-connections, in the session list and in the gauge.
 * Thousands of short-lived clients come and go at random moments while two long-lived clients talk the whole time;
 * afterwards nothing may be left of the short-lived ones, and the long-lived ones must have lost nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.hub.max-connections=50" })
class GhostSessionStressTest extends HubTestSupport {

	private static final int CHURN_THREADS = 8;

	private static final int CHURN_CLIENTS = 3_000;

	/** Frames a long-lived client may send before its peer has read them: keeps both well under the slow-consumer limit. */
	private static final int WINDOW = 64;

	private static final List<Scenario> SCENARIOS = List.of(Scenario.RESET_AT_ONCE, Scenario.RESET_INSIDE_WELCOME,
			Scenario.RESET_AFTER_WELCOME, Scenario.RESET_INSIDE_FRAME, Scenario.RESET_AFTER_FRAME,
			Scenario.RESET_MID_BURST, Scenario.CLOSE_NORMALLY, Scenario.CLOSE_COMMAND_THEN_RESET);

	@Autowired
	SessionRegistry registry;

	@Autowired
	MeterRegistry meters;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void clientsThatResetAtRandomMomentsLeaveNothingBehindAndHarmNobody() throws Exception {
		long seed = System.nanoTime();
		TestClient alice = connectWelcomed();
		TestClient bob = connectWelcomed();
		awaitClientCount(2);

		ExecutorService talkers = Executors.newFixedThreadPool(4);
		AtomicBoolean stop = new AtomicBoolean();
		Conversation aliceToBob = new Conversation("alice", alice, bob);
		Conversation bobToAlice = new Conversation("bob", bob, alice);
		Map<Scenario, Long> scenarios;
		try {
			List<Future<Integer>> sends = List.of(talkers.submit(() -> aliceToBob.send(stop)),
					talkers.submit(() -> bobToAlice.send(stop)));
			List<Future<Integer>> receipts = List.of(talkers.submit(aliceToBob::receive),
					talkers.submit(bobToAlice::receive));

			scenarios = Churn.run(port(), CHURN_THREADS, CHURN_CLIENTS, seed,
					random -> SCENARIOS.get(random.nextInt(SCENARIOS.size())));

			stop.set(true);
			for (int i = 0; i < 2; i++) {
				int sent = sends.get(i).get(30, TimeUnit.SECONDS);
				int received = receipts.get(i).get(30, TimeUnit.SECONDS);
				assertThat(received).as("seed %d: frames of a long-lived client delivered to the other", seed)
					.isEqualTo(sent)
					.isPositive();
			}
		}
		finally {
			stop.set(true);
			talkers.shutdownNow();
		}
		assertThat(aliceToBob.problems).as("seed %d: what the long-lived clients got wrong", seed).isEmpty();
		assertThat(bobToAlice.problems).as("seed %d: what the long-lived clients got wrong", seed).isEmpty();

		String context = "seed " + seed + ", scenarios " + scenarios;
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(this.hub.clientCount()).as("clients connected after the churn; %s", context)
				.isEqualTo(2));
		assertThat(this.registry.sessions()).as("sessions in the registry; %s", context).hasSize(2);
		assertThat(this.hub.sessions()).as("sessions listed (/actuator/sessions); %s", context).hasSize(2);
		assertThat(this.registry.addressCount()).as("addresses with clients; %s", context).isEqualTo(1);
		assertThat(this.meters.get("spread.connections.active").gauge().value()).as("gauge; %s", context)
			.isEqualTo(2);

		// a ghost would also count against max-connections (50): the newcomer would get ERR server-full
		TestClient newcomer = connect();
		assertThat(newcomer.readText()).as("welcome after the churn; %s", context)
			.isEqualTo("Welcome to Spread Site, you are client #3!");
		alice.sendFrame("after the churn");
		assertThat(newcomer.readText()).isEqualTo("after the churn");
		assertThat(bob.readText()).isEqualTo("after the churn");

		alice.close();
		bob.close();
		newcomer.close();
		awaitClientCount(0);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(this.registry.sessions()).as("sessions; %s", context).isEmpty();
			assertThat(this.registry.addressCount()).as("addresses; %s", context).isZero();
			assertThat(this.meters.get("spread.connections.active").gauge().value()).as("gauge; %s", context)
				.isZero();
		});
	}

	/** One long-lived client's frames to the other, numbered, with a window so that the receiver keeps up. */
	private static final class Conversation {

		private final String name;

		private final TestClient sender;

		private final TestClient receiver;

		private final Semaphore window = new Semaphore(WINDOW);

		final Queue<String> problems = new ConcurrentLinkedQueue<>();

		Conversation(String name, TestClient sender, TestClient receiver) {
			this.name = name;
			this.sender = sender;
			this.receiver = receiver;
		}

		/** Sends numbered frames until told to stop, then an end marker with the count; returns the count. */
		int send(AtomicBoolean stop) throws InterruptedException {
			int sent = 0;
			while (!stop.get()) {
				if (!this.window.tryAcquire(20, TimeUnit.SECONDS)) {
					this.problems.add(this.name + ": the receiver stopped reading after " + sent + " frames");
					break;
				}
				this.sender.sendFrame(this.name + " " + sent);
				sent++;
			}
			this.sender.sendFrame(this.name + " end " + sent);
			return sent;
		}

		/** Reads until the end marker, checking the order; frames of the churn are skipped. Returns frames read. */
		int receive() {
			int next = 0;
			String prefix = this.name + " ";
			while (true) {
				String frame = this.receiver.readText();
				if (frame.startsWith(Churn.FRAME_PREFIX)) {
					continue;
				}
				if (!frame.startsWith(prefix)) {
					this.problems.add(this.name + "'s peer got an unexpected frame: " + frame);
					continue;
				}
				String rest = frame.substring(prefix.length());
				if (rest.startsWith("end ")) {
					int sent = Integer.parseInt(rest.substring(4));
					if (sent != next) {
						this.problems.add(this.name + " sent " + sent + " frames, its peer got " + next);
					}
					return next;
				}
				int number = Integer.parseInt(rest);
				if (number != next) {
					this.problems.add(this.name + "'s frame " + number + " arrived where " + next + " was due");
				}
				next = number + 1;
				this.window.release();
			}
		}

	}

}
