package io.spread.gateway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Relay clients (the anonymous crowd on {@code spread.tcp.port}) are members of the room {@code lobby} as
 * {@code guest-<n>}: they and gateway members of the lobby talk both ways, gateway members see them come and go, and
 * they themselves only ever get bare payloads.
 */
abstract class GatewayRelayTest extends GatewayTestSupport {

	static final String LOBBY = "lobby";

	static final String GUEST = "guest-\\d+";

	/** A relay client and its name in the gateway. */
	record Guest(TestClient relay, String name) {
	}

	/**
	 * Connects a relay client while {@code watcher}, a lobby member, is told; the name in the JOINED event must be
	 * one WHO lists.
	 */
	protected Guest guestSeenBy(GatewayClient watcher) {
		TestClient relay = relay();
		String joined = watcher.read();
		assertThat(joined).matches("JOINED " + LOBBY + " " + GUEST);
		String name = joined.substring(("JOINED " + LOBBY + " ").length());
		assertThat(whoIn(watcher, LOBBY)).contains(name);
		return new Guest(relay, name);
	}

	/** The guests WHO lists in the lobby, once there are {@code count}. */
	protected List<String> awaitGuests(GatewayClient asker, int count) {
		List<String> guests = new ArrayList<>();
		await().atMost(WAIT).untilAsserted(() -> {
			guests.clear();
			whoIn(asker, LOBBY).stream().filter((name) -> name.matches(GUEST)).forEach(guests::add);
			assertThat(guests).hasSize(count);
		});
		return guests;
	}

	/** WHO's names, checked to be sorted. */
	protected static List<String> whoIn(GatewayClient asker, String room) {
		String answer = asker.ask("WHO " + room);
		assertThat(answer).startsWith("OK WHO " + room);
		List<String> words = Arrays.asList(answer.split(" "));
		List<String> names = words.subList(3, words.size());
		assertThat(names).as("WHO %s", room).isSorted();
		return names;
	}

	@Test
	void relayAndGatewayClientsTalkBothWays() {
		GatewayClient alice = hello("alice");
		alice.join(LOBBY, 1, 0);
		Guest first = guestSeenBy(alice);
		String guest1 = first.name();
		TestClient relay1 = first.relay();
		alice.answers("WHO " + LOBBY, "OK WHO " + LOBBY + " " + alice.name() + " " + guest1);

		relay1.sendFrame("from the relay");
		alice.expect("MSG " + LOBBY + " " + guest1 + " 1 from the relay");

		alice.pub(LOBBY, "from the gateway");
		assertThat(relay1.readText()).isEqualTo("from the gateway");

		Guest second = guestSeenBy(alice);
		String guest2 = second.name();
		TestClient relay2 = second.relay();
		assertThat(guest2).isNotEqualTo(guest1);
		relay2.sendFrame("second relay");
		// no JOINED for guest2 reached relay1: the next frame there is guest2's
		assertThat(relay1.readText()).isEqualTo("second relay");
		alice.expect("MSG " + LOBBY + " " + guest2 + " 3 second relay");

		alice.pub(LOBBY, "to both");
		assertThat(relay1.readText()).isEqualTo("to both");
		assertThat(relay2.readText()).isEqualTo("to both");
		alice.sync();
	}

	@Test
	void lobbyMembersSeeGuestsComeAndGoHoweverTheyLeave() {
		GatewayClient[] members = twoMembers(LOBBY, "alice", "bob");
		GatewayClient alice = members[0];
		GatewayClient bob = members[1];

		Guest hangsUp = guestSeenBy(alice);
		bob.expect("JOINED " + LOBBY + " " + hangsUp.name());
		hangsUp.relay().close();
		alice.expect("LEFT " + LOBBY + " " + hangsUp.name());
		bob.expect("LEFT " + LOBBY + " " + hangsUp.name());

		Guest saysClose = guestSeenBy(alice);
		bob.expect("JOINED " + LOBBY + " " + saysClose.name());
		saysClose.relay().sendFrame("close");
		saysClose.relay().awaitClosedByServer();
		alice.expect("LEFT " + LOBBY + " " + saysClose.name());
		bob.expect("LEFT " + LOBBY + " " + saysClose.name());

		Guest resets = guestSeenBy(alice);
		bob.expect("JOINED " + LOBBY + " " + resets.name());
		resets.relay().reset();
		alice.expect("LEFT " + LOBBY + " " + resets.name());
		bob.expect("LEFT " + LOBBY + " " + resets.name());

		alice.answers("WHO " + LOBBY, "OK WHO " + LOBBY + " " + alice.name() + " " + bob.name());
		alice.sync();
	}

	@Test
	void relayClientsGetOnlyBarePayloads() {
		String room = room("r");
		TestClient relay = relay();
		GatewayClient alice = hello("alice");
		awaitGuests(alice, 1);
		alice.join(LOBBY, 2, 0);
		GatewayClient bob = hello("bob");
		GatewayClient carol = hello("carol");

		// presence, direct messages and other rooms' messages, none of it for the relay
		bob.join(LOBBY, 3, 0);
		alice.expect("JOINED " + LOBBY + " " + bob.name());
		alice.dm(bob.name(), "private");
		bob.expect("DM " + alice.name() + " private");
		alice.join(room, 1, 0);
		bob.join(room, 2, 0);
		alice.expect("JOINED " + room + " " + bob.name());
		alice.pub(room, "elsewhere");
		bob.expect("MSG " + room + " " + alice.name() + " 1 elsewhere");
		bob.leave(LOBBY);
		alice.expect("LEFT " + LOBBY + " " + bob.name());
		carol.join(LOBBY, 3, 0);
		alice.expect("JOINED " + LOBBY + " " + carol.name());
		carol.send("QUIT");
		carol.awaitClosed();
		alice.expect("LEFT " + LOBBY + " " + carol.name());

		alice.pub(LOBBY, "marker");
		assertThat(relay.readText()).isEqualTo("marker");

		// what a relay client sends is a payload, never a command: no answer comes back to it
		String guest = awaitGuests(alice, 1).get(0);
		relay.sendFrame("HELLO " + name("mallory"));
		relay.sendFrame("JOIN " + room);
		relay.sendFrame("PING relay");
		alice.expect("MSG " + LOBBY + " " + guest + " 2 HELLO " + name("mallory"),
				"MSG " + LOBBY + " " + guest + " 3 JOIN " + room, "MSG " + LOBBY + " " + guest + " 4 PING relay");
		alice.pub(LOBBY, "marker 2");
		assertThat(relay.readText()).isEqualTo("marker 2");
		alice.answers("WHO " + room, "OK WHO " + room + " " + alice.name() + " " + bob.name());
		alice.sync();
	}

	@Test
	void sendToAGuestDeliversTheBarePayloadToThatRelayClientOnly() {
		TestClient first = relay();
		TestClient second = relay();
		GatewayClient alice = hello("alice");
		List<String> guests = awaitGuests(alice, 2);

		// which guest is which: a frame from the first shows its name to a lobby member
		alice.join(LOBBY, 3, 0);
		first.sendFrame("who am I");
		String msg = alice.read();
		assertThat(msg).matches("MSG " + LOBBY + " " + GUEST + " 1 who am I");
		String firstGuest = msg.split(" ")[2];
		assertThat(guests).contains(firstGuest);
		assertThat(second.readText()).isEqualTo("who am I");

		alice.dm(firstGuest, "psst");
		assertThat(first.readText()).isEqualTo("psst");
		first.sendFrame("after the dm");
		assertThat(second.readText()).as("the dm went to the first relay client only").isEqualTo("after the dm");
		alice.expect("MSG " + LOBBY + " " + firstGuest + " 2 after the dm");
		alice.sync();
	}

	@Test
	void joinCountsGuestsAndRelayFramesTakeOffsets() {
		TestClient first = relay();
		relay();
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		awaitGuests(alice, 2);

		String epoch = alice.join(LOBBY, 3, 0);
		first.sendFrame("one");
		String msg = alice.read();
		assertThat(msg).matches("MSG " + LOBBY + " " + GUEST + " 1 one");
		assertThat(bob.join(LOBBY).answer()).isEqualTo("OK JOIN " + LOBBY + " 4 " + epoch + " 1");
		alice.expect("JOINED " + LOBBY + " " + bob.name());
		bob.answers("WHO " + LOBBY, "OK WHO " + LOBBY + " " + String.join(" ", whoIn(alice, LOBBY)));
		assertThat(whoIn(bob, LOBBY)).hasSize(4).contains(alice.name(), bob.name());
	}

}
