package io.spread.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of what clients do: connects, disconnects, limits, bad input. Clients decide how often these lines
 * happen, so they are capped hub-wide at {@value #LINES_PER_SECOND} lines a second (a few KB/s); past that they are
 * counted, and one line says how many were left out when the next second opens. Lines are single lines: callers
 * pass what happened as text, never an exception.
 */
public final class ClientLog {

	static final int LINES_PER_SECOND = 20;

	private static final Logger log = LoggerFactory.getLogger("io.spread.clients");

	private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final AtomicLong suppressedTotal = new AtomicLong();

	private static long windowStart = System.nanoTime();

	private static int linesInWindow;

	private static long suppressedInWindow;

	private ClientLog() {
	}

	public static void info(String format, Object... args) {
		if (log.isInfoEnabled() && admit()) {
			log.info(format, args);
		}
	}

	public static void warn(String format, Object... args) {
		if (log.isWarnEnabled() && admit()) {
			log.warn(format, args);
		}
	}

	/** Client log lines left out since start-up (a metric). */
	public static long suppressed() {
		return suppressedTotal.get();
	}

	private static boolean admit() {
		long leftOut;
		synchronized (ClientLog.class) {
			long now = System.nanoTime();
			leftOut = 0;
			if (now - windowStart >= WINDOW_NANOS) {
				leftOut = suppressedInWindow;
				windowStart = now;
				linesInWindow = 0;
				suppressedInWindow = 0;
			}
			if (linesInWindow >= LINES_PER_SECOND) {
				suppressedInWindow++;
				suppressedTotal.incrementAndGet();
				return false;
			}
			linesInWindow++;
		}
		if (leftOut > 0) {
			log.warn("{} client log lines left out in the last second (at most {} a second are written)", leftOut,
					LINES_PER_SECOND);
		}
		return true;
	}

}
