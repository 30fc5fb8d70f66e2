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

import io.spread.connection.Transport;

/**
 * One thread and one selector that read many of the load tool's connections, so that thousands of them cost no
 * threads and the tool is not what limits the measurement. Each connection's bytes are cut into frames by its
 * {@link Reader}'s scanner and handed to the reader; when the hub ends a connection, the reader is told. Other
 * threads may write to the channels meanwhile.
 */
final class SelectLoop implements Closeable {

	/** A connection's receiving side; used only on the loop's thread. */
	interface Reader extends FrameScanner.Sink {

		FrameScanner scanner();

		/** The hub ended the connection; {@code withoutNotice} says how, if no notice said why. */
		void hungUp(String withoutNotice);

	}

	private final Selector selector;

	private final Queue<Joining> joining = new ConcurrentLinkedQueue<>();

	private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);

	private final Thread thread;

	private volatile boolean running = true;

	SelectLoop(String threadName) {
		try {
			this.selector = Selector.open();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.thread = new Thread(this::run, threadName);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Hands a connected channel to the loop, which reads it for {@code reader} from now on. */
	void add(SocketChannel channel, Reader reader) {
		add(channel, Transport.plain(channel), new byte[0], reader);
	}

	/**
	 * Hands a connected channel to the loop, which reads it through {@code transport} (TLS, its handshake done) for
	 * {@code reader} from now on, starting with {@code early}, bytes already read.
	 */
	void add(SocketChannel channel, Transport transport, byte[] early, Reader reader) {
		this.joining.add(new Joining(channel, new Receiving(transport, reader), early));
		this.selector.wakeup();
	}

	private void run() {
		while (this.running) {
			try {
				this.selector.select(100);
				Joining next;
				while ((next = this.joining.poll()) != null) {
					next.channel().configureBlocking(false);
					next.channel().register(this.selector, SelectionKey.OP_READ, next.receiving());
					if (next.early().length > 0) {
						Reader reader = next.receiving().reader();
						reader.scanner().feed(next.early(), 0, next.early().length, reader);
					}
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					read(key);
				}
				this.selector.selectedKeys().clear();
			}
			catch (IOException | RuntimeException ex) {
				if (this.running) {
					System.err.println("bench: " + this.thread.getName() + " error: " + ex);
				}
			}
		}
	}

	private void read(SelectionKey key) {
		Receiving receiving = (Receiving) key.attachment();
		Reader reader = receiving.reader();
		try {
			int n;
			while ((n = receiving.transport().read(this.readBuffer.clear())) > 0) {
				reader.scanner().feed(this.readBuffer.array(), 0, n, reader);
			}
			if (n < 0) {
				hungUp(key, ReceiveStats.EOF);
			}
		}
		catch (IOException ex) {
			hungUp(key, ReceiveStats.RESET);
		}
	}

	/** The hub ended the connection; the tool closes its own connections only once the run is over, in close(). */
	private void hungUp(SelectionKey key, String withoutNotice) {
		key.cancel();
		((Receiving) key.attachment()).reader().hungUp(withoutNotice);
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

	private record Joining(SocketChannel channel, Receiving receiving, byte[] early) {
	}

	/** A registered connection: how its bytes are read, and for whom. */
	private record Receiving(Transport transport, Reader reader) {
	}

}
