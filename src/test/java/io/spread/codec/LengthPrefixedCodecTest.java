package io.spread.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.integration.ip.tcp.serializer.TcpDeserializationExceptionEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Client mode's length-prefixed reads ({@link LengthPrefixedCodec#deserialize}): a frame from the hub over the
 * client's max-frame-size is skipped and the frames after it are read as they were sent. Regression: the payload of
 * such a frame was left in the stream and read as the next frames.
 */
class LengthPrefixedCodecTest {

	private static final int LIMIT = 16;

	/** Frames that a stream read from the middle of an oversized payload would turn into. */
	private static final byte[] LOOKS_LIKE_FRAMES = { 0, 0, 0, 3, 'b', 'a', 'd' };

	/** What a client reads from {@link #wire()}: each frame as text, or the oversized marker, then the end. */
	private static final Object[] SENT = { "before", new OversizedFrame(LIMIT, false), "",
			new OversizedFrame(LIMIT, false), "exactly 16 bytes", "end between frames" };

	private final FrameCodec codec = Framing.LENGTH_PREFIXED.codec(LIMIT, LineTerminator.LF);

	private final List<Object> events = new ArrayList<>();

	LengthPrefixedCodecTest() {
		this.codec.setApplicationEventPublisher(this.events::add);
	}

	@ParameterizedTest(name = "{0} bytes a read")
	@ValueSource(ints = { 1, 2, 3, 5, 7, 13, 64, 8192 })
	void skipsOversizedFramesAndReadsTheNextOnesHoweverTheStreamIsSplit(int chunk) throws IOException {
		InputStream in = new ChunkedStream(wire(), chunk);

		assertThat(readAll(in)).containsExactly(SENT);
		assertThat(this.events).hasSize(2).allMatch(TcpDeserializationExceptionEvent.class::isInstance);
	}

	@Test
	void skipsAnOversizedFrameReadFromASocket() throws Exception {
		byte[] wire = wire();
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> sendInPieces(server, wire));
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
				assertThat(readAll(socket.getInputStream())).containsExactly(SENT);
			}
			sent.get(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void skipsTheLargestFrameAHubSendsInSmallReads() throws IOException {
		long largest = 256L * 1024 * 1024;
		ChunkedStream in = new ChunkedStream(header(largest), largest, frame("next"), Integer.MAX_VALUE);

		assertThat(this.codec.deserialize(in)).isEqualTo(new OversizedFrame(LIMIT, false));
		assertThat(text(this.codec.deserialize(in))).isEqualTo("next");
		assertThat(in.largestRead).isLessThanOrEqualTo(64 * 1024);
	}

	@Test
	void aLengthNoHubSendsLeavesTheStreamUnusableAndIsNotSkipped() throws IOException {
		ChunkedStream in = new ChunkedStream(header(256L * 1024 * 1024 + 1), 0, frame("rest"), 1);

		assertThat(this.codec.deserialize(in)).isEqualTo(new OversizedFrame(LIMIT, true));
		assertThat(in.position).isEqualTo(LengthPrefixedCodec.HEADER_SIZE);
	}

	@Test
	void aStreamThatEndsInsideAnOversizedPayloadEndsInsideAFrame() {
		byte[] truncated = Arrays.copyOf(header(LIMIT + 10), LengthPrefixedCodec.HEADER_SIZE + 5);

		assertThatExceptionOfType(SoftEndOfStreamException.class)
			.isThrownBy(() -> this.codec.deserialize(new ChunkedStream(truncated, 2)))
			.withMessageContaining("inside a frame");
	}

	@Test
	void aStreamThatEndsInsideAHeaderEndsInsideAFrame() {
		assertThatExceptionOfType(SoftEndOfStreamException.class)
			.isThrownBy(() -> this.codec.deserialize(new ChunkedStream(new byte[] { 0, 0, 1 }, 1)))
			.withMessageContaining("inside a frame");
		assertThatExceptionOfType(SoftEndOfStreamException.class)
			.isThrownBy(() -> this.codec.deserialize(new ChunkedStream(new byte[0], 1)))
			.withMessageContaining("between frames");
	}

	/** A frame, an oversized one, an empty one, one just over the limit, one of exactly the limit. */
	private static byte[] wire() {
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		wire.writeBytes(frame("before"));
		byte[] oversized = new byte[LOOKS_LIKE_FRAMES.length * 700];
		for (int i = 0; i < oversized.length; i++) {
			oversized[i] = LOOKS_LIKE_FRAMES[i % LOOKS_LIKE_FRAMES.length];
		}
		wire.writeBytes(frame(oversized));
		wire.writeBytes(frame(new byte[0]));
		wire.writeBytes(frame(Arrays.copyOf(LOOKS_LIKE_FRAMES, LIMIT + 1)));
		wire.writeBytes(frame("exactly 16 bytes"));
		return wire.toByteArray();
	}

	/** Frames read until the stream ends (at most a dozen): text, the oversized marker, then how it ended. */
	private List<Object> readAll(InputStream in) throws IOException {
		List<Object> read = new ArrayList<>();
		while (read.size() < 12) {
			try {
				Frame frame = this.codec.deserialize(in);
				read.add((frame instanceof Frame.Data) ? text(frame) : frame);
			}
			catch (SoftEndOfStreamException ex) {
				read.add(ex.getMessage().contains("between frames") ? "end between frames" : "end inside a frame");
				break;
			}
		}
		return read;
	}

	private static void sendInPieces(ServerSocket server, byte[] wire) {
		try (Socket socket = server.accept()) {
			socket.setTcpNoDelay(true);
			OutputStream out = socket.getOutputStream();
			for (int from = 0, piece = 1; from < wire.length; from += piece, piece = piece % 7 + 1) {
				out.write(wire, from, Math.min(piece, wire.length - from));
				out.flush();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] frame(String text) {
		return frame(text.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] frame(byte[] payload) {
		return ByteBuffer.allocate(LengthPrefixedCodec.HEADER_SIZE + payload.length)
			.putInt(payload.length)
			.put(payload)
			.array();
	}

	private static byte[] header(long length) {
		return ByteBuffer.allocate(LengthPrefixedCodec.HEADER_SIZE).putInt((int) length).array();
	}

	private static String text(Frame frame) {
		assertThat(frame).isInstanceOf(Frame.Data.class);
		return new String(((Frame.Data) frame).payload(), StandardCharsets.UTF_8);
	}

	/**
	 * A stream of some bytes, then a run of zeros that is counted but never held, then more bytes, handed out at
	 * most {@code chunk} bytes a read, as a socket may.
	 */
	private static final class ChunkedStream extends InputStream {

		private final byte[] head;

		private final long zeros;

		private final byte[] tail;

		private final int chunk;

		long position;

		/** The most bytes one read asked for. */
		int largestRead;

		ChunkedStream(byte[] bytes, int chunk) {
			this(bytes, 0, new byte[0], chunk);
		}

		ChunkedStream(byte[] head, long zeros, byte[] tail, int chunk) {
			this.head = head;
			this.zeros = zeros;
			this.tail = tail;
			this.chunk = chunk;
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) {
			this.largestRead = Math.max(this.largestRead, length);
			long size = this.head.length + this.zeros + this.tail.length;
			if (length == 0) {
				return 0;
			}
			if (this.position >= size) {
				return -1;
			}
			int count = (int) Math.min(Math.min(length, this.chunk), size - this.position);
			for (int i = 0; i < count; i++) {
				bytes[offset + i] = byteAt(this.position + i);
			}
			this.position += count;
			return count;
		}

		private byte byteAt(long index) {
			if (index < this.head.length) {
				return this.head[(int) index];
			}
			long inTail = index - this.head.length - this.zeros;
			return (inTail < 0) ? 0 : this.tail[(int) inTail];
		}

	}

}
