package io.spread.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client mode's side of the gateway protocol, frame by frame: what it prints and answers, and above all how it
 * resumes a room after a reconnect (SPEC section 9).
 */
class GatewayConversationTest {

	private final GatewayConversation conversation = new GatewayConversation("ann", "", List.of("chat", "ops", "chat"));

	/** Everything printed so far, one entry a line. */
	private final List<String> printed = new ArrayList<>();

	/** Everything sent so far (the greetings included). */
	private final List<String> sent = new ArrayList<>();

	@Test
	void aTokenGoesInHelloAfterTheName() {
		GatewayConversation withToken = new GatewayConversation("ann", "eyJ.token.sig", List.of("chat"));
		assertThat(withToken.opened()).containsExactly("HELLO ann eyJ.token.sig", "JOIN chat");
	}

	@Test
	void greetsWithHelloThenJoinsEachRoomOnce() {
		assertThat(this.conversation.opened()).containsExactly("HELLO ann", "JOIN chat", "JOIN ops");

		hub("OK HELLO ann", "OK JOIN chat 2 e1 0", "OK JOIN ops 1 e2 7");

		assertThat(this.printed).isEmpty();
		assertThat(this.sent).isEmpty();
	}

	@Test
	void printsMessagesDirectMessagesAndPresenceReadablyAndTheRestAsReceived() {
		connectFirstTime();

		hub("MSG chat bob 1 hello there", "MSG chat bob 2 ", "DM bob psst, a secret", "JOINED ops cy", "LEFT ops cy",
				"ERR not-member zoo", "OK WHO chat ann bob", "PONG 2026-01-01T00:00:00Z", "NOTICE something new");

		assertThat(this.printed).containsExactly("[chat] bob: hello there", "[chat] bob: ", "(dm) bob: psst, a secret",
				"[ops] * cy joined", "[ops] * cy left", "ERR not-member zoo", "OK WHO chat ann bob",
				"NOTICE something new");
	}

	@Test
	void aFrameItCannotReadIsPrintedAsReceived() {
		connectFirstTime();

		hub("MSG chat bob notanumber hi", "OK JOIN chat 2 e1 x");

		assertThat(this.printed).containsExactly("MSG chat bob notanumber hi", "OK JOIN chat 2 e1 x");
	}

	@Test
	void theFirstJoinStartsAtTheRoomsLastOffsetAndPrintsEachOffsetOnce() {
		connectFirstTime();

		hub("MSG ops bob 8 one", "MSG ops bob 8 one again", "MSG ops bob 9 two");

		assertThat(this.printed).containsExactly("[ops] bob: one", "[ops] bob: two");
		assertThat(this.sent).as("no history asked on a first join").isEmpty();
	}

	@Test
	void afterAReconnectItAsksForWhatItMissedAndPrintsItBeforeNewMessagesOnceEachInOrder() {
		connectFirstTime();
		hub("MSG chat bob 1 before");
		this.printed.clear();

		reconnect();
		hub("OK JOIN chat 2 e1 3");
		assertThat(this.sent).containsExactly("HISTORY chat e1 1");
		// a live message overtakes the replay; the replay repeats what came live
		hub("MSG chat bob 4 live one", "MSG chat bob 2 missed one", "MSG chat bob 3 missed two",
				"MSG chat bob 4 live one", "MSG chat bob 1 before");
		assertThat(this.printed).as("nothing of chat before OK HISTORY").isEmpty();
		hub("OK HISTORY chat 4", "MSG chat bob 4 live one", "MSG chat bob 5 live two");

		assertThat(this.printed).containsExactly("[chat] bob: missed one", "[chat] bob: missed two",
				"[chat] bob: live one", "[chat] bob: live two");
	}

	@Test
	void whatWasRetainedIsReplayedAfterOneNoticeForWhatWasNot() {
		connectFirstTime();
		hub("MSG chat bob 1 seen");
		this.printed.clear();

		reconnect();
		hub("OK JOIN chat 2 e1 10");
		hub("ERR history-gone chat e1 7");
		assertThat(this.sent).containsExactly("HISTORY chat e1 1", "HISTORY chat e1 6");
		hub("MSG chat bob 7 seven", "MSG chat bob 11 live", "MSG chat bob 8 eight", "MSG chat bob 9 nine",
				"MSG chat bob 10 ten", "OK HISTORY chat 10");

		assertThat(this.printed).containsExactly("[chat] * 5 messages could not be recovered (offsets 2-6)",
				"[chat] bob: seven", "[chat] bob: eight", "[chat] bob: nine", "[chat] bob: ten", "[chat] bob: live");
	}

	@Test
	void aGapThatKeepsGrowingEndsAfterAFewRequestsWithOneNotice() {
		connectFirstTime();
		reconnect();
		hub("OK JOIN chat 2 e1 20");
		for (int earliest = 5; earliest < 5 + RoomFeed.MAX_HISTORY_REQUESTS; earliest++) {
			hub("ERR history-gone chat e1 " + earliest);
		}
		hub("MSG chat bob 21 live");

		assertThat(this.sent).hasSize(RoomFeed.MAX_HISTORY_REQUESTS);
		assertThat(this.printed).containsExactly("[chat] * 20 messages could not be recovered (offsets 1-20)",
				"[chat] bob: live");
	}

	@Test
	void aNewEpochIsOneNoticeAndItsOwnMessagesAreAskedForFromTheStart() {
		connectFirstTime();
		hub("MSG chat bob 1 old");
		this.printed.clear();

		reconnect();
		hub("OK JOIN chat 1 e9 2");
		assertThat(this.sent).containsExactly("HISTORY chat e9 0");
		hub("MSG chat cy 1 new one", "MSG chat cy 2 new two", "OK HISTORY chat 2", "MSG chat cy 3 live");

		assertThat(this.printed).containsExactly("[chat] * the room's history was lost (new epoch: the hub restarted "
				+ "or forgot the room); whatever was sent after offset 1 could not be recovered",
				"[chat] cy: new one", "[chat] cy: new two", "[chat] cy: live");
	}

	@Test
	void aNewEpochWhoseStartIsGoneTooIsStillOneNotice() {
		connectFirstTime();
		reconnect();
		hub("OK JOIN chat 1 e9 5", "ERR history-gone chat e9 4", "MSG chat cy 4 four", "MSG chat cy 5 five",
				"OK HISTORY chat 5");

		assertThat(this.printed).containsExactly("[chat] * the room's history was lost (new epoch: the hub restarted "
				+ "or forgot the room); whatever was sent after offset 0 could not be recovered, nor 3 messages of "
				+ "the new numbering (offsets 1-3)", "[chat] cy: four", "[chat] cy: five");
	}

	@Test
	void aResumeCutShortIsAskedForAgainAndNothingIsPrintedTwice() {
		connectFirstTime();
		reconnect();
		hub("OK JOIN chat 2 e1 2", "MSG chat bob 1 one");
		this.sent.clear();

		reconnect();
		hub("OK JOIN chat 2 e1 3");
		hub("MSG chat bob 1 one", "MSG chat bob 2 two", "MSG chat bob 3 three", "OK HISTORY chat 3");

		assertThat(this.sent).containsExactly("HISTORY chat e1 0");
		assertThat(this.printed).containsExactly("[chat] bob: one", "[chat] bob: two", "[chat] bob: three");
	}

	@Test
	void aNewEpochSeenOnAResumeCutShortIsStillToldOnce() {
		connectFirstTime();
		hub("MSG chat bob 1 old");
		this.printed.clear();
		reconnect();
		hub("OK JOIN chat 1 e9 0");

		reconnect();
		hub("OK JOIN chat 1 e9 0", "OK HISTORY chat 0");
		reconnect();
		hub("OK JOIN chat 1 e9 0", "OK HISTORY chat 0");

		assertThat(this.printed).containsExactly("[chat] * the room's history was lost (new epoch: the hub restarted "
				+ "or forgot the room); whatever was sent after offset 1 could not be recovered");
	}

	@Test
	void aRefusedNameEndsTheConnectionQuietly() {
		this.conversation.opened();

		hub("ERR name-taken ann", "ERR hello-first", "ERR hello-first");

		assertThat(this.sent).containsExactly("QUIT");
		assertThat(this.printed).isEmpty();
	}

	@Test
	void onceNamedAnErrorLikeARefusedNameIsPrinted() {
		connectFirstTime();

		hub("ERR name-taken ann", "ERR hello-first");

		assertThat(this.sent).isEmpty();
		assertThat(this.printed).containsExactly("ERR name-taken ann", "ERR hello-first");
	}

	@Test
	void payloadsArePrintedByteForByte() {
		connectFirstTime();
		byte[] payload = { 'x', (byte) 0xC3, (byte) 0xA9, 0, (byte) 0xFE, ' ', ' ' };
		byte[] frame = concat("MSG chat bob 1 ".getBytes(StandardCharsets.US_ASCII), payload);

		List<byte[]> lines = this.conversation.received(frame).printed();

		assertThat(lines).hasSize(1);
		assertThat(lines.get(0)).isEqualTo(concat("[chat] bob: ".getBytes(StandardCharsets.US_ASCII), payload));
	}

	/** Named, both rooms joined for the first time: chat at offset 0, ops at offset 7. */
	private void connectFirstTime() {
		this.conversation.opened();
		hub("OK HELLO ann", "OK JOIN chat 2 e1 0", "OK JOIN ops 1 e2 7");
	}

	/** A new connection, named again; its JOIN answers are up to the test. */
	private void reconnect() {
		this.conversation.opened();
		hub("OK HELLO ann");
	}

	private void hub(String... frames) {
		for (String frame : frames) {
			GatewayConversation.Reaction reaction = this.conversation.received(frame.getBytes(StandardCharsets.UTF_8));
			reaction.printed().forEach(line -> this.printed.add(new String(line, StandardCharsets.UTF_8)));
			this.sent.addAll(reaction.sent());
		}
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = new byte[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
