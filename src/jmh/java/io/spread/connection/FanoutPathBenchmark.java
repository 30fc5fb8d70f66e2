package io.spread.connection;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.spread.codec.FrameCodec;
import io.spread.codec.Framing;
import io.spread.codec.LineTerminator;
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
 * The hub's per-receiver work for a batch of frames from one sender, without the sockets: encode the batch once,
 * queue that one chunk on every receiver's outbound buffer, and let each receiver's writer copy its queue into the
 * writer's socket buffer. One operation is one delivery, so {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} is the bytes allocated per delivered frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanoutPathBenchmark {

	private static final int RECEIVERS = 100;

	private static final int BATCH = 8;

	@Param({ "64" })
	public int payloadSize;

	private final OutboundBuffer[] receivers = new OutboundBuffer[RECEIVERS];

	private final ByteBuffer socketBuffer = ByteBuffer.allocateDirect(256 * 1024);

	private FrameCodec codec;

	private List<byte[]> batch;

	@Setup
	public void setUp() {
		this.codec = Framing.LINE.codec(64 * 1024, LineTerminator.LF);
		byte[] payload = new byte[this.payloadSize];
		Arrays.fill(payload, (byte) 'x');
		this.batch = Collections.nCopies(BATCH, payload);
		for (int i = 0; i < RECEIVERS; i++) {
			this.receivers[i] = new OutboundBuffer();
		}
	}

	/** A batch of {@value #BATCH} frames to {@value #RECEIVERS} receivers, each receiver's queue written in one go. */
	@Benchmark
	@OperationsPerInvocation(BATCH * RECEIVERS)
	public int broadcastBatch() {
		byte[] encoded = this.codec.encode(this.batch);
		for (OutboundBuffer receiver : this.receivers) {
			receiver.add(encoded, BATCH);
		}
		int completed = 0;
		for (OutboundBuffer receiver : this.receivers) {
			this.socketBuffer.clear();
			receiver.copyTo(this.socketBuffer);
			completed += receiver.consume(this.socketBuffer.position());
		}
		return completed;
	}

}
