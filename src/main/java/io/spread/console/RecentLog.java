package io.spread.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The hub's last {@value #LINES} log lines, for the console: a Logback appender attached to the root logger while
 * the application runs, so it sees every line the logger levels let through (connections come from
 * {@code io.spread.clients} at INFO; the tests' logback-test.xml sets {@code io.spread} to WARN). Lines are numbered,
 * so a page asks only for those it has not seen; each is cut to {@value #MAX_MESSAGE} characters.
 */
public class RecentLog implements SmartLifecycle {

	/** How many lines are kept. */
	static final int LINES = 200;

	/** Longest message kept, in characters; a longer one is cut and ends with an ellipsis. */
	static final int MAX_MESSAGE = 1000;

	private static final String APPENDER_NAME = "spread-console";

	/**
	 * One log line.
	 * @param seq its number, from 1
	 * @param time when it was logged, in milliseconds since the epoch
	 * @param logger the logger's name
	 * @param message the formatted message, and the exception's class and message if one was logged
	 */
	public record Line(long seq, long time, String level, String logger, String thread, String message) {
	}

	private final ArrayDeque<Line> lines = new ArrayDeque<>(LINES);

	private final Appender appender = new Appender();

	private long seq;

	private Logger root;

	/** Lines numbered above {@code after}, oldest first: all that are kept for 0. */
	public synchronized List<Line> after(long after) {
		List<Line> newer = new ArrayList<>();
		for (Line line : this.lines) {
			if (line.seq() > after) {
				newer.add(line);
			}
		}
		return newer;
	}

	synchronized void add(ILoggingEvent event) {
		if (this.lines.size() == LINES) {
			this.lines.removeFirst();
		}
		this.lines.addLast(new Line(++this.seq, event.getTimeStamp(), event.getLevel().toString(),
				event.getLoggerName(), event.getThreadName(), message(event)));
	}

	private static String message(ILoggingEvent event) {
		String message = event.getFormattedMessage();
		IThrowableProxy thrown = event.getThrowableProxy();
		if (thrown != null) {
			message = message + " (" + thrown.getClassName()
					+ ((thrown.getMessage() != null) ? ": " + thrown.getMessage() : "") + ")";
		}
		return (message.length() > MAX_MESSAGE) ? message.substring(0, MAX_MESSAGE - 1) + "…" : message;
	}

	/**
	 * Attaches the appender to Logback's root logger. Without Logback (another SLF4J binding) the console shows no
	 * log lines.
	 */
	@Override
	public synchronized void start() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (this.root == null && factory instanceof LoggerContext context) {
			this.appender.setContext(context);
			this.appender.setName(APPENDER_NAME);
			this.appender.start();
			this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
			this.root.addAppender(this.appender);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.root != null) {
			this.root.detachAppender(this.appender);
			this.appender.stop();
			this.root = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.root != null;
	}

	/** Hands each event to the ring; Logback calls it on the logging thread, one event at a time. */
	private final class Appender extends AppenderBase<ILoggingEvent> {

		@Override
		protected void append(ILoggingEvent event) {
			add(event);
		}

	}

}
