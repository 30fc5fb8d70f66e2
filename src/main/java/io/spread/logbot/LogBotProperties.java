package io.spread.logbot;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The log bot ({@code spread.mode=logger}): {@code spread.logger.*}. Where it connects, and how it reconnects,
 * is client mode's {@code spread.client.*}.
 */
@Validated
@ConfigurationProperties("spread.logger")
public class LogBotProperties {

	/** Directory the log files are written to (created if missing). */
	@NotBlank
	private String directory = "logbot";

	/** Name of the file for what the relay carries, without ".log". */
	@NotBlank
	private String relayFile = "relay";

	/** A file is rolled over when it reaches this size (and at midnight). */
	@NotNull
	private DataSize maxFileSize = DataSize.ofMegabytes(10);

	/** Rolled files are kept for this many days. */
	@Min(1)
	private int maxHistory = 30;

	public String getDirectory() {
		return this.directory;
	}

	public void setDirectory(String directory) {
		this.directory = directory;
	}

	public String getRelayFile() {
		return this.relayFile;
	}

	public void setRelayFile(String relayFile) {
		this.relayFile = relayFile;
	}

	public DataSize getMaxFileSize() {
		return this.maxFileSize;
	}

	public void setMaxFileSize(DataSize maxFileSize) {
		this.maxFileSize = maxFileSize;
	}

	public int getMaxHistory() {
		return this.maxHistory;
	}

	public void setMaxHistory(int maxHistory) {
		this.maxHistory = maxHistory;
	}

}
