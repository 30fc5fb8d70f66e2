package io.spread.gateway;

import java.io.Closeable;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.spread.codec.Framing;
import io.spread.security.AdminLogin;
import io.spread.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the gateway's black-box tests: a hub in the test's Spring context with the relay and the gateway on free
 * loopback ports, talked to only through sockets and HTTP (actuator). The framing is set by each concrete class,
 * the same for both listeners ({@code spread.gateway.framing} and {@code spread.tcp.framing}), with
 * {@code @TestPropertySource}; classes that set the same properties share one context.
 * <p>
 * Names must be unique across the tests that share a context (a name is freed only when the hub has noticed its
 * client is gone), so each test builds its names and rooms with {@link #name} and {@link #room}, which add a suffix of
 * its own. After each test every client is closed and the hub is awaited until it lists no room, so the next test
 * starts with no member anywhere (the relay room {@code lobby} included).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.gateway.port=0",
				"management.endpoints.web.exposure.include=health,sessions,rooms" })
abstract class GatewayTestSupport {

	protected static final Duration WAIT = Duration.ofSeconds(20);

	/** The relay's welcome, up to its number. */
	protected static final String WELCOME = "Welcome to Spread Site, you are client #";

	private static final AtomicInteger TESTS = new AtomicInteger();

	@Autowired
	@Qualifier("hubListener")
	protected TcpNioServerConnectionFactory hubListener;

	@Autowired
	@Qualifier("gatewayListener")
	protected TcpNioServerConnectionFactory gatewayListener;

	@Value("${spread.gateway.framing:line}")
	private String gatewayFraming;

	@Value("${spread.tcp.framing:line}")
	private String relayFraming;

	@LocalServerPort
	protected int httpPort;

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	private final List<Closeable> clients = new ArrayList<>();

	private String suffix;

	@BeforeEach
	void startTest() {
		this.suffix = "t" + TESTS.incrementAndGet();
		assertThat(this.gatewayFraming).as("the concrete class sets both framings alike").isEqualTo(this.relayFraming);
	}

	protected Framing framing() {
		return Framing.valueOf(this.gatewayFraming.toUpperCase(Locale.ROOT).replace('-', '_'));
	}

	/** A name unique to this test: {@code base} and a suffix shared by every name of the test (so sorting keeps). */
	protected String name(String base) {
		return base + "-" + this.suffix;
	}

	/** A room unique to this test, like {@link #name}. */
	protected String room(String base) {
		return base + "-" + this.suffix;
	}

	protected int gatewayPort() {
		return portOf(this.gatewayListener);
	}

	protected int relayPort() {
		return portOf(this.hubListener);
	}

	private static int portOf(TcpNioServerConnectionFactory listener) {
		if (!listener.isListening()) {
			await().atMost(WAIT).until(listener::isListening);
		}
		return listener.getPort();
	}

	/** A gateway connection that has sent nothing yet. */
	protected GatewayClient connect() {
		return connect(socket -> { });
	}

	protected GatewayClient connect(Consumer<Socket> beforeConnect) {
		GatewayClient client = GatewayClient.connect(gatewayPort(), framing(), beforeConnect);
		this.clients.add(client);
		return client;
	}

	/** A gateway connection named {@code name(base)}. */
	/** The HELLO a test's own clients send; a hub that asks for tokens needs one in it. */
	protected String helloCommand(String name) {
		return "HELLO " + name;
	}

	/**
	 * Two clients named from {@code first} and {@code second}, both in {@code room}, the first told of the second's
	 * joining: where most room tests start.
	 */
	protected GatewayClient[] twoMembers(String room, String first, String second) {
		GatewayClient one = hello(first);
		GatewayClient two = hello(second);
		one.join(room, 1, 0);
		two.join(room, 2, 0);
		one.expect("JOINED " + room + " " + two.name());
		return new GatewayClient[] { one, two };
	}

	protected GatewayClient hello(String base) {
		return connect().hello(name(base));
	}

	/** A relay connection whose welcome has been read. */
	protected TestClient relay() {
		TestClient client = TestClient.connect(relayPort(), framing());
		this.clients.add(client);
		assertThat(client.readText()).startsWith(WELCOME);
		return client;
	}

	// --- HTTP (actuator)

	protected HttpResponse<String> http(String method, String path) throws Exception {
		HttpRequest request = AdminLogin
			.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(WAIT)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** A GET that must answer 200, as JSON. */
	protected JsonNode getJson(String path) throws Exception {
		HttpResponse<String> response = http("GET", path);
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	/** The entry of a JSON array whose {@code field} is the text {@code value}, or null. */
	protected static JsonNode entryWith(JsonNode array, String field, String value) {
		assertThat(array.isArray()).as("a JSON array: %s", array).isTrue();
		for (JsonNode entry : array) {
			JsonNode node = entry.get(field);
			if (node != null && node.isString() && node.asString().equals(value)) {
				return entry;
			}
		}
		return null;
	}

	protected static List<String> strings(JsonNode array) {
		assertThat(array).as("a JSON array").isNotNull();
		assertThat(array.isArray()).as("a JSON array: %s", array).isTrue();
		List<String> strings = new ArrayList<>();
		array.forEach((node) -> strings.add(node.asString()));
		return strings;
	}

	// --- between tests

	@AfterEach
	void closeClientsAndAwaitNoRooms() {
		for (Closeable client : this.clients) {
			try {
				client.close();
			}
			catch (Exception ex) {
				// closed already
			}
		}
		this.clients.clear();
		try (GatewayClient probe = GatewayClient.connect(gatewayPort(), framing(), socket -> { })) {
			probe.answers(helloCommand(name("probe")), "OK HELLO " + name("probe"));
			await().atMost(WAIT)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(20))
				.untilAsserted(() -> assertThat(probe.ask("ROOMS")).as("rooms left by the test").isEqualTo("OK ROOMS"));
		}
	}

}
