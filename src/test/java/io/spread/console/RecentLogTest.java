package io.spread.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class RecentLogTest {

	private static final String NAME = "io.spread.console.RecentLogTest";

	// WARN: logback-test.xml lets io.spread's warnings through
	private static final Logger log = LoggerFactory.getLogger(NAME);

	private final RecentLog recent = new RecentLog();

	@AfterEach
	void stop() {
		this.recent.stop();
	}

	@Test
	void seesWhatIsLoggedWhileItRuns() {
		log.warn("before the start");
		this.recent.start();
		assertThat(this.recent.isRunning()).isTrue();
		log.warn("while it runs");
		log.info("below the logger's level");
		this.recent.stop();
		log.warn("after the stop");

		assertThat(this.recent.after(0)).singleElement().satisfies(line -> {
			assertThat(line.seq()).isEqualTo(1);
			assertThat(line.message()).isEqualTo("while it runs");
			assertThat(line.level()).isEqualTo("WARN");
			assertThat(line.logger()).isEqualTo(NAME);
			assertThat(line.thread()).isEqualTo(Thread.currentThread().getName());
		});
	}

	@Test
	void keepsTheLastLines() {
		for (int i = 1; i <= RecentLog.LINES + 50; i++) {
			this.recent.add(event("line " + i, null));
		}
		assertThat(this.recent.after(0)).hasSize(RecentLog.LINES);
		assertThat(this.recent.after(0).get(0).seq()).isEqualTo(51);
		assertThat(this.recent.after(0).get(0).message()).isEqualTo("line 51");
		assertThat(this.recent.after(RecentLog.LINES + 49)).extracting(RecentLog.Line::message)
			.containsExactly("line 250");
	}

	@Test
	void aLineIsBoundedAndNamesItsException() {
		this.recent.add(event("x".repeat(5000), null));
		this.recent.add(event("failed", new IllegalStateException("no such thing")));

		assertThat(this.recent.after(0).get(0).message()).hasSize(RecentLog.MAX_MESSAGE).endsWith("…");
		assertThat(this.recent.after(0).get(1).message())
			.isEqualTo("failed (java.lang.IllegalStateException: no such thing)");
	}

	/** An event as Logback makes it, handed to the ring directly so the build output stays quiet. */
	private static LoggingEvent event(String message, Throwable thrown) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		return new LoggingEvent(RecentLogTest.class.getName(), context.getLogger(NAME), Level.WARN, message, thrown,
				null);
	}

}
