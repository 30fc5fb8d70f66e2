package io.spread.connection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundBufferTest {

	private final MemoryBudget budget = new MemoryBudget(1 << 20);

	/** A chunk queued on one receiver, as the hub's fan-out makes them. */
	private Chunk chunk(String text, int frames) {
		Chunk chunk = this.budget.share(text.getBytes(StandardCharsets.US_ASCII), frames);
		chunk.offered(1);
		return chunk;
	}

	private static String copy(OutboundBuffer buffer, int room) {
		ByteBuffer target = ByteBuffer.allocate(room);
		buffer.copyTo(target);
		return new String(target.array(), 0, target.position(), StandardCharsets.US_ASCII);
	}

	@Test
	void copiesQueuedFramesInOrderAndTracksPartialWrites() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(chunk("abc", 1));
		buffer.add(chunk("de", 1));
		buffer.add(chunk("fgh", 1));
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
			buffer.add(chunk("x" + i, 1));
		}
		buffer.consume(4);
		for (int i = 3; i < 20; i++) {
			buffer.add(chunk("x" + (char) ('a' + i), 1));
		}
		assertThat(buffer.chunks()).isEqualTo(18);
		assertThat(copy(buffer, 6)).isEqualTo("x2xdxe");
	}

	@Test
	void dropsUnstartedFramesButFinishesAPartlyWrittenOne() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(chunk("head", 1));
		buffer.add(chunk("next", 1));
		buffer.add(chunk("last", 1));
		buffer.consume(1);

		assertThat(buffer.dropUnstarted()).isEqualTo(2);
		assertThat(copy(buffer, 100)).isEqualTo("ead");
		assertThat(buffer.bytes()).isEqualTo(3);
	}

	@Test
	void countsTheFramesInEachChunk() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(chunk("a\nb\nc\n", 3));
		buffer.add(chunk("d\n", 1));
		buffer.add(chunk("e\nf\n", 2));

		assertThat(buffer.consume(5)).as("a chunk counts once it is whole").isZero();
		assertThat(buffer.consume(1)).isEqualTo(3);
		assertThat(buffer.dropUnstarted()).isEqualTo(3);
		assertThat(buffer.clear()).isZero();
	}

	@Test
	void dropsEverythingWhenNothingWasStarted() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(chunk("a", 1));
		buffer.add(chunk("b", 1));

		assertThat(buffer.dropUnstarted()).isEqualTo(2);
		assertThat(buffer.isEmpty()).isTrue();
		assertThat(buffer.bytes()).isZero();
	}

	@Test
	void aChunkSharedByReceiversIsCountedOnceAndFreedByTheLast() {
		OutboundBuffer first = new OutboundBuffer();
		OutboundBuffer second = new OutboundBuffer();
		Chunk shared = this.budget.share("abcd".getBytes(StandardCharsets.US_ASCII), 1);
		first.add(shared);
		assertThat(first.consume(4)).as("written before the creator is done offering").isEqualTo(1);
		second.add(shared);
		shared.offered(2);
		assertThat(this.budget.queuedBytes()).isEqualTo(4);

		second.add(chunk("ef", 1));
		assertThat(this.budget.queuedBytes()).isEqualTo(6);
		assertThat(second.dropUnstarted()).isEqualTo(2);
		assertThat(this.budget.queuedBytes()).isZero();
	}

	@Test
	void aChunkNobodyTookIsFreedAtOnce() {
		this.budget.share(new byte[100], 1).offered(0);
		assertThat(this.budget.queuedBytes()).isZero();
	}

	/** Regression: a drop between a copy and its write's consume dropped chunks whose bytes were on the wire. */
	@Test
	void keepsChunksWhoseBytesAreBeingWritten() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(chunk("abc", 1));
		buffer.add(chunk("de", 1));
		buffer.add(chunk("fgh", 1));
		assertThat(copy(buffer, 5)).isEqualTo("abcde");
		// the writer is writing "abcde" outside the lock when the slow-consumer policy drops what is unstarted
		assertThat(buffer.dropUnstarted()).as("only fgh was not copied").isEqualTo(1);
		assertThat(buffer.consume(5)).as("abc and de complete").isEqualTo(2);
		assertThat(buffer.isEmpty()).isTrue();
		assertThat(buffer.bytes()).isZero();
	}

	@Test
	void aPartialWriteOfCopiedChunksKeepsTheStreamWhole() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(chunk("abc", 1));
		buffer.add(chunk("de", 1));
		buffer.add(chunk("fgh", 1));
		copy(buffer, 100);
		buffer.dropUnstarted();
		assertThat(buffer.consume(4)).isEqualTo(1);
		// after the consume, "de" is started (one byte written) and "fgh" was kept: nothing more may be cut
		assertThat(buffer.dropUnstarted()).isEqualTo(1);
		assertThat(copy(buffer, 100)).isEqualTo("e");
	}

	/** Regression: a close that cleared the buffer while a write was in flight made the consume fail. */
	@Test
	void consumeAfterClearIsHarmless() {
		OutboundBuffer buffer = new OutboundBuffer();
		buffer.add(chunk("abc", 1));
		copy(buffer, 100);
		assertThat(buffer.clear()).isEqualTo(1);
		assertThat(buffer.consume(3)).isZero();
		assertThat(buffer.bytes()).isZero();
		assertThat(this.budget.queuedBytes()).isZero();
	}

}
