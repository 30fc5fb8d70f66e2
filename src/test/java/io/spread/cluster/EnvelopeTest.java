package io.spread.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Envelopes as published on Redis. Regression: {@link Envelope#decode} trusted the lengths inside a message, so a
 * malformed one could allocate arrays as large as its lengths said (an OutOfMemoryError, which no caller catches),
 * and was otherwise rejected naming only the exception a ByteBuffer threw. Every malformed envelope now fails with an
 * IllegalArgumentException that says what is wrong.
 */
class EnvelopeTest {

	private static final Envelope SAMPLE = new Envelope("replica-ä", "c7",
			List.of(bytes("hello"), new byte[0], new byte[] { 0, (byte) 0xFF, '\n' }));

	@Test
	void roundTripsOriginAndPayloads() {
		Envelope decoded = Envelope.decode(SAMPLE.encode());

		assertThat(decoded.originReplica()).isEqualTo("replica-ä");
		assertThat(decoded.originConnection()).isEqualTo("c7");
		assertThat(decoded.payloads()).containsExactlyElementsOf(SAMPLE.payloads());
	}

	@Test
	void roundTripsAnEnvelopeWithoutPayloads() {
		Envelope decoded = Envelope.decode(new Envelope("", "", List.of()).encode());

		assertThat(decoded.originReplica()).isEmpty();
		assertThat(decoded.payloads()).isEmpty();
	}

	@Test
	void rejectsAnEnvelopeTruncatedAtEveryByte() {
		byte[] whole = SAMPLE.encode();
		for (int length = 0; length < whole.length; length++) {
			byte[] truncated = Arrays.copyOf(whole, length);
			rejects(truncated).withMessageContaining("bytes");
		}
	}

	@Test
	void rejectsBytesAfterTheLastPayload() {
		byte[] whole = SAMPLE.encode();

		rejects(Arrays.copyOf(whole, whole.length + 1)).withMessageContaining("after the last payload");
	}

	@Test
	void rejectsAnUnknownVersion() {
		byte[] whole = SAMPLE.encode();
		whole[0] = 2;

		rejects(whole).withMessageContaining("version 2");
	}

	@Test
	void rejectsStringLengthsPastTheEnd() {
		rejects(envelope(1).putShort((short) 0xFFFF).put(bytes("abc"))).withMessageContaining("origin replica");
		rejects(envelope(1).putShort((short) 1).put((byte) 'a').putShort((short) 9).put(bytes("c1")))
			.withMessageContaining("origin connection");
	}

	@Test
	void rejectsPayloadLengthsPastTheEnd() {
		rejects(origin().putInt(1).putInt(4).put(bytes("abc"))).withMessageContaining("payload 1 of 1");
		rejects(origin().putInt(2).putInt(0).putInt(Integer.MAX_VALUE)).withMessageContaining("payload 2 of 2");
	}

	@Test
	void rejectsNegativeLengthsAndCounts() {
		rejects(origin().putInt(1).putInt(-1)).withMessageContaining("-1");
		rejects(origin().putInt(1).putInt(Integer.MIN_VALUE)).withMessageContaining("-2147483648");
		rejects(origin().putInt(-1).putInt(0)).withMessageContaining("payload count -1");
	}

	@Test
	void rejectsHugeCountsWithoutAllocatingForThem() {
		rejects(origin().putInt(Integer.MAX_VALUE)).withMessageContaining("payload count 2147483647");
		rejects(origin().putInt(Integer.MAX_VALUE).putInt(0).putInt(0)).withMessageContaining("payload count");
		rejects(origin().putInt(3).putInt(0).putInt(0)).withMessageContaining("payload count 3");
	}

	@Test
	void rejectsHugePayloadLengthsWithoutAllocatingForThem() {
		rejects(origin().putInt(1).putInt(Integer.MAX_VALUE - 8)).withMessageContaining("payload 1 of 1");
		rejects(origin().putInt(2).putInt(1).put((byte) 'x').putInt(Integer.MAX_VALUE - 8))
			.withMessageContaining("payload 2 of 2");
	}

	@Test
	void rejectsAnEmptyMessage() {
		rejects(new byte[0]).withMessageContaining("version");
	}

	/** Random damage to a valid envelope: it decodes to something, or is rejected as junk; nothing else. */
	@Test
	void randomDamageIsDecodedOrRejectedNeverAnythingElse() {
		Random random = new Random(42);
		byte[] whole = SAMPLE.encode();
		for (int round = 0; round < 20_000; round++) {
			byte[] damaged = Arrays.copyOf(whole, random.nextInt(whole.length + 8));
			for (int hits = 1 + random.nextInt(4); hits > 0 && damaged.length > 0; hits--) {
				damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
			}
			try {
				Envelope.decode(damaged);
			}
			catch (IllegalArgumentException ex) {
				assertThat(ex).hasMessageStartingWith("Not a Spread envelope: ").hasNoCause();
			}
		}
	}

	private static ThrowableAssertAlternative<IllegalArgumentException> rejects(ByteBuffer written) {
		return rejects(Arrays.copyOf(written.array(), written.position()));
	}

	private static ThrowableAssertAlternative<IllegalArgumentException> rejects(byte[] message) {
		return assertThatIllegalArgumentException().isThrownBy(() -> Envelope.decode(message))
			.withMessageStartingWith("Not a Spread envelope: ")
			.withNoCause();
	}

	/** A buffer to write a message into, its version byte written. */
	private static ByteBuffer envelope(int version) {
		return ByteBuffer.allocate(64).put((byte) version);
	}

	/** A message written up to its payload count: version 1, origin replica "a", origin connection "c1". */
	private static ByteBuffer origin() {
		return envelope(1).putShort((short) 1).put((byte) 'a').putShort((short) 2).put(bytes("c1"));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
