package io.spread.console;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PageTest {

	private final List<Integer> seven = IntStream.range(0, 7).boxed().toList();

	@Test
	void cutsAListIntoPages() {
		assertThat(Page.of(this.seven, 0, 3, "")).isEqualTo(new Page<>(List.of(0, 1, 2), 0, 3, 7, 3, ""));
		assertThat(Page.of(this.seven, 2, 3, "x")).isEqualTo(new Page<>(List.of(6), 2, 3, 7, 3, "x"));
		assertThat(Page.of(this.seven, 0, 7, "").pages()).isEqualTo(1);
	}

	@Test
	void pastTheLastPageIsEmpty() {
		assertThat(Page.of(this.seven, 3, 3, "").items()).isEmpty();
		assertThat(Page.of(this.seven, Integer.MAX_VALUE, 200, "").items()).as("no overflow").isEmpty();
	}

	@Test
	void anEmptyListIsOnePageOfNothing() {
		assertThat(Page.of(List.of(), 0, 50, "")).isEqualTo(new Page<>(List.of(), 0, 50, 0, 1, ""));
	}

}
