package io.spread.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameDecoderTest {

	private final List<Object> frames = new ArrayList<>();

	private static FrameDecoder decoder(Framing framing, int maxFrameSize) {
		return framing.codec(maxFrameSize, LineTerminator.LF).newDecoder();
	}

	/** Feeds each chunk as one socket read; returns the frames completed, as text or the oversized marker. */
	private List<Object> feed(FrameDecoder decoder, String... chunks) {
		this.frames.clear();
		for (String chunk : chunks) {
			decoder.decode(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.ISO_8859_1)), this.frames);
		}
		List<Object> texts = new ArrayList<>();
		for (Object frame : this.frames) {
			texts.add((frame instanceof byte[] bytes) ? new String(bytes, StandardCharsets.ISO_8859_1) : frame);
		}
		return texts;
	}

	@Test
	void emitsEveryCompleteLineAndKeepsThePartOfTheNext() {
		FrameDecoder decoder = decoder(Framing.LINE, 100);

		assertThat(feed(decoder, "one\r\ntwo\n\nthr")).containsExactly("one", "two", "");
		assertThat(decoder.hasPartialFrame()).isTrue();
		assertThat(feed(decoder, "ee\n")).containsExactly("three");
		assertThat(decoder.hasPartialFrame()).isFalse();
	}

	@Test
	void assemblesALineFedOneByteAtATime() {
		assertThat(feed(decoder(Framing.LINE, 100), "hello\r\n".split(""))).containsExactly("hello");
	}

	@Test
	void skipsAnOversizedLineAcrossReadsAndGoesOn() {
		FrameDecoder decoder = decoder(Framing.LINE, 4);

		assertThat(feed(decoder, "ok\n1234", "567", "89\nfine\n")).containsExactly("ok", new OversizedFrame(4, false),
				"fine");
	}

	@Test
	void acceptsALineOfExactlyTheLimitWithACarriageReturn() {
		assertThat(feed(decoder(Framing.LINE, 4), "1234\r", "\n")).containsExactly("1234");
	}

	@Test
	void readsLengthPrefixedFramesSplitAnywhere() {
		FrameDecoder decoder = decoder(Framing.LENGTH_PREFIXED, 100);

		assertThat(feed(decoder, "\0\0", "\0\3ab", "c\0\0\0\0\0\0\0\2x")).containsExactly("abc", "");
		assertThat(feed(decoder, "y")).containsExactly("xy");
	}

	@Test
	void stopsTrustingALengthPrefixedStreamAfterABadHeader() {
		FrameDecoder decoder = decoder(Framing.LENGTH_PREFIXED, 100);

		assertThat(feed(decoder, "\0\0\0\1a\u00ff\u00ff\u00ff\u00ff\0\0\0\1b")).containsExactly("a",
				new OversizedFrame(100, true));
		assertThat(feed(decoder, "\0\0\0\1c")).isEmpty();
	}

	@Test
	void cutsRawReadsAtTheLimit() {
		assertThat(feed(decoder(Framing.RAW, 3), "abcdefg", "h")).containsExactly("abc", "def", "g", "h");
	}

}
