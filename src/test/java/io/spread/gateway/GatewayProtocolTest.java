package io.spread.gateway;

import java.util.ArrayList;
import java.util.List;

import io.spread.gateway.GatewayClient.Joined;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every command of SPEC section 8 and every answer the team fixed in gateway.md, one client at a time or a few
 * together, in the framing the concrete class sets.
 */
abstract class GatewayProtocolTest extends GatewayTestSupport {

	// --- HELLO

	@Test
	void helloNamesTheConnection() {
		GatewayClient alice = connect();
		alice.answers("HELLO " + name("alice"), "OK HELLO " + name("alice"));
		String room = room("r");
		alice.join(room, 1, 0);
		alice.answers("WHO " + room, "OK WHO " + room + " " + name("alice"));
	}

	@Test
	void helloAcceptsEveryAllowedCharacterUpToSixtyFourOfThem() {
		String tail = name("");
		String longest = "A-z.0_9".repeat(10).substring(0, 64 - tail.length()) + tail;
		assertThat(longest).hasSize(64);
		connect().answers("HELLO " + longest, "OK HELLO " + longest);
		connect().answers("HELLO " + name("Mixed.Case_9"), "OK HELLO " + name("Mixed.Case_9"));
		// one character (unique to this test in its context)
		connect().answers("HELLO Q", "OK HELLO Q");
	}

	@Test
	void helloRefusesANameTakenAndTheRefusedClientMayTryAnother() {
		GatewayClient alice = hello("alice");
		GatewayClient other = connect();

		other.answers("HELLO " + name("alice"), "ERR name-taken " + name("alice"));

		other.hello(name("bob"));
		alice.sync();
	}

	@Test
	void aNameIsFreeAgainOnceItsClientIsGone() {
		GatewayClient alice = hello("alice");
		alice.close();

		GatewayClient again = connect();
		await().atMost(WAIT).until(() -> {
			String answer = again.ask("HELLO " + name("alice"));
			assertThat(answer).isIn("OK HELLO " + name("alice"), "ERR name-taken " + name("alice"));
			return answer.startsWith("OK");
		});
	}

	@Test
	void helloRefusesBadNamesAndKeepsTheConnection() {
		GatewayClient client = connect();
		List<String> bad = List.of("a/b", "caf\u00e9", "x".repeat(65), "semi;colon", "tab\there", "star*",
				"guest-1", "guest-abc", "guest-");
		for (String name : bad) {
			client.answers("HELLO " + name, "ERR bad-name");
		}
		client.answers("PING still-here", "PONG still-here");
		client.hello(name("alice"));
	}

	@Test
	void aSecondHelloIsBadArgsAndTheFirstNameStays() {
		GatewayClient alice = hello("alice");

		alice.answers("HELLO " + name("alice"), "ERR bad-args HELLO");
		alice.answers("HELLO " + name("other"), "ERR bad-args HELLO");
		alice.answers("hello " + name("other"), "ERR bad-args HELLO");

		// the refused name was not taken, and alice is still alice
		hello("other");
		String room = room("r");
		alice.join(room, 1, 0);
		alice.answers("WHO " + room, "OK WHO " + room + " " + name("alice"));
	}

	// --- before HELLO, unknown commands, wrong arguments, empty frames

	@Test
	void everyOtherKnownVerbWaitsForHello() {
		hello("bob");
		GatewayClient client = connect();
		String room = room("r");

		for (String command : List.of("JOIN " + room, "LEAVE " + room, "PUB " + room + " hi", "PUB " + room,
				"SEND " + name("bob") + " hi", "WHO " + room, "ROOMS", "join " + room, "Rooms")) {
			client.answers(command, "ERR hello-first");
		}
		client.answers("PING", "PONG");
		client.answers("PING before", "PONG before");
		client.answers("FROB " + room, "ERR unknown-command FROB");

		client.hello(name("alice"));
		client.join(room, 1, 0);
	}

	@Test
	void unknownVerbsAreNamedAsSent() {
		GatewayClient client = connect();
		client.answers("FROB", "ERR unknown-command FROB");
		client.hello(name("alice"));
		client.answers("FROB", "ERR unknown-command FROB");
		client.answers("frob a b c", "ERR unknown-command frob");
		client.answers("Publish " + room("r") + " x", "ERR unknown-command Publish");
		client.answers("HELLO-WORLD", "ERR unknown-command HELLO-WORLD");
		client.answers("PING after", "PONG after");
	}

	@Test
	void wrongArgumentCountsAreBadArgsForEachVerb() {
		GatewayClient unnamed = connect();
		unnamed.answers("HELLO", "ERR bad-args HELLO");
		unnamed.answers("HELLO a b c", "ERR bad-args HELLO");

		GatewayClient alice = unnamed.hello(name("alice"));
		String room = room("r");
		alice.answers("JOIN", "ERR bad-args JOIN");
		alice.answers("JOIN " + room + " extra", "ERR bad-args JOIN");
		alice.answers("join", "ERR bad-args JOIN");
		alice.answers("LEAVE", "ERR bad-args LEAVE");
		alice.answers("LEAVE " + room + " extra", "ERR bad-args LEAVE");
		alice.answers("PUB", "ERR bad-args PUB");
		alice.answers("pub", "ERR bad-args PUB");
		alice.answers("SEND", "ERR bad-args SEND");
		alice.answers("WHO", "ERR bad-args WHO");
		alice.answers("WHO " + room + " extra", "ERR bad-args WHO");
		alice.answers("ROOMS extra", "ERR bad-args ROOMS");

		// nothing above took effect
		alice.answers("ROOMS", "OK ROOMS");
		alice.answers("PING", "PONG");
	}

	@Test
	void invalidRoomsAndNamesAreBadNameInEveryCommand() {
		GatewayClient alice = hello("alice");
		String room = room("r");
		alice.join(room, 1, 0);

		for (String bad : List.of("bad/room", "caf\u00e9", "r".repeat(65), "a:b", "#chan")) {
			alice.answers("JOIN " + bad, "ERR bad-name");
			alice.answers("LEAVE " + bad, "ERR bad-name");
			alice.answers("PUB " + bad + " hi", "ERR bad-name");
			alice.answers("WHO " + bad, "ERR bad-name");
			alice.answers("SEND " + bad + " hi", "ERR bad-name");
		}
		String longest = "r".repeat(64);
		alice.join(longest, 1, 0);
		alice.answers("WHO " + longest, "OK WHO " + longest + " " + name("alice"));
		alice.leave(longest);
	}

	@Test
	void emptyFramesAreIgnored() {
		GatewayClient client = connect();
		client.send("");
		client.answers("PING a", "PONG a");
		client.hello(name("alice"));
		client.send("");
		client.send("");
		client.answers("PING b", "PONG b");
	}

	// --- JOIN

	@Test
	void joinAnswersMembersEpochAndLastOffsetAndTellsTheOthers() {
		String room = room("r");
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		GatewayClient carol = hello("carol");

		Joined first = alice.join(room);
		assertThat(first.members()).isEqualTo(1);
		assertThat(first.lastOffset()).isZero();
		assertThat(first.epoch()).matches("[^ ]{1,64}");

		assertThat(bob.join(room).answer()).isEqualTo("OK JOIN " + room + " 2 " + first.epoch() + " 0");
		alice.expect("JOINED " + room + " " + bob.name());

		alice.pub(room, "one");
		alice.pub(room, "two");
		bob.expect("MSG " + room + " " + alice.name() + " 1 one", "MSG " + room + " " + alice.name() + " 2 two");

		assertThat(carol.join(room).answer()).isEqualTo("OK JOIN " + room + " 3 " + first.epoch() + " 2");
		alice.expect("JOINED " + room + " " + carol.name());
		bob.expect("JOINED " + room + " " + carol.name());
		carol.sync();
		alice.sync();
		bob.sync();
	}

	@Test
	void joiningARoomAlreadyJoinedAnswersTheSameAndTellsNoOne() {
		String room = room("r");
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		alice.join(room, 1, 0);
		String epoch = bob.join(room, 2, 0);
		alice.expect("JOINED " + room + " " + bob.name());
		alice.pub(room, "hi");
		bob.expect("MSG " + room + " " + alice.name() + " 1 hi");

		bob.answers("JOIN " + room, "OK JOIN " + room + " 2 " + epoch + " 1");
		bob.answers("join " + room, "OK JOIN " + room + " 2 " + epoch + " 1");

		// a JOINED for the rejoin would reach alice before bob's next message
		bob.pub(room, "marker");
		alice.expect("MSG " + room + " " + bob.name() + " 2 marker");
		alice.answers("WHO " + room, "OK WHO " + room + " " + alice.name() + " " + bob.name());
		bob.sync();
	}

	@Test
	void anEmptiedRoomIsForgottenAndComesBackWithANewEpochFromOffsetOne() {
		String room = room("r");
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		String firstEpoch = alice.join(room, 1, 0);
		alice.pub(room, "nobody hears this");
		alice.sync();
		assertThat(bob.join(room).answer()).isEqualTo("OK JOIN " + room + " 2 " + firstEpoch + " 1");
		alice.expect("JOINED " + room + " " + bob.name());

		alice.leave(room);
		bob.expect("LEFT " + room + " " + alice.name());
		bob.leave(room);

		String secondEpoch = bob.join(room, 1, 0);
		assertThat(secondEpoch).as("a re-created room's epoch").isNotEqualTo(firstEpoch);
		assertThat(alice.join(room).answer()).isEqualTo("OK JOIN " + room + " 2 " + secondEpoch + " 0");
		bob.expect("JOINED " + room + " " + alice.name());
		alice.pub(room, "again");
		bob.expect("MSG " + room + " " + alice.name() + " 1 again");
	}

	@Test
	void aClientMayBeInSixtyFourRoomsButNotMore() {
		GatewayClient alice = hello("alice");
		List<String> joins = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			joins.add("JOIN " + room("r" + i));
		}
		alice.sendAll(joins);
		for (int i = 0; i < 64; i++) {
			Joined joined = Joined.parse(room("r" + i), alice.read());
			assertThat(joined.members()).isEqualTo(1);
		}

		alice.answers("JOIN " + room("r64"), "ERR too-many-rooms " + room("r64"));
		// a room already joined is no new room
		assertThat(alice.join(room("r0")).members()).isEqualTo(1);
		alice.answers("WHO " + room("r64"), "OK WHO " + room("r64"));

		alice.leave(room("r0"));
		alice.join(room("r64"), 1, 0);
	}

	// --- LEAVE

	@Test
	void leaveTellsTheOthersAndStopsTheMessages() {
		String room = room("r");
		String side = room("side");
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		GatewayClient carol = hello("carol");
		alice.join(room, 1, 0);
		bob.join(room, 2, 0);
		carol.join(room, 3, 0);
		alice.expect("JOINED " + room + " " + bob.name(), "JOINED " + room + " " + carol.name());
		bob.expect("JOINED " + room + " " + carol.name());
		alice.join(side, 1, 0);
		bob.join(side, 2, 0);
		alice.expect("JOINED " + side + " " + bob.name());

		bob.leave(room);
		alice.expect("LEFT " + room + " " + bob.name());
		carol.expect("LEFT " + room + " " + bob.name());

		bob.answers("LEAVE " + room, "ERR not-member " + room);
		bob.answers("LEAVE " + room("never"), "ERR not-member " + room("never"));
		bob.answers("PUB " + room + " sneaky", "ERR not-member " + room);
		carol.answers("WHO " + room, "OK WHO " + room + " " + alice.name() + " " + carol.name());

		alice.pub(room, "after");
		carol.expect("MSG " + room + " " + alice.name() + " 1 after");
		// a message of the room left would reach bob before alice's next one
		alice.pub(side, "side");
		bob.expect("MSG " + side + " " + alice.name() + " 1 side");
		bob.sync();
		alice.sync();
		carol.sync();
	}

	// --- PUB

	@Test
	void pubNumbersTheRoomsMessagesAndNeverEchoesTheSender() {
		String room = room("r");
		GatewayClient[] members = twoMembers(room, "alice", "bob");
		GatewayClient alice = members[0];
		GatewayClient bob = members[1];

		alice.pub(room, "one");
		alice.pub(room, "two");
		alice.pub(room, "three");
		bob.expect("MSG " + room + " " + alice.name() + " 1 one", "MSG " + room + " " + alice.name() + " 2 two",
				"MSG " + room + " " + alice.name() + " 3 three");
		bob.pub(room, "four");

		// alice's own messages would have come before bob's
		alice.expect("MSG " + room + " " + bob.name() + " 4 four");
		alice.sync();
		bob.sync();
	}

	@Test
	void pubFromANonMemberIsRefusedAndReachesNoOne() {
		String room = room("r");
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");

		alice.answers("PUB " + room + " nowhere", "ERR not-member " + room);
		bob.join(room, 1, 0);
		alice.answers("PUB " + room + " intruder", "ERR not-member " + room);
		alice.answers("PUB " + room, "ERR not-member " + room);

		// offsets were not used up by the refused messages
		alice.join(room, 2, 0);
		bob.expect("JOINED " + room + " " + alice.name());
		alice.pub(room, "member now");
		bob.expect("MSG " + room + " " + alice.name() + " 1 member now");
	}

	@Test
	void pubsPayloadIsTheRestOfTheFrameAndMayBeEmpty() {
		String room = room("r");
		GatewayClient[] members = twoMembers(room, "alice", "bob");
		GatewayClient alice = members[0];
		GatewayClient bob = members[1];

		alice.send("PUB " + room + "  two  spaces ");
		alice.send("PUB " + room + " JOIN other");
		alice.send("PUB " + room);
		alice.send("PUB " + room + " ");
		alice.send("pub " + room + " caf\u00e9 \u2603");

		String prefix = "MSG " + room + " " + alice.name() + " ";
		bob.expect(prefix + "1  two  spaces ", prefix + "2 JOIN other", prefix + "3 ", prefix + "4 ",
				prefix + "5 caf\u00e9 \u2603");
		alice.sync();
	}

	// --- SEND

	@Test
	void sendDeliversADirectMessageWithoutACommonRoom() {
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");

		alice.dm(bob.name(), "hi  there");
		alice.send("send " + bob.name() + " again");

		bob.expect("DM " + alice.name() + " hi  there", "DM " + alice.name() + " again");
		alice.sync();
		bob.sync();
	}

	@Test
	void sendToNoSuchClientIsOffline() {
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");

		alice.answers("SEND " + name("nobody") + " hello?", "ERR offline " + name("nobody"));
		alice.answers("SEND guest-999999 hello?", "ERR offline guest-999999");

		bob.close();
		// until the hub has noticed, the message goes to bob's dying connection and only the PONG comes back
		await().atMost(WAIT).until(() -> {
			alice.sendAll(List.of("SEND " + name("bob") + " still there?", "PING offline"));
			String answer = alice.read();
			if (answer.equals("PONG offline")) {
				return false;
			}
			assertThat(answer).isEqualTo("ERR offline " + name("bob"));
			alice.expect("PONG offline");
			return true;
		});
	}

	// --- WHO, ROOMS

	@Test
	void whoListsMembersSortedToAnyone() {
		String room = room("r");
		GatewayClient carol = hello("carol");
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		GatewayClient dave = hello("dave");

		dave.answers("WHO " + room, "OK WHO " + room);
		carol.join(room, 1, 0);
		alice.join(room, 2, 0);
		bob.join(room, 3, 0);

		dave.answers("WHO " + room, "OK WHO " + room + " " + alice.name() + " " + bob.name() + " " + carol.name());
		dave.answers("who " + room, "OK WHO " + room + " " + alice.name() + " " + bob.name() + " " + carol.name());
		dave.answers("WHO " + room("empty"), "OK WHO " + room("empty"));
	}

	@Test
	void roomsListsRoomsWithMembersSortedAndForgetsEmptiedOnes() {
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		alice.answers("ROOMS", "OK ROOMS");

		alice.join(room("zeta"), 1, 0);
		alice.join(room("alpha"), 1, 0);
		bob.join(room("mid"), 1, 0);
		bob.join(room("alpha"), 2, 0);
		alice.expect("JOINED " + room("alpha") + " " + bob.name());

		alice.answers("ROOMS", "OK ROOMS " + room("alpha") + " " + room("mid") + " " + room("zeta"));
		bob.answers("rooms", "OK ROOMS " + room("alpha") + " " + room("mid") + " " + room("zeta"));

		alice.leave(room("zeta"));
		alice.answers("ROOMS", "OK ROOMS " + room("alpha") + " " + room("mid"));

		bob.close();
		alice.expect("LEFT " + room("alpha") + " " + name("bob"));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(alice.ask("ROOMS")).isEqualTo("OK ROOMS " + room("alpha")));
	}

	// --- PING, QUIT

	@Test
	void pingIsAnsweredWithPongAndItsText() {
		GatewayClient client = connect();
		client.answers("PING", "PONG");
		client.answers("PING hello", "PONG hello");
		client.hello(name("alice"));
		client.answers("PING", "PONG");
		client.answers("ping x-1.2_3", "PONG x-1.2_3");
		client.answers("Ping", "PONG");
	}

	@Test
	void quitClosesAfterWhatIsPending() {
		for (String quit : List.of("QUIT", "quit", "close", "Quit")) {
			GatewayClient client = connect();
			client.raw().sendRaw(client.encodeAll(List.of("PING one", "PING two", quit, "PING never")));
			client.expect("PONG one", "PONG two");
			client.awaitClosed();
		}
		GatewayClient named = hello("alice");
		named.raw().sendRaw(named.encodeAll(List.of("PING last", "QUIT")));
		named.expect("PONG last");
		named.awaitClosed();
	}

	// --- case, chunking

	@Test
	void verbsAreCaseInsensitiveAndAnswersUpperCase() {
		String room = room("r");
		GatewayClient alice = connect();
		GatewayClient bob = hello("bob");
		alice.answers("hello " + name("alice"), "OK HELLO " + name("alice"));
		assertThat(alice.ask("join " + room)).startsWith("OK JOIN " + room + " 1 ");
		assertThat(bob.ask("Join " + room)).startsWith("OK JOIN " + room + " 2 ");
		alice.expect("JOINED " + room + " " + bob.name());
		alice.send("pUb " + room + " hi");
		bob.expect("MSG " + room + " " + name("alice") + " 1 hi");
		alice.send("send " + bob.name() + " psst");
		bob.expect("DM " + name("alice") + " psst");
		alice.answers("who " + room, "OK WHO " + room + " " + name("alice") + " " + bob.name());
		alice.answers("rOoMs", "OK ROOMS " + room);
		alice.answers("ping", "PONG");
		alice.answers("leave " + room, "OK LEAVE " + room);
		bob.expect("LEFT " + room + " " + name("alice"));
		alice.send("qUiT");
		alice.awaitClosed();
	}

	@Test
	void reassemblesCommandsFedInOddChunksDownToOneByte() {
		String room = room("r");
		GatewayClient bob = hello("bob");
		String epoch = bob.join(room, 1, 0);
		int offset = 0;
		for (int chunk : new int[] { 1, 2, 3, 5, 7, 13, 64 }) {
			String name = name("chunky" + chunk);
			GatewayClient chunky = connect();
			byte[] script = chunky.encodeAll(List.of("HELLO " + name, "", "JOIN " + room, "PUB " + room + " fed " + chunk
					+ " bytes at a time", "PING " + chunk, "SEND " + bob.name() + " dm " + chunk, "LEAVE " + room));

			chunky.raw().sendInChunks(script, chunk);

			chunky.expect("OK HELLO " + name, "OK JOIN " + room + " 2 " + epoch + " " + offset, "PONG " + chunk,
					"OK LEAVE " + room);
			offset++;
			bob.expect("JOINED " + room + " " + name, "MSG " + room + " " + name + " " + offset + " fed " + chunk
					+ " bytes at a time", "DM " + name + " dm " + chunk, "LEFT " + room + " " + name);
		}
		bob.sync();
	}

}
