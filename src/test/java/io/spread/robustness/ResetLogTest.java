package io.spread.robustness;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.robustness.Churn.Scenario;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression: every reset was logged at ERROR with a stack trace (30 s of churn wrote 76 MB of log). What clients
 * do is logged on single lines, at most {@code ClientLog}'s 20 a second hub-wide plus one line a second saying how
 * many were left out. The client log is at INFO during the test, so that connects and disconnects are logged (and
 * capped) too.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1",
		"spread.tcp.max-frame-size=1KB" })
class ResetLogTest extends HubTestSupport {

	/** ClientLog.LINES_PER_SECOND, plus the line telling how many were left out. */
	private static final int LINES_PER_SECOND = 20 + 1;

	/** Lines that may come from elsewhere while the churn runs (none are expected). */
	private static final int ALLOWANCE = 10;

	private static final Pattern ERROR_LINE = Pattern.compile("^\\S+\\s+ERROR\\s.*");

	private static final List<Scenario> RESETS = List.of(Scenario.RESET_AT_ONCE, Scenario.RESET_INSIDE_WELCOME,
			Scenario.RESET_AFTER_WELCOME, Scenario.RESET_INSIDE_FRAME, Scenario.RESET_AFTER_FRAME,
			Scenario.RESET_MID_BURST, Scenario.CLOSE_COMMAND_THEN_RESET);

	private static final String CLIENT_LOG = "io.spread.clients";

	@Autowired
	MeterRegistry meters;

	@Autowired
	LoggingSystem logging;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	/** Set here rather than as a property: log levels outlive the test's context, and other tests share the JVM. */
	@BeforeEach
	void clientLogAtInfo() {
		this.logging.setLogLevel(CLIENT_LOG, LogLevel.INFO);
	}

	@AfterEach
	void clientLogAsConfigured() {
		this.logging.setLogLevel(CLIENT_LOG, null);
	}

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void resetsAndBadInputAreLoggedOnSingleLinesAtARateCappedHubWide(CapturedOutput output) throws Exception {
		long seed = System.nanoTime();
		// a first client, so that whatever is set up lazily has logged before the mark
		TestClient first = connectWelcomed();
		first.close();
		awaitClientCount(0);

		double suppressedBefore = suppressed();
		int mark = output.length();
		long start = System.nanoTime();

		Map<Scenario, Long> resets = Churn.run(port(), 8, 1_000, seed,
				random -> RESETS.get(random.nextInt(RESETS.size())));
		Map<Scenario, Long> badInput = Churn.run(port(), 4, 200, seed + 1,
				random -> random.nextBoolean() ? Scenario.OVERSIZED_LINE_THEN_RESET : Scenario.GARBAGE_THEN_RESET);
		// the log is checked first: a hub that leaves clients behind is GhostSessionStressTest's to report
		boolean drained = drained(Duration.ofSeconds(20));

		double seconds = (System.nanoTime() - start) / 1e9;
		String[] lines = output.toString().substring(mark).split("\\R");
		List<String> written = Arrays.stream(lines).filter(line -> !line.isBlank()).toList();
		String context = String.format("seed %d, %.1f s of churn, scenarios %s and %s", seed, seconds, resets, badInput);
		assertThat(written).as("stack trace lines; %s", context).noneMatch(line -> line.startsWith("\tat "));
		assertThat(written).as("ERROR lines; %s", context).noneMatch(line -> ERROR_LINE.matcher(line).matches());
		long bound = LINES_PER_SECOND * ((long) Math.ceil(seconds) + 2) + ALLOWANCE;
		assertThat(written.size()).as("lines logged during %s; the first of them: %s", context,
				written.subList(0, Math.min(5, written.size())))
			.isLessThanOrEqualTo((int) bound);

		// 1,200 clients give well over 20 lines a second: the rest are counted, not written
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(suppressed() - suppressedBefore).as("spread.log.suppressed; %s", context)
				.isPositive()
				.isGreaterThanOrEqualTo(600 - written.size()));
		assertThat(drained).as("every client gone within 20 s; %s", context).isTrue();
	}

	private boolean drained(Duration wait) {
		try {
			await().atMost(wait).pollInterval(Duration.ofMillis(20)).until(this.hub::clientCount, n -> n == 0);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	/** The spread.log.suppressed counter; NaN while there is no such meter (so that the log is checked first). */
	private double suppressed() {
		FunctionCounter counter = this.meters.find("spread.log.suppressed").functionCounter();
		return (counter != null) ? counter.count() : Double.NaN;
	}

}
