package io.spread.seeds;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The timestamp server ({@code spread.timestamp.*}), the {@code tsTservTW.py} example: each line a client sends
 * comes back as {@code [<ctime>] <line>}, the time as C's {@code ctime()} writes it in the server's time zone. Lines
 * follow the hub's line framing settings ({@code spread.tcp.max-frame-size}, {@code line-terminator},
 * {@code strip-telnet}, {@code keep-alive.*}); its clients share the hub's writer threads, outbound limits and memory
 * budget ({@code spread.hub.*}).
 */
@Validated
@ConfigurationProperties("spread.timestamp")
public class TimestampProperties extends SeedServerProperties {

	/** TCP port of the timestamp server; 0 picks a free port (logged, and shown in health). */
	@Min(0)
	@Max(65535)
	private int port = 21567;

	@Override
	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

}
