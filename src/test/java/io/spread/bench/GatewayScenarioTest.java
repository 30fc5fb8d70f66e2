package io.spread.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.spread.SpreadApplication;
import io.spread.bench.BenchProperties.Gateway.GatewayFraming;
import io.spread.bench.BenchProperties.Scenario;
import io.spread.cli.CommandLine;
import io.spread.codec.Framing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The load tool's gateway scenario, run briefly against hubs in the test (the gateway listener on a free port) over
 * loopback sockets: what it reports and how it fails, never its speed. The checks each member makes of what it
 * receives are also tried on their own, with frames a correct hub never sends.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayScenarioTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static ConfigurableApplicationContext hub;

	@BeforeAll
	static void startHub() {
		hub = startHub(new String[0]);
	}

	@AfterAll
	static void stopHub() {
		hub.close();
	}

	@Test
	void everyMemberGetsEveryMessageOfTheOtherPublishersOfItsRoomInOrder() {
		BenchProperties settings = settings(gatewayPort(hub), 3, 4, 2, 300);

		BenchResult result = run(settings);

		assertThat(result.failure()).isNull();
		assertThat(result.get("scenario")).isEqualTo("gateway");
		assertThat(result.getLong("clients")).isEqualTo(12);
		assertThat(result.getLong("sent")).isEqualTo(3 * 2 * 300);
		assertThat(result.getLong("unsent")).isZero();
		// per room: 2 members who only listen get 2 x 300, each of the 2 publishers gets the other's 300
		assertThat(result.getLong("expected")).isEqualTo(3 * (2 * 600 + 2 * 300));
		assertThat(result.getLong("delivered")).isEqualTo(result.getLong("expected"));
		assertClean(result);
		double p50 = (double) result.get("latency_p50_ms");
		assertThat(p50).isPositive().isLessThanOrEqualTo((double) result.get("latency_p99_ms"));
		assertThat((double) result.get("latency_p99_ms")).isLessThanOrEqualTo((double) result.get("latency_max_ms"));
		assertThat(result.getLong("delivered_fps")).isPositive();
		assertThat(result.getLong("sent_fps")).isPositive();
	}

	@Test
	void lengthPrefixedGatewayWithAWarmUpThatIsForgotten() {
		try (ConfigurableApplicationContext lengthPrefixed = startHub("--spread.gateway.framing=length-prefixed")) {
			BenchProperties settings = settings(gatewayPort(lengthPrefixed), 2, 3, 1, 500);
			settings.getGateway().setFraming(GatewayFraming.LENGTH_PREFIXED);
			settings.setWarmup(Duration.ofMillis(300));

			BenchResult result = run(settings);

			assertThat(result.failure()).isNull();
			assertThat(result.get("framing")).isEqualTo("length-prefixed");
			assertThat(result.getLong("expected")).isEqualTo(2 * 2 * 500);
			assertThat(result.getLong("delivered")).isEqualTo(2 * 2 * 500);
			assertClean(result);
		}
	}

	@Test
	void aRateSpreadsTheMessagesOverTime() {
		BenchProperties settings = settings(gatewayPort(hub), 2, 2, 1, 100);
		settings.getGateway().setRate(1000);

		BenchResult result = run(settings);

		assertThat(result.failure()).isNull();
		assertThat(result.get("rate")).isEqualTo(1000);
		assertThat(result.getLong("sent")).isEqualTo(200);
		// 200 messages at 1,000/s: the last one is due after 0.2 s less one interval
		assertThat((double) result.get("send_seconds")).isGreaterThanOrEqualTo(0.19);
		assertThat(result.getLong("delivered")).isEqualTo(200);
		assertClean(result);
	}

	@Test
	void severalThreadsWhenEveryMemberPublishes() {
		BenchProperties settings = settings(gatewayPort(hub), 4, 3, 3, 200);
		settings.getGateway().setThreads(2);

		BenchResult result = run(settings);

		assertThat(result.failure()).isNull();
		assertThat(result.getLong("expected")).isEqualTo(4 * 3 * 2 * 200);
		assertThat(result.getLong("delivered")).isEqualTo(4 * 3 * 2 * 200);
		assertClean(result);
	}

	@Test
	void runsFromTheJarsBenchModeAndPrintsOneSummaryLine(CapturedOutput output) {
		BenchExit run = runBenchMode("--spread.bench.scenario=gateway",
				"--spread.bench.gateway.port=" + gatewayPort(hub), "--spread.bench.gateway.rooms=2",
				"--spread.bench.gateway.members=3", "--spread.bench.gateway.messages=100");

		assertThat(run.exitCode()).isZero();
		assertThat(output.getOut().lines().filter(line -> line.startsWith("spread-bench "))).singleElement()
			.asString()
			.startsWith("spread-bench scenario=gateway target=127.0.0.1:" + gatewayPort(hub) + " framing=line rooms=2 "
					+ "members=3 publishers=1 messages=100 payload_size=64 rate=max clients=6 expected=400 delivered=400 ")
			.contains(" lost=0 lost_reason=none receivers_disconnected=0 disconnect_reasons=none")
			.contains(" out_of_order=0 misrouted=0 malformed=0 ")
			.contains(" sent=200 ")
			.contains(" unsent=0 ");
		assertThat(output.getErr()).doesNotContain("FAIL");
	}

	/** Members that cannot keep up with a hub that lets no more than 1 KB wait for them are cut, and said to be. */
	@Test
	void membersCutAsSlowConsumersAreReportedAndFailTheRun(CapturedOutput output) {
		try (ConfigurableApplicationContext tinyBuffers = startHub("--spread.hub.outbound-buffer=1KB",
				"--spread.hub.outbound-buffer-max=1KB")) {
			BenchExit run = runBenchMode("--spread.bench.scenario=gateway",
					"--spread.bench.gateway.port=" + gatewayPort(tinyBuffers), "--spread.bench.gateway.rooms=1",
					"--spread.bench.gateway.members=10", "--spread.bench.gateway.messages=50000",
					"--spread.bench.gateway.payload-size=200");

			BenchResult result = run.result();
			assertThat(run.exitCode()).isEqualTo(BenchRunner.LOSS_EXIT_CODE);
			assertThat(result.getLong("receivers_disconnected")).isPositive();
			@SuppressWarnings("unchecked")
			Map<String, Integer> reasons = (Map<String, Integer>) result.get("disconnect_reasons");
			assertThat(reasons).containsKey("slow-consumer");
			assertThat((String) result.get("lost_reason")).contains("slow-consumer");
			assertThat(result.getLong("lost")).isPositive();
			assertThat(result.getLong("lost_to_disconnects")).isPositive();
			assertThat(result.failure()).contains("clients were disconnected by the hub");
			assertThat(output.getErr()).contains("FAIL: " + result.failure());
		}
	}

	/** Under policy drop members stay connected, and the hub tells each how many messages it dropped for it. */
	@Test
	void messagesTheHubSaysItDroppedAreReportedAndFailTheRun() {
		try (ConfigurableApplicationContext dropping = startHub("--spread.hub.outbound-buffer=1KB",
				"--spread.hub.outbound-buffer-max=1KB", "--spread.hub.slow-consumer-policy=drop")) {
			BenchExit run = runBenchMode("--spread.bench.scenario=gateway",
					"--spread.bench.gateway.port=" + gatewayPort(dropping), "--spread.bench.gateway.rooms=1",
					"--spread.bench.gateway.members=10", "--spread.bench.gateway.messages=50000",
					"--spread.bench.gateway.payload-size=200", "--spread.bench.idle-timeout=1s");

			BenchResult result = run.result();
			assertThat(run.exitCode()).isEqualTo(BenchRunner.LOSS_EXIT_CODE);
			assertThat(result.getLong("receivers_disconnected")).isZero();
			assertThat(result.getLong("hub_dropped")).isPositive();
			assertThat(result.getLong("lost")).isGreaterThanOrEqualTo(result.getLong("hub_dropped"));
			assertThat((String) result.get("lost_reason")).startsWith("dropped");
			assertThat(result.failure()).contains("the hub dropped");
		}
	}

	@Test
	void clientsTheHubRefusesEndTheRunWithOneFailLineAndExitOne(CapturedOutput output) {
		try (ConfigurableApplicationContext small = startHub("--spread.hub.max-connections=5")) {
			BenchExit run = runBenchMode("--spread.bench.scenario=gateway",
					"--spread.bench.gateway.port=" + gatewayPort(small), "--spread.bench.gateway.rooms=2",
					"--spread.bench.gateway.members=4");

			assertThat(run.exitCode()).isEqualTo(BenchRunner.FAILED_EXIT_CODE);
			assertThat(output.getErr()).contains("FAIL: bench: 3 of 8 gateway clients were not let into their rooms")
				.contains("ERR server-full: 3")
				.doesNotContain("\tat ");
		}
	}

	@Test
	void aPortThatDoesNotSpeakTheGatewayProtocolIsNamedInTheFailure(CapturedOutput output) {
		int relayPort = relayPort(hub);

		BenchExit run = runBenchMode("--spread.bench.scenario=gateway", "--spread.bench.gateway.port=" + relayPort,
				"--spread.bench.gateway.rooms=1", "--spread.bench.gateway.members=2", "--spread.bench.time-limit=1s");

		assertThat(run.exitCode()).isEqualTo(BenchRunner.FAILED_EXIT_CODE);
		assertThat(output.getErr()).contains("FAIL: bench: only 0 of 2 gateway clients were in their rooms (OK JOIN) within 1s")
			.contains("a client got 'Welcome to Spread Site, you are client #")
			.contains("is 127.0.0.1:" + relayPort + " the hub's gateway port (spread.gateway.port)");
	}

	@Test
	void settingsThatCannotMakeARunAreRefusedAtStartUp() {
		assertThatThrownBy(() -> runBenchMode("--spread.bench.scenario=gateway", "--spread.bench.gateway.members=3",
				"--spread.bench.gateway.publishers=4"))
			.hasStackTraceContaining("spread.bench.gateway.publishers may be at most spread.bench.gateway.members");
		assertThatThrownBy(() -> runBenchMode("--spread.bench.scenario=gateway", "--spread.bench.gateway.rooms=1000",
				"--spread.bench.gateway.members=20"))
			.hasStackTraceContaining("rooms x spread.bench.gateway.members may be at most 19000");
		assertThatThrownBy(() -> runBenchMode("--spread.bench.scenario=gateway", "--spread.bench.gateway.members=1"))
			.hasStackTraceContaining("members");
		assertThatThrownBy(() -> runBenchMode("--spread.bench.scenario=gateway", "--spread.bench.gateway.framing=raw"))
			.hasStackTraceContaining("spread.bench.gateway.framing");
		assertThatThrownBy(() -> runBenchMode("--spread.bench.scenario=gateway",
				"--spread.bench.gateway.name-prefix=no spaces"))
			.hasStackTraceContaining("gateway.namePrefix")
			.hasStackTraceContaining("must be 1 to 24 characters of A-Z a-z 0-9 . _ -");
	}

	@Test
	void benchHelpListsTheGatewaySettingsWithTheirDefaults() {
		ByteArrayOutputStream text = new ByteArrayOutputStream();

		CommandLine.of(new String[] { "--spread.mode=bench", "--help" })
			.printHelp(new PrintStream(text, true, StandardCharsets.UTF_8));

		assertThat(text.toString(StandardCharsets.UTF_8)).contains("Scenario to run: fanout, latency, connections, churn or gateway.")
			.contains("--spread.bench.gateway.port=8008")
			.contains("--spread.bench.gateway.framing=line")
			.contains("--spread.bench.gateway.rooms=10")
			.contains("--spread.bench.gateway.members=10")
			.contains("--spread.bench.gateway.publishers=1")
			.contains("--spread.bench.gateway.messages=1000")
			.contains("--spread.bench.gateway.rate=0")
			.contains("--spread.bench.gateway.payload-size=64")
			.contains("--spread.bench.gateway.name-prefix=bench")
			.contains("--spread.bench.gateway.threads=1")
			.doesNotContain("publishers-within-members")
			.doesNotContain("clients-within-limit");
	}

	// --- the members' checks, frame by frame

	@Test
	void aMemberCountsOnlyMessagesFromTheOtherPublishersOfItsRoomAndChecksTheirOrder() {
		GatewayRooms rooms = new GatewayRooms("t", 2, 3, 2);
		ReceiveStats stats = new ReceiveStats();
		// member 1 of room 0 publishes (publisher number 1); its room's other publisher is number 0
		GatewayMember member = new GatewayMember(rooms, stats, Framing.LINE, 0, 1);
		String room = rooms.roomName(0);
		String publisher = rooms.memberName(0, 0);

		feed(member, "OK HELLO " + member.name);
		feed(member, "OK JOIN " + room + " 2 e1 0");
		feed(member, "JOINED " + room + " " + rooms.memberName(0, 2));
		assertThat(member.isJoined()).isTrue();
		assertThat(rooms.joined.get()).isEqualTo(1);

		feed(member, "MSG " + room + " " + publisher + " 1 " + payload(0, 0));
		feed(member, "MSG " + room + " " + publisher + " 3 " + payload(0, 1));
		feed(member, "MSG " + room + " " + publisher + " 4 P");
		assertThat(stats.dataFrames.get()).isEqualTo(2);
		assertThat(member.received()).isEqualTo(2);

		// an old sequence number, then an old offset
		feed(member, "MSG " + room + " " + publisher + " 5 " + payload(0, 1));
		feed(member, "MSG " + room + " " + publisher + " 2 " + payload(0, 2));
		assertThat(stats.outOfOrder.get()).isEqualTo(2);

		// another room; its own message back; a publisher of another room in this room
		feed(member, "MSG " + rooms.roomName(1) + " " + rooms.memberName(1, 0) + " 6 " + payload(2, 0));
		feed(member, "MSG " + room + " " + member.name + " 7 " + payload(1, 0));
		feed(member, "MSG " + room + " " + rooms.memberName(1, 0) + " 8 " + payload(2, 0));
		assertThat(stats.misrouted.get()).isEqualTo(3);

		// a payload not from the name in front of it; a broken payload; no offset; no payload
		feed(member, "MSG " + room + " " + publisher + " 9 " + payload(1, 5));
		feed(member, "MSG " + room + " " + publisher + " 10 B0:x");
		feed(member, "MSG " + room + " " + publisher + " x " + payload(0, 9));
		feed(member, "MSG " + room + " " + publisher + " 11");
		assertThat(stats.malformed.get()).isEqualTo(4);
		assertThat(stats.dataFrames.get()).isEqualTo(4);

		feed(member, "ERR dropped 7");
		assertThat(stats.hubDropped.get()).isEqualTo(7);
		assertThat(member.accounted()).isEqualTo(4 + 7);
		assertThat(stats.notices()).containsEntry("dropped", 1L);
		assertThat(rooms.unexpected()).isNull();
		feed(member, "Welcome to Spread Site, you are client #1!");
		assertThat(rooms.unexpected()).isEqualTo("Welcome to Spread Site, you are client #1!");
	}

	@Test
	void anErrorBeforeOkJoinRefusesTheMemberOnce() {
		GatewayRooms rooms = new GatewayRooms("t", 1, 2, 1);
		ReceiveStats stats = new ReceiveStats();
		GatewayMember member = new GatewayMember(rooms, stats, Framing.LINE, 0, 0);

		feed(member, "ERR name-taken " + member.name);
		feed(member, "ERR hello-first");
		member.hungUp(ReceiveStats.EOF);

		assertThat(member.isJoined()).isFalse();
		assertThat(rooms.refused.get()).isEqualTo(1);
		assertThat(rooms.refusals()).containsExactly(Map.entry("ERR name-taken " + member.name, 1));
		assertThat(stats.disconnects()).containsExactly(Map.entry("hello-first", 1));
	}

	@Test
	void namesAndRoomsAreValidGatewayNamesAndNewForEachRun() {
		GatewayRooms one = new GatewayRooms("b".repeat(24), 19_000, 1, 1);
		GatewayRooms other = new GatewayRooms("b".repeat(24), 1, 2, 1);

		assertThat(one.memberName(18_999, 0)).matches("[A-Za-z0-9._-]{1,64}");
		assertThat(one.roomName(18_999)).matches("[A-Za-z0-9._-]{1,64}");
		assertThat(one.roomName(0)).isNotEqualTo(other.roomName(0));
		assertThat(other.memberName(0, 1)).isEqualTo(other.roomName(0) + "-m1");
	}

	@Test
	void publishFramesOnTheWire() {
		assertThat(new String(GatewayPublisher.frame(Framing.LINE, "JOIN r1"), StandardCharsets.US_ASCII))
			.isEqualTo("JOIN r1\n");
		assertThat(GatewayPublisher.frame(Framing.LENGTH_PREFIXED, "HELLO a")).containsExactly(0, 0, 0, 7, 'H', 'E',
				'L', 'L', 'O', ' ', 'a');
	}

	// --- helpers

	private static void assertClean(BenchResult result) {
		assertThat(result.getLong("lost")).isZero();
		assertThat(result.get("lost_reason")).isEqualTo("none");
		assertThat(result.getLong("receivers_disconnected")).isZero();
		assertThat(result.getLong("out_of_order")).isZero();
		assertThat(result.getLong("misrouted")).isZero();
		assertThat(result.getLong("malformed")).isZero();
	}

	private static void feed(GatewayMember member, String frame) {
		byte[] bytes = (frame + "\n").getBytes(StandardCharsets.US_ASCII);
		member.scanner.feed(bytes, 0, bytes.length, member);
	}

	private static String payload(int publisher, long sequence) {
		ByteBuffer out = ByteBuffer.allocate(128);
		BenchFrame.putPayload(out, 48, publisher, sequence, System.nanoTime());
		return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
	}

	private static BenchProperties settings(int port, int rooms, int members, int publishers, int messages) {
		BenchProperties settings = new BenchProperties();
		settings.setScenario(Scenario.GATEWAY);
		settings.setHost("127.0.0.1");
		settings.setWarmup(Duration.ZERO);
		settings.setIdleTimeout(Duration.ofSeconds(5));
		settings.getGateway().setPort(port);
		settings.getGateway().setRooms(rooms);
		settings.getGateway().setMembers(members);
		settings.getGateway().setPublishers(publishers);
		settings.getGateway().setMessages(messages);
		return settings;
	}

	private record BenchExit(int exitCode, BenchResult result) {
	}

	/** Runs the jar's bench mode (without warm-up) and ends it as the jar does, for its exit code. */
	private static BenchExit runBenchMode(String... args) {
		List<String> all = new ArrayList<>(List.of("--spread.mode=bench", "--spread.bench.warmup=0s"));
		all.addAll(List.of(args));
		ConfigurableApplicationContext bench = new SpringApplicationBuilder(SpreadApplication.class)
			.web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
		BenchResult result = bench.getBean(BenchRunner.class).result();
		return new BenchExit(SpringApplication.exit(bench), result);
	}

	/** Starts a hub in this JVM with the relay and the gateway on free loopback ports, and {@code properties}. */
	private static ConfigurableApplicationContext startHub(String... properties) {
		List<String> all = new ArrayList<>(
				List.of("--spread.tcp.port=0", "--spread.tcp.host=127.0.0.1", "--spread.gateway.port=0"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(SpreadApplication.class).web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
	}

	private static int gatewayPort(ConfigurableApplicationContext hub) {
		return portOf(hub.getBean("gatewayListener", TcpNioServerConnectionFactory.class));
	}

	private static int relayPort(ConfigurableApplicationContext hub) {
		return portOf(hub.getBean("hubListener", TcpNioServerConnectionFactory.class));
	}

	private static int portOf(TcpNioServerConnectionFactory listener) {
		await().atMost(WAIT).until(listener::isListening);
		return listener.getPort();
	}

	/** A run of the load tool in this JVM, its progress on stderr. */
	private static BenchResult run(BenchProperties settings) {
		return new LoadTool(settings, System.err).run();
	}

}
