package io.spread.bench;

import java.io.Closeable;
import java.nio.channels.SocketChannel;

import io.spread.codec.Framing;

/**
 * The load tool's receiving side over TCP: one {@link SelectLoop} reads every receiving connection, cuts its bytes
 * into frames and hands them to the connection's {@link RelayReceiver}.
 */
final class ReceiveLoop implements Closeable {

	private final SelectLoop loop = new SelectLoop("bench-receive");

	private final Framing framing;

	private final int senders;

	private final ReceiveStats stats;

	ReceiveLoop(Framing framing, int senders, ReceiveStats stats) {
		this.framing = framing;
		this.senders = senders;
		this.stats = stats;
	}

	/** Hands a connected channel to the loop, which reads it from now on. */
	void add(SocketChannel channel) {
		this.loop.add(channel, reader());
	}

	/** Hands a connection to the loop, which reads it through its transport (TLS) from now on. */
	void add(SocketChannel channel, BenchTls.Connected connected) {
		this.loop.add(channel, connected.transport(), connected.early(), reader());
	}

	private Reader reader() {
		return new Reader(new FrameScanner(this.framing), new RelayReceiver(this.senders, this.stats));
	}

	@Override
	public void close() {
		this.loop.close();
	}

	/** One receiving connection: its frames cut by its scanner, read by its receiver; used only on the loop thread. */
	private record Reader(FrameScanner scanner, RelayReceiver receiver) implements SelectLoop.Reader {

		@Override
		public void frame(byte[] bytes, int offset, int length) {
			this.receiver.frame(bytes, offset, length);
		}

		@Override
		public void hungUp(String withoutNotice) {
			this.receiver.hungUp(withoutNotice);
		}

	}

}
