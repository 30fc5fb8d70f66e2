package io.spread.gateway;

import java.net.SocketException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence when a client goes without saying LEAVE, however it goes (hang-up, reset, QUIT, the operator, the
 * slow-consumer policy), and the admin endpoints' view of gateway clients and rooms. The outbound limits are small
 * here so that a client that stops reading is cut quickly.
 */
@TestPropertySource(properties = { "spread.hub.outbound-buffer=64KB", "spread.hub.outbound-buffer-max=256KB",
		"spread.hub.slow-consumer-grace=1s" })
abstract class GatewayAdminAndPresenceTest extends GatewayTestSupport {

	/** Alice in two rooms: bob shares the first with her, carol both. */
	private record Rooms(GatewayClient alice, GatewayClient bob, GatewayClient carol, String first, String second) {
	}

	private Rooms aliceInTwoRooms() {
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		GatewayClient carol = hello("carol");
		String first = room("first");
		String second = room("second");
		// alice joins the second room first: the sessions endpoint lists her rooms sorted
		alice.join(second, 1, 0);
		alice.join(first, 1, 0);
		bob.join(first, 2, 0);
		carol.join(first, 3, 0);
		carol.join(second, 2, 0);
		alice.expect("JOINED " + first + " " + bob.name(), "JOINED " + first + " " + carol.name(),
				"JOINED " + second + " " + carol.name());
		bob.expect("JOINED " + first + " " + carol.name());
		return new Rooms(alice, bob, carol, first, second);
	}

	/** Bob and carol are told alice left every room she was in, and nothing else. */
	private void othersSeeAliceLeave(Rooms rooms) {
		String alice = name("alice");
		rooms.bob().expect("LEFT " + rooms.first() + " " + alice);
		assertThat(rooms.carol().read(2)).as("carol's events, in either order")
			.containsExactlyInAnyOrder("LEFT " + rooms.first() + " " + alice, "LEFT " + rooms.second() + " " + alice);
		rooms.bob().sync();
		rooms.carol().sync();
		rooms.carol()
			.answers("WHO " + rooms.first(), "OK WHO " + rooms.first() + " " + rooms.bob().name() + " "
					+ rooms.carol().name());
		rooms.carol().answers("WHO " + rooms.second(), "OK WHO " + rooms.second() + " " + rooms.carol().name());
	}

	@Test
	void aHangUpLeavesEveryRoom() {
		Rooms rooms = aliceInTwoRooms();
		rooms.alice().close();
		othersSeeAliceLeave(rooms);
	}

	@Test
	void aResetLeavesEveryRoom() {
		Rooms rooms = aliceInTwoRooms();
		rooms.alice().reset();
		othersSeeAliceLeave(rooms);
	}

	@Test
	void quitLeavesEveryRoom() {
		Rooms rooms = aliceInTwoRooms();
		rooms.alice().send("QUIT");
		rooms.alice().awaitClosed();
		othersSeeAliceLeave(rooms);
	}

	@Test
	void closeLeavesEveryRoom() {
		Rooms rooms = aliceInTwoRooms();
		rooms.alice().send("close");
		rooms.alice().awaitClosed();
		othersSeeAliceLeave(rooms);
	}

	@Test
	void sessionsShowNamesAndRoomsAndTheOperatorsDisconnectLeavesEveryRoom() throws Exception {
		Rooms rooms = aliceInTwoRooms();
		GatewayClient unnamed = connect();
		unnamed.answers("PING", "PONG");
		TestClient relay = relay();

		JsonNode sessions = getJson("/actuator/sessions");
		JsonNode alice = entryWith(sessions, "name", rooms.alice().name());
		assertThat(alice).as("alice in %s", sessions).isNotNull();
		String id = alice.get("id").asString();
		assertThat(id).matches("g\\d+");
		assertThat(strings(alice.get("rooms"))).containsExactly(rooms.first(), rooms.second());
		JsonNode bob = entryWith(sessions, "name", rooms.bob().name());
		assertThat(strings(bob.get("rooms"))).containsExactly(rooms.first());
		JsonNode anonymous = entryWith(sessions, "remoteAddress",
				"127.0.0.1:" + unnamed.raw().socket().getLocalPort());
		assertThat(anonymous).as("the unnamed client in %s", sessions).isNotNull();
		assertThat(anonymous.get("id").asString()).matches("g\\d+");
		// regression: a gateway client's commands were not counted as frames in
		assertThat(anonymous.get("framesIn").asLong()).as("its PING").isEqualTo(1);
		assertThat(alice.get("framesIn").asLong()).as("HELLO and two JOINs, at least").isGreaterThanOrEqualTo(3);
		assertThat(anonymous.get("name") == null || anonymous.get("name").isNull()).as("name before HELLO: %s",
				anonymous).isTrue();
		JsonNode relayEntry = entryWith(sessions, "remoteAddress", "127.0.0.1:" + relay.socket().getLocalPort());
		assertThat(relayEntry).as("the relay client in %s", sessions).isNotNull();
		assertThat(relayEntry.get("id").asString()).matches("c\\d+");

		HttpResponse<String> disconnect = http("DELETE",
				"/actuator/sessions/" + URLEncoder.encode(id, StandardCharsets.UTF_8));

		assertThat(disconnect.statusCode()).as(disconnect.body()).isEqualTo(200);
		rooms.alice().expect("ERR disconnected-by-operator");
		rooms.alice().awaitClosed();
		othersSeeAliceLeave(rooms);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(entryWith(getJson("/actuator/sessions"), "id", id)).isNull());
		assertThat(http("DELETE", "/actuator/sessions/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void roomsEndpointShowsMembersSortedEpochAndLastOffset() throws Exception {
		String kitchen = room("kitchen");
		String hall = room("hall");
		GatewayClient carol = hello("carol");
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		String epoch = carol.join(kitchen, 1, 0);
		alice.join(kitchen, 2, 0);
		bob.join(kitchen, 3, 0);
		bob.join(hall, 1, 0);
		carol.expect("JOINED " + kitchen + " " + alice.name(), "JOINED " + kitchen + " " + bob.name());
		alice.expect("JOINED " + kitchen + " " + bob.name());
		alice.pub(kitchen, "one");
		alice.pub(kitchen, "two");
		bob.expect("MSG " + kitchen + " " + alice.name() + " 1 one", "MSG " + kitchen + " " + alice.name() + " 2 two");

		JsonNode rooms = getJson("/actuator/rooms");

		JsonNode entry = entryWith(rooms, "room", kitchen);
		assertThat(entry).as("%s in %s", kitchen, rooms).isNotNull();
		assertThat(strings(entry.get("members"))).containsExactly(alice.name(), bob.name(), carol.name());
		assertThat(entry.get("epoch").asString()).isEqualTo(epoch);
		assertThat(entry.get("lastOffset").isIntegralNumber()).as("lastOffset in %s", entry).isTrue();
		assertThat(entry.get("lastOffset").asLong()).isEqualTo(2);
		assertThat(entry.get("messagesPerSecond").isNumber()).as("messagesPerSecond in %s", entry).isTrue();
		assertThat(entry.get("messagesPerSecond").asDouble()).isNotNegative();
		JsonNode hallEntry = entryWith(rooms, "room", hall);
		assertThat(hallEntry).as("%s in %s", hall, rooms).isNotNull();
		assertThat(strings(hallEntry.get("members"))).containsExactly(bob.name());
		assertThat(hallEntry.get("lastOffset").asLong()).isZero();
		assertThat(rooms.size()).as("only this test's rooms: %s", rooms).isEqualTo(2);

		carol.expect("MSG " + kitchen + " " + alice.name() + " 1 one", "MSG " + kitchen + " " + alice.name() + " 2 two");
		carol.leave(kitchen);
		assertThat(strings(entryWith(getJson("/actuator/rooms"), "room", kitchen).get("members")))
			.containsExactly(alice.name(), bob.name());
		alice.expect("LEFT " + kitchen + " " + carol.name());
		alice.leave(kitchen);
		bob.expect("LEFT " + kitchen + " " + carol.name(), "LEFT " + kitchen + " " + alice.name());
		bob.leave(kitchen);
		assertThat(entryWith(getJson("/actuator/rooms"), "room", kitchen)).as("an emptied room").isNull();
	}

	/** Payloads large enough that a few of them fill the small outbound buffers of this context. */
	static final String PADDING = "p".repeat(16 * 1024);

	/** The publisher waits for the reader after each window, which fits the 64 KB soft limit. */
	static final int WINDOW = 4;

	/** 20 MB in all: more than the kernel buffers a stalled client on loopback, plus its 256 KB. */
	static final int MAX_MESSAGES = 20 * 1024 * 1024 / PADDING.length();

	@Test
	void aSlowConsumerCutByThePolicyLeavesEveryRoom() {
		String room = room("r");
		String side = room("side");
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		GatewayClient stalled = connect((socket) -> {
			try {
				socket.setReceiveBufferSize(4096);
			}
			catch (SocketException ex) {
				throw new IllegalStateException(ex);
			}
		}).hello(name("stalled"));
		alice.join(room, 1, 0);
		bob.join(room, 2, 0);
		alice.expect("JOINED " + room + " " + bob.name());
		bob.join(side, 1, 0);
		stalled.join(side, 2, 0);
		stalled.join(room, 3, 0);
		bob.expect("JOINED " + side + " " + stalled.name(), "JOINED " + room + " " + stalled.name());
		alice.expect("JOINED " + room + " " + stalled.name());

		// stalled reads nothing from now on; bob reads every message, paced window by window
		List<String> bobsEvents = new ArrayList<>();
		int sent = 0;
		while (bobsEvents.size() < 2 && sent < MAX_MESSAGES) {
			for (int i = 0; i < WINDOW; i++) {
				alice.pub(room, (sent + i) + " " + PADDING);
			}
			for (int i = 0; i < WINDOW; i++) {
				String frame = bob.read();
				while (frame.startsWith("LEFT ")) {
					bobsEvents.add(frame);
					frame = bob.read();
				}
				assertThat(frame).as("message %d at bob", sent + i)
					.isEqualTo("MSG " + room + " " + alice.name() + " " + (sent + i + 1) + " " + (sent + i) + " "
							+ PADDING);
			}
			sent += WINDOW;
		}

		assertThat(bobsEvents).as("bob's events after %d messages", sent)
			.containsExactlyInAnyOrder("LEFT " + room + " " + stalled.name(), "LEFT " + side + " " + stalled.name());
		alice.expect("LEFT " + room + " " + stalled.name());
		stalled.awaitClosed();
		alice.answers("WHO " + room, "OK WHO " + room + " " + alice.name() + " " + bob.name());
		alice.answers("WHO " + side, "OK WHO " + side + " " + bob.name());
		bob.sync();
	}

}
