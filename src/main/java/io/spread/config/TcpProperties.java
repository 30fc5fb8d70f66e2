package io.spread.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.spread.codec.Framing;
import io.spread.codec.LineTerminator;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.Range;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** TCP settings: {@code spread.tcp.*}. Framing and frame size apply to client mode too; the rest is the hub's listener. */
@Validated
@ConfigurationProperties("spread.tcp")
public class TcpProperties {

	/** Address the listener binds to. */
	@NotBlank
	private String host = "0.0.0.0";

	/** TCP port clients connect to; 0 picks a free port (logged, and shown in health). */
	@Min(0)
	@Max(65535)
	private int port = 8007;

	/** How frames are delimited: line, length-prefixed or raw. */
	@NotNull
	private Framing framing = Framing.LINE;

	/** Line terminator the server writes after each line frame and notice: lf or crlf. */
	@NotNull
	private LineTerminator lineTerminator = LineTerminator.LF;

	/** Largest frame payload accepted; larger frames get "ERR frame-too-large". */
	@NotNull
	@DataSizeRange(max = "256MB")
	private DataSize maxFrameSize = DataSize.ofKilobytes(64);

	/**
	 * Client addresses the relay listener accepts, as CIDR ranges (10.0.0.0/8, fd00::/8) or single addresses; empty
	 * accepts any. A client from elsewhere is closed as soon as it connects, with one log line.
	 */
	@NotNull
	private List<@Pattern(regexp = AddressRanges.PATTERN, message = AddressRanges.MESSAGE) String> allow = new ArrayList<>();

	/** TLS on this listener: the SSL bundle it serves and client certificates. */
	@Valid
	@NestedConfigurationProperty
	private ListenerSsl ssl = new ListenerSsl();

	/** How many not-yet-accepted connections the operating system may queue. */
	@Min(1)
	private int backlog = 1024;

	@Valid
	@NotNull
	private KeepAlive keepAlive = new KeepAlive();

	/**
	 * In line framing, take telnet's commands (option negotiation, the interrupt a user's Ctrl-C sends) out of what
	 * clients send, so that they are not relayed as data. Turn off for line payloads that may hold byte 255.
	 */
	private boolean stripTelnet = true;

	public boolean isStripTelnet() {
		return this.stripTelnet;
	}

	public void setStripTelnet(boolean stripTelnet) {
		this.stripTelnet = stripTelnet;
	}

	/**
	 * TCP keepalive on accepted sockets: finds peers that vanished without closing (a half-open connection), which
	 * would otherwise hold a session until something is written to them.
	 */
	public static class KeepAlive {

		/** Linux's largest TCP_KEEPIDLE and TCP_KEEPINTVL, in seconds: larger ones make setting the option fail. */
		static final int MAX_SECONDS = 32767;

		/** Linux's largest TCP_KEEPCNT. */
		static final int MAX_COUNT = 127;

		/** Whether the kernel probes idle connections. */
		private boolean enabled = true;

		/** How long a connection is idle before the first probe: 1s to 32767s, what Linux allows for TCP_KEEPIDLE. */
		@NotNull
		@DurationRange(min = "1s", max = MAX_SECONDS + "s")
		private Duration idle = Duration.ofSeconds(60);

		/** Time between probes: 1s to 32767s, what Linux allows for TCP_KEEPINTVL. */
		@NotNull
		@DurationRange(min = "1s", max = MAX_SECONDS + "s")
		private Duration interval = Duration.ofSeconds(10);

		/** Unanswered probes after which the connection is closed: 1 to 127, what Linux allows for TCP_KEEPCNT. */
		@Range(min = 1, max = MAX_COUNT)
		private int count = 3;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getIdle() {
			return this.idle;
		}

		public void setIdle(Duration idle) {
			this.idle = idle;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getCount() {
			return this.count;
		}

		public void setCount(int count) {
			this.count = count;
		}

	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public Framing getFraming() {
		return this.framing;
	}

	public void setFraming(Framing framing) {
		this.framing = framing;
	}

	public LineTerminator getLineTerminator() {
		return this.lineTerminator;
	}

	public void setLineTerminator(LineTerminator lineTerminator) {
		this.lineTerminator = lineTerminator;
	}

	public DataSize getMaxFrameSize() {
		return this.maxFrameSize;
	}

	public void setMaxFrameSize(DataSize maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	public int getBacklog() {
		return this.backlog;
	}

	public void setBacklog(int backlog) {
		this.backlog = backlog;
	}

	public KeepAlive getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(KeepAlive keepAlive) {
		this.keepAlive = keepAlive;
	}

	public List<String> getAllow() {
		return this.allow;
	}

	public void setAllow(List<String> allow) {
		this.allow = allow;
	}

	public ListenerSsl getSsl() {
		return this.ssl;
	}

	public void setSsl(ListenerSsl ssl) {
		this.ssl = ssl;
	}

}
