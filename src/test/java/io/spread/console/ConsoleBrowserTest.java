package io.spread.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.spread.hub.HubOperations;
import io.spread.hub.SessionInfo;
import io.spread.security.AdminLogin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser (headless Chromium through Selenium, see {@link Browser}) against a hub in the
 * test's Spring context, with real TCP clients on the relay and gateway ports. One browser serves every test of the
 * class; each test logs in if it has to and leaves no client behind. Screenshots go to {@code target/console-*.png}.
 */
@ConsoleHubTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	/** The logger of connects and disconnects (io.spread.logging.ClientLog), at WARN in the tests. */
	private static final String CLIENT_LOG = "io.spread.clients";

	private static Browser browser;

	@LocalServerPort
	int httpPort;

	@Autowired
	@Qualifier("hubListener")
	TcpNioServerConnectionFactory relayListener;

	@Autowired
	@Qualifier("gatewayListener")
	TcpNioServerConnectionFactory gatewayListener;

	@Autowired
	HubOperations hub;

	@Autowired
	LoggingSystem logging;

	private final List<LineClient> clients = new ArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

	@BeforeEach
	void startBrowser() {
		if (browser == null) {
			browser = Browser.start(this.httpPort);
		}
	}

	@AfterEach
	void closeClients() throws InterruptedException {
		this.ticker.shutdownNow();
		// leaving the page closes its chat WebSocket
		browser.open("/console/console.css");
		this.clients.forEach(LineClient::close);
		this.threads.shutdown();
		assertThat(this.ticker.awaitTermination(20, TimeUnit.SECONDS)).as("the traffic stops").isTrue();
		assertThat(this.threads.awaitTermination(20, TimeUnit.SECONDS)).as("the readers end").isTrue();
		await().atMost(WAIT).until(this.hub::clientCount, count -> count == 0);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
			browser = null;
		}
	}

	@Test
	void theConsoleAsksForTheLogin() {
		browser.driver().manage().deleteAllCookies();
		browser.open("/console");
		browser.await("the login form for /console", d -> browser.path().startsWith("/login"));

		browser.logIn(AdminLogin.USERNAME, "not-the-password");
		browser.await("the login form, refusing", d -> browser.path().equals("/login?error"));
		assertThat(browser.find(By.tagName("body")).getText()).contains("Invalid credentials");
		browser.screenshot("console-login");

		browser.logIn(AdminLogin.USERNAME, AdminLogin.PASSWORD);
		browser.await("the console", d -> browser.path().equals("/console/"));
		browser.await("the user's name", d -> browser.byId("user").getText().equals(AdminLogin.USERNAME));
		awaitLive();
	}

	@Test
	void aTcpClientShowsUpInTheSessionsAndIsDisconnectedFromThem() {
		openConsole();
		LineClient relay = relay();

		WebElement row = browser.await("a row for " + relay.address(), d -> sessionRow(relay.address()));
		assertThat(row.getText()).contains("guest-").contains("lobby");
		browser.screenshot("console-sessions");

		browser.await("the disconnect button clicked", d -> {
			sessionRow(relay.address()).findElement(By.className("disconnect")).click();
			return true;
		});
		assertThat(relay.readUntil("the operator's notice", line -> line.startsWith("ERR "))).isEqualTo(
				"ERR disconnected-by-operator");
		browser.await("the row gone", d -> sessionRow(relay.address()) == null);
	}

	@Test
	void theChartsMoveUnderLoad() {
		openConsole();
		LineClient sender = relay();
		LineClient receiver = relay();
		this.threads.execute(receiver::drain);
		AtomicLong n = new AtomicLong();
		every(Duration.ofMillis(10), () -> {
			for (int i = 0; i < 50; i++) {
				sender.send("tick " + n.incrementAndGet());
			}
		});

		browser.await("frames in the frames chart", d -> chartMax("frames-chart") > 0);
		browser.await("deliveries in the deliveries chart", d -> chartMax("deliveries-chart") > 0);
		browser.await("a frame rate shown", d -> shownNumber("stat-frames") > 0);
		browser.await("a delivery rate shown", d -> shownNumber("stat-deliveries") > 0);
		long points = chartPoints("frames-chart");
		browser.await("a new point a second later", d -> chartPoints("frames-chart") > points
				|| points == RateHistory.SECONDS);
		browser.screenshot("console-charts");
	}

	@Test
	void manySessionsAreFilteredAndPagedByTheServer() {
		openConsole();
		int count = 300;
		for (int i = 0; i < count; i++) {
			LineClient client = LineClient.connect(gatewayPort());
			this.clients.add(client);
			// nc-style: both commands in one write, the answers left unread (a few KB per socket)
			client.send(String.format("HELLO bulk-%03d\nJOIN bulk-room-%d", i, i % 5));
		}
		await().atMost(WAIT).until(() -> bulkMembers(), n -> n == count);

		type("sessions-filter", "bulk-");
		new Select(browser.byId("sessions-size")).selectByVisibleText("50");
		browser.await("300 matching on 6 pages", d -> browser.byId("sessions-total").getText().equals("(300 matching)")
				&& browser.byId("sessions-page").getText().equals("page 1 of 6"));
		List<String> first = browser.await("50 rows", d -> names(50));
		browser.byId("sessions-next").click();
		browser.await("page 2", d -> browser.byId("sessions-page").getText().equals("page 2 of 6"));
		List<String> second = browser.await("50 other rows", d -> {
			List<String> names = names(50);
			return (names != null && !names.contains(first.get(0))) ? names : null;
		});
		Set<String> both = new HashSet<>(first);
		both.addAll(second);
		assertThat(both).as("two pages, no row on both").hasSize(100).allMatch(name -> name.startsWith("bulk-"));

		type("sessions-filter", "BULK-01");
		browser.await("10 matching on 1 page", d -> browser.byId("sessions-total").getText().equals("(10 matching)")
				&& browser.byId("sessions-page").getText().equals("page 1 of 1"));
		List<String> tenth = browser.await("10 rows", d -> names(10));
		assertThat(tenth).allMatch(name -> name.startsWith("bulk-01"));

		type("rooms-filter", "bulk-room-3");
		WebElement room = browser.await("the room bulk-room-3",
				d -> d.findElement(By.cssSelector("#rooms-rows tr[data-room='bulk-room-3']")));
		assertThat(room.getText()).contains("60").contains("bulk-003, bulk-008").contains("and 52 more");
		String listed = room.findElement(By.cssSelector("td:nth-child(3)")).getAttribute("title");
		assertThat(listed.split(", ")).as("the names the server lists: the first 50, then a sign of more")
			.hasSize(51)
			.endsWith("bulk-248", "...");
		browser.await("one room matching", d -> browser.byId("rooms-total").getText().equals("(1 matching)"));
		browser.screenshot("console-filter");
	}

	@Test
	void theChatPanelTalksWithAGatewayClient() {
		openConsole();
		LineClient ann = gateway("nc-ann", "lobby");

		joinChat("operator-1", "lobby");
		ann.readUntil("the operator joining", line -> line.equals("JOINED lobby operator-1"));

		type("chat-text", "hello from the console" + Keys.ENTER);
		String heard = ann.readUntil("the operator's message", line -> line.startsWith("MSG lobby operator-1 "));
		assertThat(heard).matches("MSG lobby operator-1 \\d+ hello from the console");

		ann.send("PUB lobby hi, nc here");
		browser.await("ann's reply in the chat", d -> browser.byId("chat-lines").getText().contains("nc-ann: hi, nc here"));
		browser.screenshot("console-chat");

		browser.byId("chat-leave-button").click();
		ann.readUntil("the operator leaving", line -> line.equals("LEFT lobby operator-1"));
	}

	@Test
	void aBroadcastReachesTheClientsAndTheLogShowsIt() {
		openConsole();
		LineClient relay = relay();
		LineClient ann = gateway("ann", "plant-3");

		type("broadcast-text", "maintenance at noon");
		browser.byId("broadcast-form").findElement(By.tagName("button")).click();

		assertThat(relay.read()).isEqualTo("maintenance at noon");
		ann.readUntil("the notice", line -> line.equals("NOTICE maintenance at noon"));
		browser.await("the result", d -> browser.byId("broadcast-result").getText().equals("Sent to 2 client(s)."));
		browser.await("the log line", d -> browser.byId("log-lines").getText()
			.contains("Announced to 2 clients: maintenance at noon"));

		type("broadcast-text", "");
		browser.byId("broadcast-form").findElement(By.tagName("button")).click();
		assertThat(browser.byId("broadcast-text").getAttribute("validationMessage"))
			.as("the browser refuses an empty text before the server would").isNotEmpty();
	}

	/**
	 * Everything at once, for the README's picture ({@code src/docs/console.png} is a copy of its screenshot): relay
	 * and gateway clients in two rooms, traffic in the charts, a conversation in the chat panel.
	 */
	@Test
	@Order(1) // first, so that the charts show its traffic and not the load of the tests above
	void overview() {
		// the connection lines of the clients below, for the log panel
		this.logging.setLogLevel(CLIENT_LOG, LogLevel.INFO);
		openConsole();
		LineClient sensor = relay();
		for (int i = 0; i < 2; i++) {
			LineClient reader = relay();
			this.threads.execute(reader::drain);
		}
		LineClient pump = gateway("pump-2", "plant-3");
		LineClient ann = gateway("ann", "plant-3");
		ann.send("JOIN lobby");
		LineClient bob = gateway("bob", "lobby");
		for (LineClient member : List.of(ann, bob)) {
			this.threads.execute(member::drain);
		}
		// 40, 80 or 120 frames a second in lobby, a different rate each second; each frame is delivered to the two
		// readers, ann and bob
		AtomicLong n = new AtomicLong();
		every(Duration.ofMillis(25), () -> {
			long tick = n.incrementAndGet();
			for (long i = 0; i <= (tick / 40) % 3; i++) {
				sensor.send("temperature " + (20 + tick % 7) + " C");
			}
		});

		joinChat("operator", "plant-3");
		pump.send("PUB plant-3 pressure high, sending a stop");
		browser.await("pump-2 in the chat", d -> browser.byId("chat-lines").getText().contains("pump-2: pressure"));
		type("chat-text", "seen, a technician is on the way" + Keys.ENTER);
		pump.readUntil("the operator's answer", line -> line.endsWith("seen, a technician is on the way"));
		pump.send("PUB plant-3 stopped, pressure back to normal");
		browser.await("pump-2's answer", d -> browser.byId("chat-lines").getText().contains("back to normal"));

		browser.await("the traffic in the charts for a few seconds", d -> {
			List<Number> frames = chartData("frames-chart");
			return frames.size() >= 8 && frames.subList(frames.size() - 8, frames.size())
				.stream()
				.allMatch(rate -> rate.doubleValue() > 0);
		});
		browser.await("the clients listed", d -> shownNumber("sessions-total") >= 7);
		browser.driver().manage().window().setSize(new Dimension(1400, 1060));
		try {
			browser.screenshot("console-overview");
		}
		finally {
			browser.driver().manage().window().setSize(new Dimension(1400, 1000));
			this.logging.setLogLevel(CLIENT_LOG, null);
		}
	}

	// --- the page

	private void openConsole() {
		browser.open("/console");
		browser.await("the console or the login form", d -> browser.path().equals("/console/")
				|| browser.path().startsWith("/login"));
		if (browser.path().startsWith("/login")) {
			browser.logIn(AdminLogin.USERNAME, AdminLogin.PASSWORD);
			browser.await("the console", d -> browser.path().equals("/console/"));
		}
		awaitLive();
	}

	/** The page has refreshed once without an error. */
	private void awaitLive() {
		browser.await("the page live", d -> browser.byId("status").getText().equals("live"));
	}

	private void type(String id, CharSequence text) {
		WebElement input = browser.byId(id);
		input.clear();
		input.sendKeys(text);
	}

	private void joinChat(String name, String room) {
		type("chat-name", name);
		type("chat-room", room);
		browser.byId("chat-join-button").click();
		browser.await("the chat joined", d -> browser.byId("chat-lines").getText().contains("joined " + room)
				&& browser.byId("chat-text").isEnabled());
	}

	/** The row of the session with this address, or null. */
	private WebElement sessionRow(String address) {
		for (WebElement row : browser.driver().findElements(By.cssSelector("#sessions-rows tr"))) {
			try {
				List<WebElement> cells = row.findElements(By.tagName("td"));
				if (cells.size() > 2 && cells.get(2).getText().equals(address)) {
					return row;
				}
			}
			catch (StaleElementReferenceException ex) {
				return null; // the table was redrawn: the caller waits and asks again
			}
		}
		return null;
	}

	/** The names in the sessions table if it has exactly {@code rows} rows, else null. */
	private List<String> names(int rows) {
		try {
			List<String> names = browser.driver()
				.findElements(By.cssSelector("#sessions-rows tr td:nth-child(2)"))
				.stream()
				.map(WebElement::getText)
				.toList();
			return (names.size() == rows) ? names : null;
		}
		catch (StaleElementReferenceException ex) {
			return null;
		}
	}

	private double chartMax(String canvas) {
		return chartData(canvas).stream().mapToDouble(Number::doubleValue).max().orElse(0);
	}

	private long chartPoints(String canvas) {
		return chartData(canvas).size();
	}

	private long nonZeroPoints(String canvas) {
		return chartData(canvas).stream().filter(point -> point.doubleValue() > 0).count();
	}

	@SuppressWarnings("unchecked")
	private List<Number> chartData(String canvas) {
		Object data = browser.script("const chart = Chart.getChart(arguments[0]);"
				+ " return chart ? chart.data.datasets[0].data : [];", canvas);
		return (List<Number>) data;
	}

	private double shownNumber(String id) {
		String text = browser.byId(id).getText().replaceAll("[,()]", "");
		return text.matches("[0-9.]+") ? Double.parseDouble(text) : 0;
	}

	// --- TCP clients

	private LineClient relay() {
		LineClient client = LineClient.connect(port(this.relayListener));
		this.clients.add(client);
		assertThat(client.read()).startsWith("Welcome to Spread Site, you are client #");
		return client;
	}

	/** A gateway client, named and in a room, its answers read. */
	private LineClient gateway(String name, String room) {
		LineClient client = LineClient.connect(gatewayPort());
		this.clients.add(client);
		client.send("HELLO " + name);
		assertThat(client.read()).isEqualTo("OK HELLO " + name);
		client.send("JOIN " + room);
		assertThat(client.read()).startsWith("OK JOIN " + room + " ");
		return client;
	}

	private int gatewayPort() {
		return port(this.gatewayListener);
	}

	private static int port(TcpNioServerConnectionFactory listener) {
		if (!listener.isListening()) {
			await().atMost(WAIT).until(listener::isListening);
		}
		return listener.getPort();
	}

	private long bulkMembers() {
		return this.hub.allSessions()
			.stream()
			.filter(session -> session.name() != null && session.name().startsWith("bulk-"))
			.map(SessionInfo::rooms)
			.filter(rooms -> !rooms.isEmpty())
			.count();
	}

	/** Runs {@code task} at a fixed rate until the test ends. */
	private void every(Duration period, Runnable task) {
		this.ticker.scheduleAtFixedRate(task, 0, period.toNanos(), TimeUnit.NANOSECONDS);
	}

}
