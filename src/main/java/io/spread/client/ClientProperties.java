package io.spread.client;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Client mode ({@code spread.mode=client}): {@code spread.client.*}. Framing comes from {@code spread.tcp.*}. */
@Validated
@ConfigurationProperties("spread.client")
public class ClientProperties {

	/** A name or room in the gateway protocol (SPEC section 8). */
	static final String GATEWAY_NAME = "[A-Za-z0-9._-]{1,64}";

	/** Hub to connect to. */
	@NotBlank
	private String host = "localhost";

	/** Hub's TCP port. */
	@Min(1)
	@Max(65535)
	private int port = 8007;

	/**
	 * What the hub's port speaks: relay (the broadcast port, 8007, where every line goes to everyone) or gateway (the
	 * gateway protocol's port, 8008, with a name, rooms and direct messages). The port is not guessed from this.
	 */
	@NotNull
	private ClientProtocol protocol = ClientProtocol.RELAY;

	/**
	 * Name in heartbeats; with the gateway protocol also the name given in HELLO, 1-64 characters of A-Z a-z 0-9 . _ -
	 * there. Empty means this machine's host name (with the gateway protocol, other characters become '-').
	 */
	@NotNull
	private String name = "";

	/** TLS to the hub. */
	@Valid
	private final Ssl ssl = new Ssl();

	/**
	 * Gateway protocol: the token sent in HELLO, for a hub that asks for one (spread.auth.jwt.* there; make one with
	 * --spread.mode=token). Empty sends none.
	 */
	@NotNull
	private String token = "";

	/**
	 * Gateway protocol: the rooms joined on every connection. Typed lines go to the first; "/room <room> <text>" sends
	 * to another of them.
	 */
	@NotEmpty
	private List<@Pattern(regexp = GATEWAY_NAME,
			message = "must be 1-64 characters of A-Z a-z 0-9 . _ -") String> rooms = List.of("lobby");

	/**
	 * Time between heartbeats ("hello, I'm <name> <timestamp>"; with the gateway protocol "PING <timestamp>", which
	 * keeps the connection alive without writing into any room); 0 sends none.
	 */
	@NotNull
	@DurationMin(millis = 0)
	private Duration heartbeatInterval = Duration.ofSeconds(5);

	/** Lines typed while disconnected that are kept to send after reconnecting; more are refused. */
	@Min(0)
	private int queueLimit = 1000;

	@Valid
	@NotNull
	private Reconnect reconnect = new Reconnect();

	/** Backoff between connection attempts, as Twisted's ReconnectingClientFactory. */
	public static class Reconnect {

		/** Starting delay; the first wait is this times the factor. */
		@NotNull
		@DurationMin(millis = 1)
		private Duration initialDelay = Duration.ofSeconds(1);

		/** What each delay is multiplied by. */
		@DecimalMin("1.0")
		private double factor = 2.718281828;

		/** Standard deviation of the Gaussian jitter, as a fraction of the delay; 0 for none. */
		@DecimalMin("0.0")
		private double jitter = 0.11962656472;

		/** Largest delay (before jitter). */
		@NotNull
		@DurationMin(millis = 1)
		private Duration maxDelay = Duration.ofHours(1);

		/** Attempts after a failure or loss before giving up with a non-zero exit; -1 tries for ever. */
		@Min(-1)
		private int maxRetries = -1;

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public double getFactor() {
			return this.factor;
		}

		public void setFactor(double factor) {
			this.factor = factor;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
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

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public ClientProtocol getProtocol() {
		return this.protocol;
	}

	public void setProtocol(ClientProtocol protocol) {
		this.protocol = protocol;
	}

	public List<String> getRooms() {
		return this.rooms;
	}

	public void setRooms(List<String> rooms) {
		this.rooms = rooms;
	}

	/** A name set for the gateway protocol must be one the hub accepts in HELLO; an empty one is made from the host. */
	@AssertTrue(message = "spread.client.name must be 1-64 characters of A-Z a-z 0-9 . _ - (and not guest-<n>) "
			+ "with spread.client.protocol=gateway")
	public boolean isNameFitForGateway() {
		return this.protocol != ClientProtocol.GATEWAY || this.name == null || this.name.isEmpty()
				|| GatewayNames.isValid(this.name);
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	/** Ignore standard input: only print what the hub sends (for running under systemd, nohup or a pipe). */
	private boolean listenOnly = false;

	/**
	 * When input ends while lines still wait for a connection, leave at once (exit 1) instead of waiting for the
	 * hub. Interactively, a second Ctrl-D does the same.
	 */
	private boolean giveUpOnEof = false;

	/**
	 * Interactive use, as the seed's {@code tsTclnt.py}: print "> " before each line is read, wait briefly (up to a
	 * second) for the reply so that it is printed before the next prompt, and close on an empty line (exit 0 once
	 * what was typed has been sent). Frames that arrive while the prompt waits are printed and the prompt shown again.
	 * Ignored with listen-only.
	 */
	private boolean prompt = false;

	public boolean isPrompt() {
		return this.prompt;
	}

	public void setPrompt(boolean prompt) {
		this.prompt = prompt;
	}

	public boolean isListenOnly() {
		return this.listenOnly;
	}

	public void setListenOnly(boolean listenOnly) {
		this.listenOnly = listenOnly;
	}

	public boolean isGiveUpOnEof() {
		return this.giveUpOnEof;
	}

	public void setGiveUpOnEof(boolean giveUpOnEof) {
		this.giveUpOnEof = giveUpOnEof;
	}

	public int getQueueLimit() {
		return this.queueLimit;
	}

	public void setQueueLimit(int queueLimit) {
		this.queueLimit = queueLimit;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public void setReconnect(Reconnect reconnect) {
		this.reconnect = reconnect;
	}

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	/** TLS to the hub: {@code spread.client.ssl.*}. */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*.<name>) to connect with TLS: its trust material checks the hub's
		 * certificate (and its host name), its key, if any, is the client certificate. Empty connects in plain TCP.
		 */
		@NotNull
		private String bundle = "";

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

}
