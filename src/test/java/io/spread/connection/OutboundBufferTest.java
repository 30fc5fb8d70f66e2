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
		buffer.add(bytes("abc"), 1);
		buffer.add(bytes("de"), 1);
		buffer.add(bytes("fgh"), 1);
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
			buffer.add(bytes("x" + i), 1);
		}
		buffer.consume(4);
		for (int i = 3; i < 20; i++) {
			buffer.add(bytes("x" + (char) ('a' + i)), 1);
		}
		assertThat(buffer.chunks()).isEqualTo(18);
		assertThat(copy(buffer, 6)).isEqualTo("x2xdxe");
	}

	@Test
	void dropsUnstartedFramesButFinishesAPartlyWrittenOne() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(bytes("head"), 1);
		buffer.add(bytes("next"), 1);
		buffer.add(bytes("last"), 1);
		buffer.consume(1);

		assertThat(buffer.dropUnstarted()).isEqualTo(2);
		assertThat(copy(buffer, 100)).isEqualTo("ead");
		assertThat(buffer.bytes()).isEqualTo(3);
	}

	@Test
	void countsTheFramesInEachChunk() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(bytes("a\nb\nc\n"), 3);
		buffer.add(bytes("d\n"), 1);
		buffer.add(bytes("e\nf\n"), 2);

		assertThat(buffer.consume(5)).as("a chunk counts once it is whole").isZero();
		assertThat(buffer.consume(1)).isEqualTo(3);
		assertThat(buffer.dropUnstarted()).isEqualTo(3);
		assertThat(buffer.clear()).isZero();
	}

	@Test
	void dropsEverythingWhenNothingWasStarted() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(bytes("a"), 1);
		buffer.add(bytes("b"), 1);

		assertThat(buffer.dropUnstarted()).isEqualTo(2);
		assertThat(buffer.isEmpty()).isTrue();
		assertThat(buffer.bytes()).isZero();
	}

}
