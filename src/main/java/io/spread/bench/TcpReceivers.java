package io.spread.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

import io.spread.codec.Framing;

/** Receivers on TCP connections (plain or TLS), all read by one {@link ReceiveLoop}. */
final class TcpReceivers implements RelayReceivers {

	private final InetSocketAddress hub;

	private final BenchTls tls;

	private final ReceiveLoop loop;

	TcpReceivers(InetSocketAddress hub, BenchTls tls, Framing framing, int senders, ReceiveStats stats) {
		this.hub = hub;
		this.tls = tls;
		this.loop = new ReceiveLoop(framing, senders, stats);
	}

	@Override
	public void connect(int count) {
		for (int i = 0; i < count; i++) {
			SocketChannel channel = LoadTool.openChannel(this.hub);
			try {
				this.loop.add(channel, this.tls.open(channel, this.hub));
			}
			catch (IOException ex) {
				close(channel, ex);
				throw new UncheckedIOException("bench: no TLS session with " + this.hub, ex);
			}
		}
	}

	private static void close(SocketChannel channel, IOException failure) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			failure.addSuppressed(ex);
		}
	}

	@Override
	public String target() {
		return this.hub.getHostString() + ":" + this.hub.getPort();
	}

	@Override
	public void close() {
		this.loop.close();
	}

}
