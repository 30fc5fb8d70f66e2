package io.spread.logging;

import java.nio.charset.Charset;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The console's encoder: Spring Boot's structured logging (JSON for log shippers) when
 * {@code logging.structured.format.console} is set ({@code ecs}, {@code logstash}, {@code gelf}), the text pattern
 * otherwise. Spring Boot switches between the two only when it configures logging itself; Spread has its own
 * {@code logback-spring.xml} (to log to stderr in the client modes), and XML cannot choose an encoder by a setting.
 */
public class ConsoleEncoder extends EncoderBase<ILoggingEvent> {

	private String structuredFormat = "";

	private String pattern;

	private Charset charset;

	private Encoder<ILoggingEvent> delegate;

	public void setStructuredFormat(String structuredFormat) {
		this.structuredFormat = (structuredFormat != null) ? structuredFormat.trim() : "";
	}

	public void setPattern(String pattern) {
		this.pattern = pattern;
	}

	public void setCharset(Charset charset) {
		this.charset = charset;
	}

	@Override
	public void start() {
		if (!this.structuredFormat.isEmpty()) {
			StructuredLogEncoder structured = new StructuredLogEncoder();
			structured.setFormat(this.structuredFormat);
			structured.setCharset(this.charset);
			this.delegate = structured;
		}
		else {
			PatternLayoutEncoder text = new PatternLayoutEncoder();
			text.setPattern(this.pattern);
			text.setCharset(this.charset);
			this.delegate = text;
		}
		this.delegate.setContext(getContext());
		this.delegate.start();
		super.start();
	}

	@Override
	public void stop() {
		if (this.delegate != null) {
			this.delegate.stop();
		}
		super.stop();
	}

	@Override
	public byte[] headerBytes() {
		return this.delegate.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		return this.delegate.encode(event);
	}

	@Override
	public byte[] footerBytes() {
		return this.delegate.footerBytes();
	}

}
