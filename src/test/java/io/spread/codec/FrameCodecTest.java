package io.spread.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.integration.ip.tcp.serializer.TcpDeserializationExceptionEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FrameCodecTest {

	private static byte[] payload(Frame frame) {
		return ((Frame.Data) frame).payload();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(bytes(text));
	}

	@Test
	void lineReadsFramesStripsCarriageReturnAndEndsCleanlyBetweenFrames() throws Exception {
		FrameCodec codec = Framing.LINE.codec(100, LineTerminator.LF);
		InputStream in = stream("one\r\ntwo\n\nthree\r\r\n");

		assertThat(payload(codec.deserialize(in))).isEqualTo(bytes("one"));
		assertThat(payload(codec.deserialize(in))).isEqualTo(bytes("two"));
		assertThat(payload(codec.deserialize(in))).isEmpty();
		assertThat(payload(codec.deserialize(in))).isEqualTo(bytes("three\r"));
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> codec.deserialize(in))
			.withMessageContaining("between frames");
	}

	@Test
	void lineDiscardsAPartialFrameAtEndOfStream() {
		FrameCodec codec = Framing.LINE.codec(100, LineTerminator.LF);
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> codec.deserialize(stream("abc")))
			.withMessageContaining("inside a frame");
	}

	@Test
	void lineReadsLongFramesWholeAcrossScratchGrowth() throws Exception {
		FrameCodec codec = Framing.LINE.codec(64 * 1024, LineTerminator.LF);
		String longLine = "0123456789".repeat(6000);

		assertThat(payload(codec.deserialize(stream(longLine + "\r\n")))).isEqualTo(bytes(longLine));
	}

	@Test
	void lineSkipsAnOversizedFrameAndReadsTheNextOne() throws Exception {
		FrameCodec codec = Framing.LINE.codec(8, LineTerminator.LF);
		List<Object> events = new ArrayList<>();
		codec.setApplicationEventPublisher(events::add);
		InputStream in = stream("123456789\n12345678\r\n");

		assertThat(codec.deserialize(in)).isEqualTo(new OversizedFrame(8, false));
		assertThat(payload(codec.deserialize(in))).isEqualTo(bytes("12345678"));
		assertThat(events).singleElement().isInstanceOf(TcpDeserializationExceptionEvent.class);
	}

	@Test
	void lineEncodesWithTheConfiguredTerminator() {
		assertThat(Framing.LINE.codec(8, LineTerminator.CRLF).encode(bytes("hi"))).isEqualTo(bytes("hi\r\n"));
		assertThat(Framing.LINE.codec(8, LineTerminator.LF).encodeNotice("hi")).isEqualTo(bytes("hi\n"));
	}

	@Test
	void lengthPrefixedRoundTripsEveryByteValueAndEmptyFrames() throws Exception {
		FrameCodec codec = Framing.LENGTH_PREFIXED.codec(1024, LineTerminator.LF);
		byte[] everyByte = new byte[256];
		for (int b = 0; b < 256; b++) {
			everyByte[b] = (byte) b;
		}
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		codec.serialize(everyByte, wire);
		codec.serialize(new byte[0], wire);
		codec.serialize("text", wire);
		InputStream in = new ByteArrayInputStream(wire.toByteArray());

		assertThat(payload(codec.deserialize(in))).isEqualTo(everyByte);
		assertThat(payload(codec.deserialize(in))).isEmpty();
		assertThat(payload(codec.deserialize(in))).isEqualTo(bytes("text"));
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> codec.deserialize(in));
	}

	@Test
	void lengthPrefixedReadsALengthAboveTheLimitAsAnUnusableStream() throws Exception {
		FrameCodec codec = Framing.LENGTH_PREFIXED.codec(1024, LineTerminator.LF);
		byte[] hugeHeader = { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF };

		assertThat(codec.deserialize(new ByteArrayInputStream(hugeHeader))).isEqualTo(new OversizedFrame(1024, true));
	}

	@Test
	void lengthPrefixedDiscardsATruncatedFrame() {
		FrameCodec codec = Framing.LENGTH_PREFIXED.codec(1024, LineTerminator.LF);
		byte[] truncated = { 0, 0, 0, 5, 'a', 'b' };

		assertThatExceptionOfType(SoftEndOfStreamException.class)
			.isThrownBy(() -> codec.deserialize(new ByteArrayInputStream(truncated)))
			.withMessageContaining("inside a frame");
	}

	@Test
	void rawReadsWhatIsAvailableUpToTheLimitAndSendsNoticesAsLines() throws Exception {
		FrameCodec codec = Framing.RAW.codec(4, LineTerminator.CRLF);
		InputStream in = stream("abcdef");

		assertThat(payload(codec.deserialize(in))).isEqualTo(bytes("abcd"));
		assertThat(payload(codec.deserialize(in))).isEqualTo(bytes("ef"));
		assertThat(codec.encode(bytes("x\n"))).isEqualTo(bytes("x\n"));
		assertThat(codec.encodeNotice("ERR x")).isEqualTo(bytes("ERR x\r\n"));
	}

}
