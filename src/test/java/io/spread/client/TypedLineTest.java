package io.spread.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What a typed line sends in client mode's gateway protocol. */
class TypedLineTest {

	@Test
	void plainTextGoesToTheFirstRoom() {
		assertThat(TypedLine.command("hello all", "chat")).isEqualTo("PUB chat hello all");
		assertThat(TypedLine.command("", "chat")).isEqualTo("PUB chat ");
	}

	@Test
	void slashRoomPublishesToAnotherRoom() {
		assertThat(TypedLine.command("/room ops disk  full ", "chat")).isEqualTo("PUB ops disk  full ");
		assertThat(TypedLine.command("/room ops", "chat")).isEqualTo("PUB ops ");
	}

	@Test
	void slashMsgSendsADirectMessage() {
		assertThat(TypedLine.command("/msg bob see you", "chat")).isEqualTo("SEND bob see you");
	}

	@Test
	void slashWhoAndRoomsAsk() {
		assertThat(TypedLine.command("/who", "chat")).isEqualTo("WHO chat");
		assertThat(TypedLine.command("/who ops", "chat")).isEqualTo("WHO ops");
		assertThat(TypedLine.command("/rooms", "chat")).isEqualTo("ROOMS");
	}

	@Test
	void aDoubleSlashSendsALineThatStartsWithASlash() {
		assertThat(TypedLine.command("//room is a command", "chat")).isEqualTo("PUB chat /room is a command");
	}

	@Test
	void anUnknownOrIncompleteCommandIsNotSent() {
		assertThatIllegalArgumentException().isThrownBy(() -> TypedLine.command("/mgs bob hi", "chat"))
			.withMessageContaining("Unknown command /mgs")
			.withMessageContaining("/msg <name> <text>");
		assertThatIllegalArgumentException().isThrownBy(() -> TypedLine.command("/msg", "chat"))
			.withMessageContaining("/msg <name> <text>");
		assertThatIllegalArgumentException().isThrownBy(() -> TypedLine.command("/room  x", "chat"))
			.withMessageContaining("/room <room> <text>");
	}

}
