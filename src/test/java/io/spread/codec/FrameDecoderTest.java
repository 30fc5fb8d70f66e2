package io.spread.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameDecoderTest {

	private final List<Frame> frames = new ArrayList<>();

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
		for (Frame frame : this.frames) {
			texts.add((frame instanceof Frame.Data data) ? new String(data.payload(), StandardCharsets.ISO_8859_1)
					: frame);
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

	@Test
	void aLongLineInSmallReadsIsAssembledWhole() {
		FrameDecoder decoder = decoder(Framing.LINE, 8 << 20);
		byte[] line = new byte[4 << 20];
		java.util.Arrays.fill(line, (byte) 'z');
		for (int offset = 0; offset < line.length; offset += 256) {
			decoder.decode(line, offset, 256, this.frames);
		}
		decoder.decode(new byte[] { '\r', '\n' }, 0, 2, this.frames);

		assertThat(this.frames).hasSize(1);
		assertThat(((Frame.Data) this.frames.get(0)).payload()).isEqualTo(line);
		assertThat(decoder.retainedBytes()).as("the line's buffer is let go once it is complete").isZero();
	}

	/**
	 * Regression: the newline scan restarted at the start of the partial frame on every read, so a long line in
	 * small reads cost quadratic time (1 MiB in 256-byte reads: 475 ms; this 16 MiB line would take minutes). Each
	 * byte is now looked at once; the bound below is two orders of magnitude above what linear work needs.
	 */
	@Test
	void aLongLineInSmallReadsCostsLinearTime() {
		FrameDecoder decoder = decoder(Framing.LINE, 32 << 20);
		byte[] chunk = new byte[256];
		java.util.Arrays.fill(chunk, (byte) 'z');
		long start = System.nanoTime();
		for (int read = 0; read < (16 << 20) / 256; read++) {
			decoder.decode(chunk, 0, chunk.length, this.frames);
		}
		decoder.decode(new byte[] { '\n' }, 0, 1, this.frames);
		long millis = (System.nanoTime() - start) / 1_000_000;

		assertThat(this.frames).hasSize(1);
		assertThat(millis).isLessThan(5_000);
	}

	@Test
	void holdsNothingBetweenFrames() {
		FrameDecoder decoder = decoder(Framing.LENGTH_PREFIXED, 100_000);
		assertThat(feed(decoder, "\0\0\0\2hi")).containsExactly("hi");
		assertThat(decoder.retainedBytes()).isZero();

		byte[] header = { 0, 1, 0, 0 };
		decoder.decode(header, 0, 4, this.frames);
		decoder.decode(new byte[100], 0, 100, this.frames);
		assertThat(decoder.retainedBytes()).as("grows with the frame, not to its announced size").isLessThan(1024);
	}

	@Test
	void takesTelnetCommandsOutOfLinesEvenAcrossReads() {
		FrameDecoder decoder = Framing.LINE.codec(100, LineTerminator.LF).newClientDecoder(true);

		// negotiation a telnet client sends on connect, a subnegotiation, then a line; IAC IAC is a data byte 255
		assertThat(feed(decoder, "\u00ff\u00fd\u0003\u00ff\u00fb\u0018he", "llo\u00ff", "\u00ff\r\n",
				"\u00ff\u00fa\u0018\u0000VT100\u00ff", "\u00f0ok\n"))
			.containsExactly("hello\u00ff", "ok");
		// a user's Ctrl-C: IAC IP, IAC DO TIMING-MARK, and no line at all
		assertThat(feed(decoder, "\u00ff\u00f4\u00ff\u00fd\u0006")).isEmpty();
		assertThat(decoder.hasPartialFrame()).isFalse();
	}

	@Test
	void leavesByte255AloneWhenNotAskedToStripTelnet() {
		assertThat(feed(decoder(Framing.LINE, 100), "a\u00ff\u00f4b\n")).containsExactly("a\u00ff\u00f4b");
	}

}
