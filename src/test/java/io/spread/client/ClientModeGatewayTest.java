package io.spread.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.spread.SpreadApplication;
import io.spread.client.ClientModeTest.RunningClient;
import io.spread.codec.Framing;
import io.spread.hub.HubOperations;
import io.spread.hub.Rooms;
import io.spread.hub.SessionInfo;
import io.spread.support.FreePorts;
import io.spread.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client mode with {@code spread.client.protocol=gateway} against real hubs: it joins its rooms, publishes what is
 * typed, sends direct messages, prints what the gateway sends readably, and after losing its connection prints what
 * was published meanwhile, exactly once and in order, before what is new (SPEC section 9); a restarted hub is one
 * notice. Names and rooms get a suffix per test, since the tests share the hub of the test's context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.gateway.port=0" })
class ClientModeGatewayTest {

	private static final AtomicInteger TESTS = new AtomicInteger();

	@Autowired
	@Qualifier("gatewayListener")
	private TcpNioServerConnectionFactory gatewayListener;

	@Autowired
	private HubOperations hub;

	private final String suffix = "-g" + TESTS.incrementAndGet();

	private final List<RunningClient> clients = new ArrayList<>();

	private final List<TestClient> peers = new ArrayList<>();

	private final List<ConfigurableApplicationContext> extraHubs = new ArrayList<>();

	@AfterEach
	void stop() throws IOException {
		for (RunningClient client : this.clients) {
			client.endInput();
			client.exitCode.completeOnTimeout(-1, 20, TimeUnit.SECONDS).join();
		}
		this.peers.forEach(TestClient::close);
		this.extraHubs.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void joinsItsRoomsPublishesTypedLinesSendsDirectMessagesAndPrintsWhatItGets() throws IOException {
		String chat = "chat" + this.suffix;
		String ops = "ops" + this.suffix;
		String ann = "ann" + this.suffix;
		String bob = "bob" + this.suffix;
		TestClient peer = peer(gatewayPort(), bob, chat, ops);
		RunningClient client = startClient(gatewayPort(), ann, chat + "," + ops,
				"--spread.client.reconnect.initial-delay=100ms");
		assertThat(peer.readText()).isEqualTo("JOINED " + chat + " " + ann);
		assertThat(peer.readText()).isEqualTo("JOINED " + ops + " " + ann);

		client.type("hello bob");
		client.type("/room " + ops + " to the ops room");
		client.type("/msg " + bob + " psst");
		client.type("/nonsense not sent");
		client.type("//slash first");

		assertThat(peer.readText()).isEqualTo("MSG " + chat + " " + ann + " 1 hello bob");
		assertThat(peer.readText()).isEqualTo("MSG " + ops + " " + ann + " 1 to the ops room");
		assertThat(peer.readText()).isEqualTo("DM " + ann + " psst");
		assertThat(peer.readText()).isEqualTo("MSG " + chat + " " + ann + " 2 /slash first");

		peer.sendFrame("PUB " + chat + " hi ann");
		peer.sendFrame("SEND " + ann + " a secret");
		peer.sendFrame("LEAVE " + ops);
		assertThat(client.nextLine()).isEqualTo("[" + chat + "] " + bob + ": hi ann");
		assertThat(client.nextLine()).isEqualTo("(dm) " + bob + ": a secret");
		assertThat(client.nextLine()).isEqualTo("[" + ops + "] * " + bob + " left");
		client.type("/room nowhere" + this.suffix + " lost");
		assertThat(client.nextLine()).isEqualTo("ERR not-member nowhere" + this.suffix);
	}

	/** Needs the hub's history (SPEC section 9): with none retained, the missed messages are one gap notice. */
	@Test
	void resumesOnItsOwnAfterItsConnectionIsCutPrintingWhatItMissedOnceInOrderBeforeNewMessages() throws IOException {
		String room = "room" + this.suffix;
		String ann = "ann" + this.suffix;
		TestClient peer = peer(gatewayPort(), "bob" + this.suffix, room);
		// a reconnect waits a second: long enough to publish while it is away, as the test checks below
		RunningClient client = startClient(gatewayPort(), ann, room, "--spread.client.reconnect.initial-delay=1s");
		assertThat(peer.readText()).isEqualTo("JOINED " + room + " " + ann);
		peer.sendFrame("PUB " + room + " before");
		assertThat(client.nextLine()).isEqualTo("[" + room + "] bob" + this.suffix + ": before");

		assertThat(this.hub.disconnect(sessionOf(ann).id())).isTrue();
		assertThat(peer.readText()).isEqualTo("LEFT " + room + " " + ann);
		assertThat(client.nextLine()).isEqualTo("ERR disconnected-by-operator");
		for (int i = 1; i <= 500; i++) {
			peer.sendFrame("PUB " + room + " missed " + i);
		}
		peer.sendFrame("PING published");
		assertThat(peer.readText()).isEqualTo("PONG published");
		assertThat(this.hub.sessions()).as("client mode still away after the publishing")
			.noneMatch(session -> ann.equals(session.name()));
		assertThat(peer.readText()).as("client mode back").isEqualTo("JOINED " + room + " " + ann);
		for (int i = 1; i <= 3; i++) {
			peer.sendFrame("PUB " + room + " live " + i);
		}

		for (int i = 1; i <= 500; i++) {
			assertThat(client.nextLine()).isEqualTo("[" + room + "] bob" + this.suffix + ": missed " + i);
		}
		for (int i = 1; i <= 3; i++) {
			assertThat(client.nextLine()).isEqualTo("[" + room + "] bob" + this.suffix + ": live " + i);
		}
		assertThat(client.printed).as("nothing printed twice").isEmpty();
	}

	@Test
	void aRestartedHubIsOneGapNotice() throws IOException {
		int port = FreePorts.next();
		String room = "room" + this.suffix;
		String ann = "ann" + this.suffix;
		ConfigurableApplicationContext first = startHub(port);
		TestClient bob = peer(port, "bob" + this.suffix, room);
		RunningClient client = startClient(port, ann, room, "--spread.client.reconnect.initial-delay=100ms");
		assertThat(bob.readText()).isEqualTo("JOINED " + room + " " + ann);
		bob.sendFrame("PUB " + room + " one");
		assertThat(client.nextLine()).isEqualTo("[" + room + "] bob" + this.suffix + ": one");

		first.close();
		// the hub's notice, and bob leaving if the hub closed his connection first
		String line;
		while (!(line = client.nextLine()).equals("ERR server-shutting-down")) {
			assertThat(line).isEqualTo("[" + room + "] * bob" + this.suffix + " left");
		}
		ConfigurableApplicationContext second = startHub(port);
		TestClient cy = peer(port, "cy" + this.suffix, room);
		// client mode may be back before or after cy joined: ask the hub, not cy's stream
		await().atMost(Duration.ofSeconds(20))
			.until(() -> second.getBean(Rooms.class).memberNames(room).contains(ann));
		cy.sendFrame("PUB " + room + " two");
		cy.sendFrame("PUB " + room + " three");

		// cy's arrival is printed too, before or after the notice, as client mode was back before or after cy joined;
		// and bob's leaving, if the old hub told it after its shutdown notice
		String joined = "[" + room + "] * cy" + this.suffix + " joined";
		String bobLeft = "[" + room + "] * bob" + this.suffix + " left";
		List<String> printed = new ArrayList<>();
		String three = "[" + room + "] cy" + this.suffix + ": three";
		for (String next = client.nextLine(); ; next = client.nextLine()) {
			if (!next.equals(joined) && !next.equals(bobLeft)) {
				printed.add(next);
			}
			if (next.equals(three)) {
				break;
			}
		}
		assertThat(printed).containsExactly("[" + room + "] * the room's history was lost (new epoch: the hub "
				+ "restarted or forgot the room); whatever was sent after offset 1 could not be recovered",
				"[" + room + "] cy" + this.suffix + ": two", three);
		assertThat(client.printed).as("one notice only").isEmpty();
	}

	private int gatewayPort() {
		await().atMost(Duration.ofSeconds(20)).until(this.gatewayListener::isListening);
		return this.gatewayListener.getPort();
	}

	private SessionInfo sessionOf(String name) {
		return this.hub.sessions()
			.stream()
			.filter(session -> name.equals(session.name()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session named " + name));
	}

	/** A gateway client of the test's own, named and in these rooms. */
	private TestClient peer(int port, String name, String... rooms) {
		TestClient peer = TestClient.connect(port, Framing.LINE);
		this.peers.add(peer);
		peer.sendFrame("HELLO " + name);
		assertThat(peer.readText()).isEqualTo("OK HELLO " + name);
		for (String room : rooms) {
			peer.sendFrame("JOIN " + room);
			assertThat(peer.readText()).startsWith("OK JOIN " + room + " ");
		}
		return peer;
	}

	private ConfigurableApplicationContext startHub(int gatewayPort) {
		ConfigurableApplicationContext hub = new SpringApplicationBuilder(SpreadApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spread.tcp.host=127.0.0.1", "--spread.tcp.port=0", "--spread.gateway.port=" + gatewayPort);
		this.extraHubs.add(hub);
		return hub;
	}

	/** Client mode with the gateway protocol, a fixed reconnect delay (set in {@code settings}) and no heartbeat. */
	private RunningClient startClient(int port, String name, String rooms, String... settings) {
		List<String> args = new ArrayList<>(List.of("--spread.mode=client", "--spread.client.protocol=gateway",
				"--spread.client.host=127.0.0.1", "--spread.client.port=" + port, "--spread.client.name=" + name,
				"--spread.client.rooms=" + rooms, "--spread.client.heartbeat-interval=0", "--spread.client.reconnect.factor=1",
				"--spread.client.reconnect.jitter=0"));
		args.addAll(List.of(settings));
		RunningClient client = RunningClient.launch(args);
		this.clients.add(client);
		return client;
	}

}
