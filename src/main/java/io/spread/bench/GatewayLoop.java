package io.spread.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads gateway clients on one thread with one selector, as {@link ReceiveLoop} does for relay receivers: each
 * client's bytes are cut into frames and handed to its {@link GatewayMember}. Publishers write to their channels from
 * other threads meanwhile (a channel may be read and written by different threads).
 */
final class GatewayLoop implements Closeable {

	private final Selector selector;

	private final Queue<Joining> joining = new ConcurrentLinkedQueue<>();

	private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);

	private final Thread thread;

	private volatile boolean running = true;

	GatewayLoop(int number) {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.thread = new Thread(this::run, "bench-gateway-receive-" + number);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Hands a connected, non-blocking channel to the loop, which reads it for {@code member} from now on. */
	void add(SocketChannel channel, GatewayMember member) {
		this.joining.add(new Joining(channel, member));
		this.selector.wakeup();
	}

	private void run() {
		while (this.running) {
			try {
				this.selector.select(100);
				Joining next;
				while ((next = this.joining.poll()) != null) {
					next.channel().register(this.selector, SelectionKey.OP_READ, next.member());
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					read(key);
				}
				this.selector.selectedKeys().clear();
			}
			catch (IOException | RuntimeException ex) {
				if (this.running) {
					System.err.println("bench: gateway receive loop error: " + ex);
				}
			}
		}
	}

	private void read(SelectionKey key) {
		GatewayMember member = (GatewayMember) key.attachment();
		SocketChannel channel = (SocketChannel) key.channel();
		try {
			int n;
			while ((n = channel.read(this.readBuffer.clear())) > 0) {
				member.scanner.feed(this.readBuffer.array(), 0, n, member);
			}
			if (n < 0) {
				hungUp(key, ReceiveStats.EOF);
			}
		}
		catch (IOException ex) {
			hungUp(key, ReceiveStats.RESET);
		}
	}

	/** The hub ended the connection; the tool closes its clients only once the run is over, in {@link #close}. */
	private void hungUp(SelectionKey key, String withoutNotice) {
		key.cancel();
		((GatewayMember) key.attachment()).disconnected(withoutNotice);
		try {
			key.channel().close();
		}
		catch (IOException ex) {
			// already gone
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.selector.wakeup();
		try {
			this.thread.join(2000);
			for (SelectionKey key : this.selector.keys()) {
				key.channel().close();
			}
			Joining left;
			while ((left = this.joining.poll()) != null) {
				left.channel().close();
			}
			this.selector.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Joining(SocketChannel channel, GatewayMember member) {
	}

}
