package io.spread.seeds;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Frame;
import io.spread.codec.FrameBatch;

/**
 * The echo server's transformer: what a client sent, byte for byte, as the reply. The listener reads in {@code raw}
 * framing, so each chunk is taken as it came (no terminator looked for, no telnet command taken out); the chunks of
 * one read go back in one queued write, and the order of the stream is kept because a connection is read by one
 * thread at a time.
 */
public class EchoService {

	private final Counter bytes;

	public EchoService(MeterRegistry meters) {
		this.bytes = Counter.builder("spread.echo.bytes")
			.description("Bytes the echo server read and queued back to their senders")
			.baseUnit("bytes")
			.register(meters);
	}

	/** The reply to one read: the same chunks. */
	public List<byte[]> echo(FrameBatch batch) {
		List<byte[]> chunks = new ArrayList<>(batch.frames().size());
		long total = 0;
		for (Frame frame : batch.frames()) {
			// raw framing never reports a frame as oversized: a read longer than the frame limit is cut in chunks
			byte[] chunk = ((Frame.Data) frame).payload();
			chunks.add(chunk);
			total += chunk.length;
		}
		this.bytes.increment(total);
		return chunks;
	}

}
