package io.spread.history;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoomHistoryTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void keepsTheLastSizeMessagesWithTheirOffsets() {
		HistoryStore store = new HistoryStore(3, 60_000, Long.MAX_VALUE, this.meters);
		RoomHistory history = store.newRoom();
		history.keep("a", 1, payloads("1", "2"), 0);
		history.keep("b", 3, payloads("3", "4", "5"), 0);
		assertThat(history.size()).isEqualTo(3);
		assertThat(history.earliest(6)).isEqualTo(3);
		assertThat(history.between(3, 5)).extracting(RoomHistory.Entry::offset).containsExactly(4L, 5L);
		assertThat(history.between(0, 4)).extracting(RoomHistory.Entry::offset).containsExactly(3L, 4L);
		assertThat(history.between(5, 5)).isEmpty();
	}

	@Test
	void expiredMessagesGoAndAnEmptyHistoryPointsPastTheLast() {
		HistoryStore store = new HistoryStore(10, 1_000, Long.MAX_VALUE, this.meters);
		RoomHistory history = store.newRoom();
		history.keep("a", 1, payloads("old"), 0);
		history.keep("a", 2, payloads("new"), 900);
		history.expire(1_500);
		assertThat(history.between(0, 2)).extracting(RoomHistory.Entry::offset).containsExactly(2L);
		history.expire(2_000);
		assertThat(history.isEmpty()).isTrue();
		assertThat(history.earliest(3)).isEqualTo(3);
		assertThat(store.retainedBytes()).isZero();
	}

	@Test
	void overItsMemoryShareARoomLetsItsOldestGoAndItIsCounted() {
		HistoryStore store = new HistoryStore(1000, 60_000, 1_000, this.meters);
		RoomHistory busy = store.newRoom();
		byte[] payload = new byte[100];
		for (long offset = 1; offset <= 100; offset++) {
			busy.keep("sender", offset, List.of(payload), 0);
			assertThat(store.retainedBytes()).isLessThanOrEqualTo(1_000);
		}
		assertThat(busy.size()).isBetween(1, 9);
		assertThat(busy.earliest(101)).isEqualTo(101 - busy.size());
		assertThat(this.meters.counter("spread.history.evicted").count()).isEqualTo(100 - busy.size());
		busy.clear();
		assertThat(store.retainedBytes()).isZero();
		assertThat(this.meters.get("spread.history.retained").gauge().value()).isZero();
	}

	@Test
	void sizeZeroKeepsNothing() {
		assertThat(new HistoryStore(0, 1_000, 1_000, this.meters).newRoom()).isNull();
	}

	private static List<byte[]> payloads(String... texts) {
		return java.util.Arrays.stream(texts).map(text -> text.getBytes(StandardCharsets.UTF_8)).toList();
	}

}
