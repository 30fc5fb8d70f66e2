package io.spread.logbot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;

import org.springframework.beans.factory.DisposableBean;

/**
 * The log bot's files, written through Logback's rolling file appender (daily and by size, old files removed
 * after {@code max-history} days) in a logger context of their own, apart from the application's log. Each line
 * is written out as it comes ({@code immediateFlush}), so a line heard is on disk even if the process is killed
 * right after.
 */
public class LogBotFiles implements DisposableBean {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.US);

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

	private final LoggerContext context = new LoggerContext();

	private final Logger relay;

	private final Clock clock;

	public LogBotFiles(LogBotProperties properties, Clock clock) {
		this.clock = clock;
		this.context.setName("spread-logbot");
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		this.relay = file(properties, properties.getRelayFile());
	}

	/** A frame heard: {@code [HH:mm:ss] text}. */
	public void heard(byte[] frame) {
		this.relay.info("[{}] {}", LocalTime.now(this.clock).format(TIME), new String(frame, StandardCharsets.UTF_8));
	}

	public void connected() {
		this.relay.info("[connected at {}]", ZonedDateTime.now(this.clock).format(WHEN));
	}

	public void disconnected() {
		this.relay.info("[disconnected at {}]", ZonedDateTime.now(this.clock).format(WHEN));
	}

	private Logger file(LogBotProperties properties, String name) {
		Path base = Path.of(properties.getDirectory(), name);
		RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
		appender.setContext(this.context);
		appender.setName(name);
		appender.setFile(base + ".log");
		appender.setImmediateFlush(true);
		SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
		rolling.setContext(this.context);
		rolling.setParent(appender);
		rolling.setFileNamePattern(base + ".%d{yyyy-MM-dd}.%i.log");
		rolling.setMaxFileSize(new FileSize(properties.getMaxFileSize().toBytes()));
		rolling.setMaxHistory(properties.getMaxHistory());
		rolling.start();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern("%msg%n");
		encoder.setCharset(StandardCharsets.UTF_8);
		encoder.start();
		appender.setRollingPolicy(rolling);
		appender.setEncoder(encoder);
		appender.start();
		Logger logger = this.context.getLogger(name);
		logger.setLevel(Level.INFO);
		logger.setAdditive(false);
		logger.addAppender(appender);
		return logger;
	}

	@Override
	public void destroy() {
		this.context.stop();
	}

}
