package io.spread.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Order and isolation under load: one busy sender, and many rooms at once. */
abstract class GatewayLoadTest extends GatewayTestSupport {

	@Test
	void tenThousandMessagesArriveInOrderWithConsecutiveOffsets() throws Exception {
		int messages = 10_000;
		String room = room("r");
		GatewayClient sender = hello("sender");
		GatewayClient receiver = hello("receiver");
		String epoch = sender.join(room, 1, 0);
		receiver.join(room, 2, 0);
		sender.expect("JOINED " + room + " " + receiver.name());
		ByteArrayOutputStream burst = new ByteArrayOutputStream();
		for (int i = 1; i <= messages; i++) {
			burst.writeBytes(sender.raw().encode(("PUB " + room + " seq " + i).getBytes(StandardCharsets.US_ASCII)));
		}

		// written in odd chunks on another thread while the receiver reads
		CompletableFuture<Void> sending = CompletableFuture
			.runAsync(() -> sender.raw().sendInChunks(burst.toByteArray(), 4093));

		String prefix = "MSG " + room + " " + sender.name() + " ";
		for (int i = 1; i <= messages; i++) {
			String frame = receiver.read();
			if (!frame.equals(prefix + i + " seq " + i)) {
				assertThat(frame).as("message %d of %d", i, messages).isEqualTo(prefix + i + " seq " + i);
			}
		}
		sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		sender.sync();
		receiver.sync();
		GatewayClient late = hello("late");
		assertThat(late.join(room).answer()).isEqualTo("OK JOIN " + room + " 3 " + epoch + " " + messages);
	}

	@Test
	void aThousandClientsInAHundredRoomsHearOnlyTheirOwnRoom() throws Exception {
		int rooms = 100;
		int perRoom = 10;
		int messages = 20;
		List<List<GatewayClient>> members = new ArrayList<>();
		List<String> roomNames = new ArrayList<>();
		for (int r = 0; r < rooms; r++) {
			String room = room("room" + r);
			roomNames.add(room);
			List<GatewayClient> inRoom = new ArrayList<>();
			String epoch = null;
			for (int m = 0; m < perRoom; m++) {
				GatewayClient client = connect();
				GatewayClient.Joined joined = client.helloAndJoin(name("m" + r + "x" + m), room);
				assertThat(joined.members()).isEqualTo(m + 1);
				assertThat(joined.lastOffset()).isZero();
				if (epoch == null) {
					epoch = joined.epoch();
				}
				assertThat(joined.epoch()).isEqualTo(epoch);
				inRoom.add(client);
			}
			members.add(inRoom);
		}
		// each member was told of those who joined after it
		for (int r = 0; r < rooms; r++) {
			List<GatewayClient> inRoom = members.get(r);
			for (int m = 0; m < perRoom; m++) {
				for (int later = m + 1; later < perRoom; later++) {
					inRoom.get(m).expect("JOINED " + roomNames.get(r) + " " + inRoom.get(later).name());
				}
			}
		}

		// every publisher writes all its messages at once; then every member reads
		for (int r = 0; r < rooms; r++) {
			GatewayClient publisher = members.get(r).get(0);
			List<String> pubs = new ArrayList<>();
			for (int i = 1; i <= messages; i++) {
				pubs.add("PUB " + roomNames.get(r) + " room " + r + " message " + i);
			}
			publisher.sendAll(pubs);
		}
		for (int r = 0; r < rooms; r++) {
			String prefix = "MSG " + roomNames.get(r) + " " + members.get(r).get(0).name() + " ";
			for (GatewayClient member : members.get(r).subList(1, perRoom)) {
				for (int i = 1; i <= messages; i++) {
					String frame = member.read();
					String expected = prefix + i + " room " + r + " message " + i;
					if (!frame.equals(expected)) {
						assertThat(frame).as("message %d at %s", i, member.name()).isEqualTo(expected);
					}
				}
			}
		}
		// every publisher's last message has arrived, so any stray one would now be ahead of a PONG
		for (List<GatewayClient> inRoom : members) {
			for (GatewayClient member : inRoom) {
				member.sync();
			}
		}
		GatewayClient asker = members.get(0).get(0);
		assertThat(asker.ask("WHO " + roomNames.get(rooms - 1)).split(" ")).hasSize(3 + perRoom);
	}

}
