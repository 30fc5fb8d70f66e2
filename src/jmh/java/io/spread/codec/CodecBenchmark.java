package io.spread.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames per second each framing decodes and encodes, for 64-byte and 4 KiB payloads, without the socket:
 * {@code decodeBatch} is the hub's path ({@link FrameDecoder} fed one 256-frame read), {@code decode} the
 * stateless Spring Integration deserializer the client uses, one frame per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

	private static final int FRAMES_PER_STREAM = 256;

	@Param({ "line", "length-prefixed", "raw" })
	public String framing;

	@Param({ "64", "4096" })
	public int payloadSize;

	private FrameCodec codec;

	private byte[] payload;

	private ByteArrayInputStream stream;

	private int framesLeft;

	private FrameDecoder decoder;

	private ByteBuffer read;

	private final List<Object> decoded = new ArrayList<>(FRAMES_PER_STREAM);

	@Setup
	public void setUp() throws IOException {
		Framing chosen = Framing.valueOf(this.framing.toUpperCase().replace('-', '_'));
		this.codec = chosen.codec(64 * 1024, LineTerminator.LF);
		this.payload = new byte[this.payloadSize];
		Arrays.fill(this.payload, (byte) 'x');
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		for (int i = 0; i < FRAMES_PER_STREAM; i++) {
			// a raw "frame" is whatever one read returns: here, one payload's worth at a time
			wire.writeBytes(this.codec.encode(this.payload));
		}
		this.stream = new ByteArrayInputStream(wire.toByteArray());
		this.decoder = this.codec.newDecoder();
		this.read = ByteBuffer.wrap(wire.toByteArray());
		this.framesLeft = FRAMES_PER_STREAM;
		if (chosen == Framing.RAW) {
			this.stream = new ChunkedStream(wire.toByteArray(), this.payloadSize);
		}
	}

	@Benchmark
	public Object decode() throws IOException {
		if (this.framesLeft-- == 0) {
			this.stream.reset();
			this.framesLeft = FRAMES_PER_STREAM - 1;
		}
		return this.codec.deserialize(this.stream);
	}

	@Benchmark
	@OperationsPerInvocation(FRAMES_PER_STREAM)
	public List<Object> decodeBatch() {
		this.decoded.clear();
		this.decoder.decode(this.read.rewind(), this.decoded);
		return this.decoded;
	}

	@Benchmark
	public byte[] encode() {
		return this.codec.encode(this.payload);
	}

	/** Hands out at most one chunk per read, as a socket read of one frame would. */
	static final class ChunkedStream extends ByteArrayInputStream {

		private final int chunk;

		private int chunkEnd;

		ChunkedStream(byte[] bytes, int chunk) {
			super(bytes);
			this.chunk = chunk;
		}

		@Override
		public synchronized int read() {
			if (this.pos >= this.chunkEnd) {
				this.chunkEnd = this.pos + this.chunk;
			}
			return super.read();
		}

		@Override
		public synchronized int available() {
			return Math.max(0, Math.min(this.chunkEnd, this.count) - this.pos);
		}

		@Override
		public synchronized void reset() {
			super.reset();
			this.chunkEnd = 0;
		}

	}

}
