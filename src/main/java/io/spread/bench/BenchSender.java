package io.spread.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

import io.spread.codec.Framing;
import io.spread.connection.Transport;

/**
 * One sending connection. It writes with blocking writes on its own thread; a second thread reads and discards
 * what the hub relays to it (other senders' frames), so that the hub never sees it as a slow consumer.
 */
final class BenchSender implements Closeable {

	private static final int WRITE_BUFFER = 64 * 1024;

	private final SocketChannel channel;

	/** How its bytes meet the socket: plain or TLS (blocking either way). */
	private final Transport transport;

	private final int id;

	private final Framing framing;

	private final ByteBuffer out = ByteBuffer.allocate(WRITE_BUFFER);

	/** Sequence numbers go on across calls, so receivers can check order over warm-up and measurement. */
	private long nextSequence;

	BenchSender(InetSocketAddress hub, int id, Framing framing, BenchTls tls) {
		try {
			this.channel = LoadTool.connect(hub);
			this.channel.socket().setTcpNoDelay(true);
			this.transport = tls.open(this.channel, hub).transport();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("bench: cannot connect to " + hub, ex);
		}
		this.id = id;
		this.framing = framing;
		Thread drain = new Thread(this::drain, "bench-sender-drain-" + id);
		drain.setDaemon(true);
		drain.start();
	}

	void sendProbe() {
		this.out.clear();
		BenchFrame.putProbe(this.out, this.framing);
		write();
	}

	/**
	 * Sends {@code count} data frames, {@code framesPerWrite} per write (0: as many as fit). With a positive
	 * {@code intervalNanos} each frame is written on its own at that pace, stopping at {@code deadlineNanos}.
	 * @return frames sent
	 */
	long send(long count, int payloadSize, int framesPerWrite, long intervalNanos, long deadlineNanos) {
		int wireSize = BenchFrame.wireSize(this.framing, payloadSize);
		int perWrite = (intervalNanos > 0) ? 1
				: (framesPerWrite > 0) ? framesPerWrite : Math.max(1, WRITE_BUFFER / wireSize);
		ByteBuffer buffer = (wireSize * perWrite > WRITE_BUFFER) ? ByteBuffer.allocate(wireSize * perWrite) : this.out;
		long start = System.nanoTime();
		long sent = 0;
		while (sent < count && System.nanoTime() < deadlineNanos) {
			if (intervalNanos > 0) {
				long due = start + sent * intervalNanos;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
			}
			buffer.clear();
			long now = System.nanoTime();
			for (int i = 0; i < perWrite && sent < count; i++, sent++) {
				BenchFrame.putData(buffer, this.framing, payloadSize, this.id, this.nextSequence++, now);
			}
			write(buffer);
		}
		return sent;
	}

	private void write() {
		write(this.out);
	}

	private void write(ByteBuffer buffer) {
		buffer.flip();
		try {
			while (buffer.hasRemaining()) {
				this.transport.write(buffer);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("bench: sender " + this.id + " lost its connection", ex);
		}
	}

	private void drain() {
		ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
		try {
			while (this.transport.read(sink.clear()) >= 0) {
				// discard
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	@Override
	public void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
