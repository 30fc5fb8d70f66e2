package io.spread.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.spread.history.HistoryStore;
import io.spread.hub.AdminEndpoints;
import io.spread.hub.Room;
import io.spread.hub.Rooms;
import io.spread.hub.Router;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History and resume (SPEC section 9) over real sockets: a client that comes back gets exactly what it missed, then
 * what is published live, in offset order, with no duplicate, even while others keep publishing.
 */
abstract class HistoryTest extends GatewayTestSupport {

	private static final Pattern MSG = Pattern.compile("MSG (\\S+) (\\S+) (\\d+) (.*)", Pattern.DOTALL);

	@Autowired
	private AdminEndpoints.RoomsEndpoint roomsEndpoint;

	@Autowired
	private Rooms rooms;

	@Autowired
	private Router router;

	@Autowired
	private HistoryStore store;

	/**
	 * Regression: a message delivered (from Redis, on the receive thread) to a room closed since it was looked up went
	 * into the forgotten room's history, its bytes counted for good.
	 */
	@Test
	void aMessageForARoomClosedSinceItWasLookedUpIsRefusedAndKeptNowhere() {
		String name = room("closing");
		GatewayClient alice = hello("alice");
		alice.join(name, 1, 0);
		Room lookedUp = this.rooms.get(name);
		alice.leave(name);
		assertThat(this.rooms.get(name)).isNull();
		long before = this.store.retainedBytes();
		assertThat(this.router.deliver(lookedUp, lookedUp.epoch(), 1, "bob", null,
				List.of("late".getBytes(StandardCharsets.UTF_8))))
			.isFalse();
		assertThat(this.store.retainedBytes()).isEqualTo(before);
	}

	@Test
	void aClientThatComesBackGetsExactlyWhatItMissedThenLiveOnesWhileOthersPublish() throws Exception {
		String room = room("resume");
		GatewayClient alice = hello("alice");
		GatewayClient bob = hello("bob");
		String epoch = alice.join(room, 1, 0);
		bob.join(room, 2, 0);
		alice.expect("JOINED " + room + " " + bob.name());
		for (int i = 1; i <= 10; i++) {
			bob.pub(room, "before-" + i);
		}
		for (int i = 1; i <= 10; i++) {
			alice.expect("MSG " + room + " " + bob.name() + " " + i + " before-" + i);
		}
		alice.close();
		bob.expect("LEFT " + room + " " + alice.name());
		for (int i = 1; i <= 500; i++) {
			bob.pub(room, "missed-" + i);
		}
		bob.sync();

		// carol publishes all along while alice comes back
		GatewayClient carol = hello("carol");
		carol.join(room);
		bob.expect("JOINED " + room + " " + carol.name());
		int live = 2000;
		CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
			for (int i = 1; i <= live; i++) {
				carol.pub(room, "live-" + i);
			}
		});
		GatewayClient back = connect();
		String again = name("alice-again");
		back.sendAll(List.of("HELLO " + again, "JOIN " + room, "HISTORY " + room + " " + epoch + " 10"));
		back.expect("OK HELLO " + again);
		assertThat(back.read()).startsWith("OK JOIN " + room + " 3 " + epoch + " ");

		List<Long> offsets = new ArrayList<>();
		Map<String, List<String>> bySender = new HashMap<>();
		long historyLast = -1;
		int okAt = -1;
		while (bySender.getOrDefault(carol.name(), List.of()).size() < live) {
			String frame = back.read();
			if (frame.startsWith("OK HISTORY ")) {
				assertThat(okAt).as("one OK HISTORY").isEqualTo(-1);
				okAt = offsets.size();
				historyLast = Long.parseLong(frame.substring(("OK HISTORY " + room + " ").length()));
				continue;
			}
			Matcher msg = MSG.matcher(frame);
			assertThat(msg.matches()).as("a MSG: %s", frame).isTrue();
			offsets.add(Long.parseLong(msg.group(3)));
			bySender.computeIfAbsent(msg.group(2), sender -> new ArrayList<>()).add(msg.group(4));
		}
		publishing.get();

		List<Long> expected = new ArrayList<>();
		for (long offset = 11; offset <= 10 + 500 + live; offset++) {
			expected.add(offset);
		}
		assertThat(offsets).as("offsets alice-again got, replayed then live").isEqualTo(expected);
		assertThat(okAt).as("OK HISTORY came after the replay").isGreaterThanOrEqualTo(500);
		assertThat(historyLast).as("OK HISTORY names the last replayed offset").isEqualTo(10 + okAt);
		List<String> fromBob = new ArrayList<>();
		for (int i = 1; i <= 500; i++) {
			fromBob.add("missed-" + i);
		}
		assertThat(bySender.get(bob.name())).isEqualTo(fromBob);
		assertThat(bySender.get(carol.name())).hasSize(live).first().isEqualTo("live-1");
		assertThat(bySender.get(carol.name())).last().isEqualTo("live-" + live);
		back.sync();
	}

	/** Regression: catching up after a JOIN replayed the joiner's own PUB of the same read back to it. */
	@Test
	void aJoinerThatPublishesInTheSameReadDoesNotGetItsOwnMessageBack() {
		String room = room("own");
		GatewayClient bob = hello("bob");
		bob.join(room, 1, 0);
		GatewayClient alice = connect();
		String name = name("alice");
		alice.sendAll(List.of("HELLO " + name, "JOIN " + room, "PUB " + room + " mine"));
		alice.expect("OK HELLO " + name);
		assertThat(alice.read()).startsWith("OK JOIN " + room + " 2 ");
		bob.expect("JOINED " + room + " " + name, "MSG " + room + " " + name + " 1 mine");
		alice.sync();
	}

	@Test
	void aCommandSentOneByteAtATimeIsReplayedTheSame() {
		String room = room("bytes");
		GatewayClient alice = hello("alice");
		String epoch = alice.join(room, 1, 0);
		for (int i = 1; i <= 3; i++) {
			alice.pub(room, "m" + i);
		}
		alice.sync();
		GatewayClient bob = hello("bob");
		byte[] command = bob.encodeAll(List.of("HISTORY " + room + " " + epoch + " 1"));
		bob.raw().sendInChunks(command, 1);
		bob.expect("MSG " + room + " " + alice.name() + " 2 m2", "MSG " + room + " " + alice.name() + " 3 m3",
				"OK HISTORY " + room + " 3");
	}

	@Test
	void aMemberThatIsLiveAlreadyIsReplayedOnlyWhatCameBeforeItJoined() {
		String room = room("live");
		GatewayClient alice = hello("alice");
		String epoch = alice.join(room, 1, 0);
		alice.pub(room, "one");
		alice.pub(room, "two");
		alice.sync();
		GatewayClient bob = hello("bob");
		bob.join(room, 2, 2);
		alice.expect("JOINED " + room + " " + bob.name());
		alice.pub(room, "three");
		bob.expect("MSG " + room + " " + alice.name() + " 3 three").sync();
		bob.send("HISTORY " + room + " " + epoch + " 0");
		bob.expect("MSG " + room + " " + alice.name() + " 1 one", "MSG " + room + " " + alice.name() + " 2 two",
				"OK HISTORY " + room + " 2");
		bob.sync();
	}

	@Test
	void nothingMissedIsAnsweredAtOnce() {
		String room = room("none");
		GatewayClient alice = hello("alice");
		String epoch = alice.join(room, 1, 0);
		alice.pub(room, "one");
		alice.sync();
		alice.answers("HISTORY " + room + " " + epoch + " 1", "OK HISTORY " + room + " 1");
	}

	@Test
	void anotherEpochOrAnUnknownRoomIsAGap() {
		String room = room("epoch");
		GatewayClient alice = hello("alice");
		String epoch = alice.join(room, 1, 0);
		alice.pub(room, "one");
		alice.sync();
		alice.answers("HISTORY " + room + " not-" + epoch + " 0", "ERR history-gone " + room + " " + epoch + " 1");
		alice.answers("HISTORY " + room("nowhere") + " " + epoch + " 0",
				"ERR history-gone " + room("nowhere") + " - 1");
		alice.answers("HISTORY " + room + " " + epoch + " -1", "ERR bad-args HISTORY");
		alice.answers("HISTORY " + room + " " + epoch + " x", "ERR bad-args HISTORY");
	}

	@Test
	void aRoomEveryoneLeftKeepsItsNumberingAndHistory() {
		String room = room("kept");
		GatewayClient alice = hello("alice");
		String epoch = alice.join(room, 1, 0);
		alice.pub(room, "one");
		alice.leave(room);
		assertThat(alice.ask("ROOMS")).as("a room without members is not listed").doesNotContain(room);
		AdminEndpoints.RoomsEndpoint.RoomInfo info = this.roomsEndpoint.rooms()
			.stream()
			.filter(kept -> kept.room().equals(room))
			.findFirst()
			.orElseThrow();
		assertThat(info.members()).isEmpty();
		assertThat(info.history().messages()).isEqualTo(1);
		assertThat(info.history().earliestOffset()).isEqualTo(1);
		assertThat(info.history().lastOffset()).isEqualTo(1);
		assertThat(info.history().bytes()).isPositive();
		GatewayClient bob = hello("bob");
		assertThat(bob.join(room, 1, 1)).isEqualTo(epoch);
		bob.answers("HISTORY " + room + " " + epoch + " 0", "MSG " + room + " " + alice.name() + " 1 one");
		bob.expect("OK HISTORY " + room + " 1");
	}

}
