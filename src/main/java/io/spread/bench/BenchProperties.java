package io.spread.bench;

import java.time.Duration;

import io.spread.codec.Framing;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The load tool ({@code spread.mode=bench}): {@code spread.bench.*}. Every run is bounded in count and time.
 * <p>
 * The jar exits with 0 after a run, or with {@value BenchRunner#LOSS_EXIT_CODE} (and a line on stderr saying why)
 * when frames were lost or the hub disconnected receivers; a run that could not be carried out (the hub cannot be
 * reached, receivers are not confirmed) ends with Spring Boot's failure code, 1.
 */
@Validated
@ConfigurationProperties("spread.bench")
public class BenchProperties {

	/** Scenario to run: fanout, latency, connections, churn or gateway. */
	@NotNull
	private Scenario scenario = Scenario.FANOUT;

	/** Host of the hub under test. */
	@NotBlank
	private String host = "127.0.0.1";

	/** TCP port of the hub under test. */
	@Min(1)
	@Max(65535)
	private int port = 8007;

	/** Where receivers connect, when not to the senders' hub (another replica of a cluster); empty = host. */
	@NotNull
	private String receiverHost = "";

	/** Port receivers connect to; 0 = port. */
	@Min(0)
	@Max(65535)
	private int receiverPort = 0;

	/**
	 * How the receivers of the relay scenarios (fanout, latency) reach the hub: tcp (on receiver-host and
	 * receiver-port) or websocket (on websocket-url: each relayed frame is one WebSocket message). Senders stay TCP
	 * relay clients either way.
	 */
	@NotNull
	private ReceiverTransport receiverTransport = ReceiverTransport.TCP;

	/**
	 * The hub's WebSocket relay endpoint, for receiver-transport=websocket: ws:// or wss://, with the login in it if
	 * the endpoint asks for one (ws://admin:secret@host:8080/ws/relay; sent as HTTP Basic, never printed). wss://
	 * checks the hub's certificate with ssl-bundle's trust material, or the JDK's default trust without one. Empty =
	 * ws://RECEIVER-HOST:8080/ws/relay (receiver-host, else host; 8080 being the hub's default server.port).
	 */
	@NotNull
	@Pattern(regexp = "|wss?://\\S+", message = "must be empty or a ws:// or wss:// URL")
	private String websocketUrl = "";

	/** Framing the hub under test speaks. */
	@NotNull
	private Framing framing = Framing.LINE;

	/** Clients that only receive. */
	@Min(1)
	@Max(19_000)
	private int receivers = 100;

	/** Clients that send. */
	@Min(1)
	@Max(1000)
	private int senders = 1;

	/** Frames each sender sends (fanout). */
	@Min(1)
	@Max(100_000_000)
	private int frames = 20_000;

	/** Payload bytes per frame, at least enough for the frame's sender, sequence and timestamp. */
	@Min(48)
	@Max(65_536)
	private int frameSize = 64;

	/** Frames per socket write: 0 writes as many as fit in 64 KiB (bulk), 1 writes each frame on its own. */
	@Min(0)
	private int framesPerWrite = 0;

	/** Frames per second, all senders together (latency). */
	@Min(1)
	@Max(10_000_000)
	private int rate = 2000;

	/** How long the latency and churn scenarios run. */
	@NotNull
	@DurationMin(millis = 100)
	@DurationMax(hours = 1)
	private Duration duration = Duration.ofSeconds(10);

	/** Idle connections to open (connections). */
	@Min(1)
	@Max(19_000)
	private int connections = 1000;

	/**
	 * Bytes of payload each connection sends once connected (connections); 0 = the connections stay silent. A
	 * complete greeting is relayed to the other connections like any frame, and the hub's memory is measured once
	 * they have received them (none has arrived for 2 s).
	 */
	@Min(0)
	@Max(67_108_864)
	private int greetingBytes = 0;

	/**
	 * Whether the greeting is left unfinished, so that the hub holds a partial frame for each connection
	 * (connections): in line framing greeting-bytes without the terminator; in length-prefixed framing a header
	 * announcing greeting-bytes + 1 followed by greeting-bytes bytes. Needs greeting-bytes above 0 and line or
	 * length-prefixed framing.
	 */
	private boolean greetingPartial = false;

	/**
	 * Rounds of talk once all connections are open (connections): in each round every connection sends one short
	 * frame and the run waits until each has received everyone else's. With hub-pid, the summary reports the hub's
	 * thread count before the rounds and its peak during them. 0 = no rounds.
	 */
	@Min(0)
	@Max(1000)
	private int rounds = 0;

	/**
	 * How long the connections stay open after they were measured (and after any rounds) before they are closed
	 * (connections), so that another process can measure the hub meanwhile. 0 = closed at once.
	 */
	@NotNull
	@DurationMin(millis = 0)
	@DurationMax(hours = 1)
	private Duration hold = Duration.ZERO;

	/** Connections opened before waiting for them all to be confirmed (connections). */
	@Min(1)
	private int batch = 500;

	/**
	 * Loopback source addresses to spread idle connections over (127.0.0.1, .2, ...; connections and gateway
	 * scenarios against a loopback hub). With one, the kernel's search for a free ephemeral port slows down as tens of thousands of
	 * connections to one destination use them up, and the tool measures that instead of the hub.
	 */
	@Min(1)
	@Max(250)
	private int sourceAddresses = 1;

	/** Process id of the hub, to read its resident memory from /proc (connections); 0 = not measured. */
	@Min(0)
	private long hubPid = 0;

	/** Whether the target greets each client (Spread does; a plain relay such as ncat does not). */
	private boolean expectWelcome = true;

	/** Concurrent connect-send-disconnect loops (churn). */
	@Min(1)
	@Max(256)
	private int workers = 4;

	/** Untimed traffic of the same kind before measuring (fanout, latency, gateway), so that both ends are warmed up. */
	@NotNull
	@DurationMax(minutes = 10)
	private Duration warmup = Duration.ofSeconds(2);

	/**
	 * Longest a connections run may spend opening connections before it gives up and reports, and a gateway run
	 * connecting its clients and waiting for each to be in its room (OK JOIN) before it gives up.
	 */
	@NotNull
	@DurationMin(seconds = 1)
	@DurationMax(hours = 1)
	private Duration timeLimit = Duration.ofSeconds(60);

	/** How long to wait for frames still missing once nothing has arrived for this long. */
	@NotNull
	@DurationMin(millis = 100)
	private Duration idleTimeout = Duration.ofSeconds(5);

	/**
	 * The hub's Prometheus endpoint with its actuator login, such as
	 * http://admin:secret@127.0.0.1:8080/actuator/prometheus (the hub exposes it with
	 * management.endpoints.web.exposure.include=health,prometheus). Read before and after the measured traffic
	 * (fanout, latency, gateway) to report the hub's own counts of dropped frames and closed connections by
	 * reason. Empty = not read.
	 */
	@NotNull
	@Pattern(regexp = "|https?://\\S+", message = "must be empty or an http(s) URL")
	private String hubMetricsUrl = "";

	/**
	 * Name of an SSL bundle (spring.ssl.bundle.*.<name>) whose trust material checks the hub's certificate: the relay
	 * scenarios (fanout, latency) then connect with TLS, to measure the hub serving it. Empty = plain TCP.
	 */
	@NotNull
	private String sslBundle = "";

	/** How the summary is printed on stdout: text (one key=value line) or json. */
	@NotNull
	private Output output = Output.TEXT;

	/** The gateway scenario: rooms of named clients on the hub's gateway listener. */
	@Valid
	@NotNull
	private Gateway gateway = new Gateway();

	public enum Scenario {

		FANOUT, LATENCY, CONNECTIONS, CHURN, GATEWAY

	}

	public enum ReceiverTransport {

		TCP, WEBSOCKET

	}

	public enum Output {

		TEXT, JSON

	}

	public Scenario getScenario() {
		return this.scenario;
	}

	public void setScenario(Scenario scenario) {
		this.scenario = scenario;
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

	public String getReceiverHost() {
		return this.receiverHost;
	}

	public void setReceiverHost(String receiverHost) {
		this.receiverHost = receiverHost;
	}

	public int getReceiverPort() {
		return this.receiverPort;
	}

	public void setReceiverPort(int receiverPort) {
		this.receiverPort = receiverPort;
	}

	public ReceiverTransport getReceiverTransport() {
		return this.receiverTransport;
	}

	public void setReceiverTransport(ReceiverTransport receiverTransport) {
		this.receiverTransport = receiverTransport;
	}

	public String getWebsocketUrl() {
		return this.websocketUrl;
	}

	public void setWebsocketUrl(String websocketUrl) {
		this.websocketUrl = websocketUrl;
	}

	@AssertTrue(message = "spread.bench.receiver-transport=websocket is for the fanout and latency scenarios")
	public boolean isReceiverTransportPossible() {
		return this.receiverTransport == ReceiverTransport.TCP || this.scenario == Scenario.FANOUT
				|| this.scenario == Scenario.LATENCY;
	}

	public Framing getFraming() {
		return this.framing;
	}

	public void setFraming(Framing framing) {
		this.framing = framing;
	}

	public int getReceivers() {
		return this.receivers;
	}

	public void setReceivers(int receivers) {
		this.receivers = receivers;
	}

	public int getSenders() {
		return this.senders;
	}

	public void setSenders(int senders) {
		this.senders = senders;
	}

	public int getFrames() {
		return this.frames;
	}

	public void setFrames(int frames) {
		this.frames = frames;
	}

	public int getFrameSize() {
		return this.frameSize;
	}

	public void setFrameSize(int frameSize) {
		this.frameSize = frameSize;
	}

	public int getFramesPerWrite() {
		return this.framesPerWrite;
	}

	public void setFramesPerWrite(int framesPerWrite) {
		this.framesPerWrite = framesPerWrite;
	}

	public int getRate() {
		return this.rate;
	}

	public void setRate(int rate) {
		this.rate = rate;
	}

	public Duration getDuration() {
		return this.duration;
	}

	public void setDuration(Duration duration) {
		this.duration = duration;
	}

	public int getConnections() {
		return this.connections;
	}

	public void setConnections(int connections) {
		this.connections = connections;
	}

	public int getGreetingBytes() {
		return this.greetingBytes;
	}

	public void setGreetingBytes(int greetingBytes) {
		this.greetingBytes = greetingBytes;
	}

	public boolean isGreetingPartial() {
		return this.greetingPartial;
	}

	public void setGreetingPartial(boolean greetingPartial) {
		this.greetingPartial = greetingPartial;
	}

	@AssertTrue(message = "spread.bench.greeting-partial needs spread.bench.greeting-bytes above 0 and line or length-prefixed framing")
	public boolean isPartialGreetingPossible() {
		return !this.greetingPartial || (this.greetingBytes > 0 && this.framing != Framing.RAW);
	}

	public int getRounds() {
		return this.rounds;
	}

	public void setRounds(int rounds) {
		this.rounds = rounds;
	}

	public Duration getHold() {
		return this.hold;
	}

	public void setHold(Duration hold) {
		this.hold = hold;
	}

	public int getBatch() {
		return this.batch;
	}

	public void setBatch(int batch) {
		this.batch = batch;
	}

	public int getSourceAddresses() {
		return this.sourceAddresses;
	}

	public void setSourceAddresses(int sourceAddresses) {
		this.sourceAddresses = sourceAddresses;
	}

	public long getHubPid() {
		return this.hubPid;
	}

	public void setHubPid(long hubPid) {
		this.hubPid = hubPid;
	}

	public boolean isExpectWelcome() {
		return this.expectWelcome;
	}

	public void setExpectWelcome(boolean expectWelcome) {
		this.expectWelcome = expectWelcome;
	}

	public int getWorkers() {
		return this.workers;
	}

	public void setWorkers(int workers) {
		this.workers = workers;
	}

	public Duration getWarmup() {
		return this.warmup;
	}

	public void setWarmup(Duration warmup) {
		this.warmup = warmup;
	}

	public Duration getTimeLimit() {
		return this.timeLimit;
	}

	public void setTimeLimit(Duration timeLimit) {
		this.timeLimit = timeLimit;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public String getHubMetricsUrl() {
		return this.hubMetricsUrl;
	}

	public void setHubMetricsUrl(String hubMetricsUrl) {
		this.hubMetricsUrl = hubMetricsUrl;
	}

	public Output getOutput() {
		return this.output;
	}

	public void setOutput(Output output) {
		this.output = output;
	}

	public Gateway getGateway() {
		return this.gateway;
	}

	public void setGateway(Gateway gateway) {
		this.gateway = gateway;
	}

	/**
	 * The gateway scenario ({@code scenario=gateway}): {@code rooms} rooms of {@code members} clients each, on the
	 * hub's gateway listener at {@code host}:{@code gateway.port}. Every client says {@code HELLO} with a name of its
	 * own and joins its room; once all are in, {@code publishers} members of each room send {@code messages}
	 * messages each ({@code PUB}), and every member checks what it receives: only its room, each publisher's
	 * messages in order, none missing. The shared {@code warmup}, {@code idle-timeout}, {@code time-limit},
	 * {@code source-addresses}, {@code hub-metrics-url} and {@code output} apply.
	 */
	public static class Gateway {

		/** TCP port of the hub's gateway listener (the hub's spread.gateway.port); the host is spread.bench.host. */
		@Min(1)
		@Max(65535)
		private int port = 8008;

		/** Framing the gateway listener speaks (the hub's spread.gateway.framing): line or length-prefixed. */
		@NotNull
		private GatewayFraming framing = GatewayFraming.LINE;

		/** Rooms, each with members of its own (gateway). */
		@Min(1)
		@Max(19_000)
		private int rooms = 10;

		/** Clients in each room, its publishers included; rooms x members may be at most 19,000 (gateway). */
		@Min(2)
		@Max(19_000)
		private int members = 10;

		/** Members of each room that publish; they also receive what the room's other publishers send (gateway). */
		@Min(1)
		@Max(19_000)
		private int publishers = 1;

		/** Messages each publisher sends (gateway). */
		@Min(1)
		@Max(100_000_000)
		private int messages = 1000;

		/** Messages per second, all publishers together; 0 = each publisher as fast as it can (gateway). */
		@Min(0)
		@Max(10_000_000)
		private int rate = 0;

		/**
		 * Payload bytes of each message, at least enough for its publisher, sequence and send time; the whole PUB
		 * frame must fit the hub's spread.tcp.max-frame-size (gateway).
		 */
		@Min(48)
		@Max(65_000)
		private int payloadSize = 64;

		/**
		 * Start of every room and client name; each run adds a token of its own, so that two runs never share a name
		 * or a room: room N is PREFIX-TOKEN-rN, its member M is PREFIX-TOKEN-rN-mM, and members 0 to publishers - 1
		 * publish (gateway).
		 */
		@NotNull
		@Pattern(regexp = "[A-Za-z0-9._-]{1,24}", message = "must be 1 to 24 characters of A-Z a-z 0-9 . _ -")
		private String namePrefix = "bench";

		/** Threads that read the clients' sockets, and as many that write the publishers' messages (gateway). */
		@Min(1)
		@Max(64)
		private int threads = 1;

		public enum GatewayFraming {

			LINE, LENGTH_PREFIXED;

			Framing framing() {
				return (this == LINE) ? Framing.LINE : Framing.LENGTH_PREFIXED;
			}

		}

		@AssertTrue(message = "spread.bench.gateway.publishers may be at most spread.bench.gateway.members")
		public boolean isPublishersWithinMembers() {
			return this.publishers <= this.members;
		}

		@AssertTrue(message = "spread.bench.gateway.rooms x spread.bench.gateway.members may be at most 19000")
		public boolean isClientsWithinLimit() {
			return (long) this.rooms * this.members <= 19_000;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public GatewayFraming getFraming() {
			return this.framing;
		}

		public void setFraming(GatewayFraming framing) {
			this.framing = framing;
		}

		public int getRooms() {
			return this.rooms;
		}

		public void setRooms(int rooms) {
			this.rooms = rooms;
		}

		public int getMembers() {
			return this.members;
		}

		public void setMembers(int members) {
			this.members = members;
		}

		public int getPublishers() {
			return this.publishers;
		}

		public void setPublishers(int publishers) {
			this.publishers = publishers;
		}

		public int getMessages() {
			return this.messages;
		}

		public void setMessages(int messages) {
			this.messages = messages;
		}

		public int getRate() {
			return this.rate;
		}

		public void setRate(int rate) {
			this.rate = rate;
		}

		public int getPayloadSize() {
			return this.payloadSize;
		}

		public void setPayloadSize(int payloadSize) {
			this.payloadSize = payloadSize;
		}

		public String getNamePrefix() {
			return this.namePrefix;
		}

		public void setNamePrefix(String namePrefix) {
			this.namePrefix = namePrefix;
		}

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

	}

	public String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(String sslBundle) {
		this.sslBundle = sslBundle;
	}

}
