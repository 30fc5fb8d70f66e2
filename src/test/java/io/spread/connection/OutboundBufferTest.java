package io.spread.connection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundBufferTest {

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static String copy(OutboundBuffer buffer, int room) {
		ByteBuffer target = ByteBuffer.allocate(room);
		buffer.copyTo(target);
		return new String(target.array(), 0, target.position(), StandardCharsets.US_ASCII);
	}

	@Test
	void copiesQueuedFramesInOrderAndTracksPartialWrites() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(bytes("abc"));
		buffer.add(bytes("de"));
		buffer.add(bytes("fgh"));
		assertThat(buffer.bytes()).isEqualTo(8);

		assertThat(copy(buffer, 4)).isEqualTo("abcd");
		assertThat(buffer.consume(4)).as("frames completed").isEqualTo(1);
		assertThat(copy(buffer, 100)).isEqualTo("efgh");
		assertThat(buffer.consume(1)).isEqualTo(1);
		assertThat(buffer.bytes()).isEqualTo(3);
		assertThat(buffer.consume(3)).isEqualTo(1);
		assertThat(buffer.isEmpty()).isTrue();
	}

	@Test
	void growsAcrossTheRingsWrapAround() {
		OutboundBuffer buffer = new OutboundBuffer();
		for (int i = 0; i < 3; i++) {
			buffer.add(bytes("x" + i));
		}
		buffer.consume(4);
		for (int i = 3; i < 20; i++) {
			buffer.add(bytes("x" + (char) ('a' + i)));
		}
		assertThat(buffer.frames()).isEqualTo(18);
		assertThat(copy(buffer, 6)).isEqualTo("x2xdxe");
	}

	@Test
	void dropsUnstartedFramesButFinishesAPartlyWrittenOne() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(bytes("head"));
		buffer.add(bytes("next"));
		buffer.add(bytes("last"));
		buffer.consume(1);

		assertThat(buffer.dropUnstarted()).isEqualTo(2);
		assertThat(copy(buffer, 100)).isEqualTo("ead");
		assertThat(buffer.bytes()).isEqualTo(3);
	}

	@Test
	void dropsEverythingWhenNothingWasStarted() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(bytes("a"));
		buffer.add(bytes("b"));

		assertThat(buffer.dropUnstarted()).isEqualTo(2);
		assertThat(buffer.isEmpty()).isTrue();
		assertThat(buffer.bytes()).isZero();
	}

}
