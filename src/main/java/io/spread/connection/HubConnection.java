package io.spread.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import io.spread.codec.FrameBatch;
import io.spread.codec.FrameCodec;
import io.spread.codec.FrameDecoder;
import io.spread.connection.OutboundEvents.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;
import org.springframework.messaging.Message;

/**
 * A Spring Integration NIO connection adapted for fan-out. Writes never block the caller: the framework's own
 * {@code send} blocks until the socket drains, so one stalled client would stall whoever sends to it; here every
 * frame goes into a bounded {@link OutboundBuffer} and a {@link WriterLoop} writes it when the socket takes it.
 * Reads are decoded as they arrive and handed over in batches (see {@link #sendToPipe}); the framework still
 * selects, schedules the assembler, numbers the batches and publishes the connection events.
 */
public class HubConnection extends TcpNioConnection {

	private static final Logger log = LoggerFactory.getLogger(HubConnection.class);

	static final String SLOW_CONSUMER_ERROR = "ERR slow-consumer";

	private static final byte[] DOORBELL = { 1 };

	private final SocketChannel channel;

	private final FrameCodec codec;

	private final OutboundWriters writers;

	private final WriterLoop writer;

	private final InboundOrder inboundOrder = new InboundOrder();

	// fed only by the connection's reads, which Spring Integration runs one at a time
	private final FrameDecoder decoder;

	// guarded by itself: frames decoded and not yet taken by the assembler
	private final List<Object> decoded = new ArrayList<>();

	private volatile boolean inputEnded;

	private volatile CloseReason closeReason;

	// written only by the connection's assembler
	private volatile long framesIn;

	// written only by the connection's writer
	private volatile long framesOut;

	private final Lock lock = new ReentrantLock();

	// guarded by lock
	private final OutboundBuffer buffer = new OutboundBuffer();

	// guarded by lock: true while this connection is queued on its writer or waiting to be writable
	private boolean flushScheduled;

	// guarded by lock: no more frames are taken; the connection closes once the buffer is written
	private boolean closing;

	// guarded by lock: close after the next write attempt, written or not (a slow consumer's last notice)
	private boolean abandoned;

	// guarded by lock: frames are being dropped for a full buffer (logged once per run of drops)
	private boolean dropping;

	// writer thread only
	private SelectionKey writeKey;

	public HubConnection(SocketChannel channel, boolean server, boolean lookupHost,
			ApplicationEventPublisher eventPublisher, String connectionFactoryName, FrameCodec codec,
			OutboundWriters writers) {

		super(channel, server, lookupHost, eventPublisher, connectionFactoryName);
		this.channel = channel;
		this.codec = codec;
		this.writers = writers;
		this.writer = writers.assign();
		this.decoder = codec.newDecoder();
	}

	/**
	 * Called by Spring Integration with the bytes of each socket read. The stock connection copies them into a
	 * pipe that its assembler then reads one locked byte at a time; here they are decoded at once and the pipe
	 * carries a one-byte doorbell per read that completed frames, so the framework's assembler (and with it the
	 * inbound adapter, the sequence numbers and the events) still drives delivery.
	 */
	@Override
	protected void sendToPipe(ByteBuffer read) throws IOException {
		boolean completedFrames;
		synchronized (this.decoded) {
			int before = this.decoded.size();
			this.decoder.decode(read, this.decoded);
			completedFrames = this.decoded.size() > before;
		}
		read.clear();
		if (completedFrames) {
			super.sendToPipe(ByteBuffer.wrap(DOORBELL));
		}
	}

	/** Called by the framework's assembler: every frame decoded since the last call, as one batch. */
	@Override
	public Object getPayload() {
		try {
			InputStream pipe = inputStream();
			if (pipe.read() < 0) {
				throw FrameCodec.endOfStream(this.decoder.hasPartialFrame());
			}
			pipe.skipNBytes(pipe.available());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		synchronized (this.decoded) {
			if (this.decoded.isEmpty()) {
				return FrameBatch.EMPTY;
			}
			FrameBatch batch = new FrameBatch(new ArrayList<>(this.decoded));
			this.decoded.clear();
			return batch;
		}
	}

	/** The peer's address as {@code host:port}. */
	public String remoteAddress() {
		return getHostAddress() + ":" + getPort();
	}

	/** Restores the order of the frames read from this connection. */
	public InboundOrder inboundOrder() {
		return this.inboundOrder;
	}

	/**
	 * Whether what this client sends is no longer wanted: it asked to close, misbehaved, or is being closed. Frames
	 * read before that are still relayed, even once the peer has gone.
	 */
	public boolean isInputEnded() {
		return this.inputEnded;
	}

	/** Bytes queued for this connection and not yet written. */
	public long bufferedBytes() {
		this.lock.lock();
		try {
			return this.buffer.bytes();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The outbound adapter's path: a frame addressed to this one connection. A {@code String} payload is a
	 * server notice, a {@code byte[]} one a frame payload; either is queued, never written here.
	 */
	@Override
	public void send(Message<?> message) {
		Object payload = message.getPayload();
		offer((payload instanceof String text) ? this.codec.encodeNotice(text) : this.codec.encode((byte[]) payload), 1);
	}

	/**
	 * Queues encoded frames without blocking. When the buffer is full the slow-consumer policy decides.
	 * @param chunk one or more encoded frames, shared with other receivers and never modified
	 * @param frames how many frames {@code chunk} holds
	 * @return whether the frames were queued
	 */
	public boolean offer(byte[] chunk, int frames) {
		boolean startFlush;
		this.lock.lock();
		try {
			if (this.closing) {
				return false;
			}
			if (!this.buffer.isEmpty() && this.buffer.bytes() + chunk.length > this.writers.capacity()) {
				return overflow(frames);
			}
			this.buffer.add(chunk, frames);
			startFlush = scheduleFlush();
		}
		finally {
			this.lock.unlock();
		}
		if (startFlush) {
			this.writer.schedule(this);
		}
		return true;
	}

	/**
	 * Ends the client's input, stops taking frames for it, and closes the connection once what is queued has been
	 * written, or after the close timeout if the peer does not read.
	 */
	public void closeAfterFlush(CloseReason reason) {
		closeAfterFlush(reason, this.writers.closeTimeout());
	}

	/** As {@link #closeAfterFlush(CloseReason)}, waiting at most {@code timeout} for the peer to read. */
	public void closeAfterFlush(CloseReason reason, Duration timeout) {
		this.inputEnded = true;
		boolean startFlush;
		this.lock.lock();
		try {
			if (this.closing) {
				return;
			}
			this.closing = true;
			noteCloseReason(reason);
			startFlush = scheduleFlush();
		}
		finally {
			this.lock.unlock();
		}
		if (startFlush) {
			this.writer.schedule(this);
		}
		this.writers.closeLater(this, timeout);
	}

	/** Why the connection closed: the first reason given, or {@link CloseReason#CLIENT} when the peer hung up. */
	public CloseReason closeReason() {
		CloseReason reason = this.closeReason;
		return (reason != null) ? reason : CloseReason.CLIENT;
	}

	private void noteCloseReason(CloseReason reason) {
		if (this.closeReason == null) {
			this.closeReason = reason;
		}
	}

	/** Counts frames read from this client; called by its assembler only. */
	public void countFramesIn(int frames) {
		this.framesIn += frames;
	}

	public long framesIn() {
		return this.framesIn;
	}

	public long framesOut() {
		return this.framesOut;
	}

	@Override
	public void close() {
		super.close();
		int dropped;
		this.lock.lock();
		try {
			this.closing = true;
			dropped = this.buffer.clear();
		}
		finally {
			this.lock.unlock();
		}
		if (dropped > 0) {
			this.writers.events().dropped(DropReason.CLOSED, dropped);
		}
	}

	/** Called with the lock held when {@code frames} do not fit. */
	private boolean overflow(int frames) {
		if (this.writers.policy() == SlowConsumerPolicy.DROP) {
			if (!this.dropping) {
				this.dropping = true;
				log.warn("Dropping frames for slow consumer {} ({}): {} bytes queued, outbound-buffer is {} bytes",
						getConnectionId(), remoteAddress(), this.buffer.bytes(), this.writers.capacity());
			}
			this.writers.events().dropped(DropReason.SLOW_CONSUMER, frames);
			return false;
		}
		log.warn("Disconnecting slow consumer {} ({}): {} bytes queued, outbound-buffer is {} bytes",
				getConnectionId(), remoteAddress(), this.buffer.bytes(), this.writers.capacity());
		int dropped = this.buffer.dropUnstarted() + frames;
		this.writers.events().dropped(DropReason.SLOW_CONSUMER, dropped);
		this.buffer.add(this.codec.encodeNotice(SLOW_CONSUMER_ERROR), 1);
		noteCloseReason(CloseReason.SLOW_CONSUMER);
		this.closing = true;
		this.abandoned = true;
		if (scheduleFlush()) {
			this.writer.schedule(this);
		}
		return false;
	}

	private boolean scheduleFlush() {
		boolean start = !this.flushScheduled;
		this.flushScheduled = true;
		return start;
	}

	/**
	 * Writes queued bytes until the socket is full or nothing is left. Called on the writer thread only.
	 * @param scratch the writer's buffer
	 * @return true if bytes remain and the writer must wait until the socket is writable
	 */
	boolean flush(ByteBuffer scratch) throws IOException {
		while (true) {
			boolean empty;
			boolean closeNow;
			this.lock.lock();
			try {
				empty = this.buffer.isEmpty();
				closeNow = empty && this.closing;
				if (empty) {
					this.flushScheduled = false;
					this.dropping = false;
				}
				else {
					scratch.clear();
					this.buffer.copyTo(scratch);
				}
			}
			finally {
				this.lock.unlock();
			}
			if (empty) {
				if (closeNow) {
					close();
				}
				return false;
			}
			scratch.flip();
			int written = this.channel.write(scratch);
			int completed;
			boolean giveUp;
			this.lock.lock();
			try {
				completed = this.buffer.consume(written);
				giveUp = this.abandoned;
			}
			finally {
				this.lock.unlock();
			}
			this.writers.events().delivered(completed, written);
			this.framesOut += completed;
			if (giveUp) {
				close();
				return false;
			}
			if (scratch.hasRemaining()) {
				return true;
			}
		}
	}

	/** Asks the writer's selector to report when the socket takes bytes again. Writer thread only. */
	void awaitWritable(Selector selector) throws ClosedChannelException {
		if (this.writeKey == null) {
			this.writeKey = this.channel.register(selector, SelectionKey.OP_WRITE, this);
		}
		else {
			this.writeKey.interestOps(SelectionKey.OP_WRITE);
		}
	}

	/** The writer's handling of a failed write: the peer is gone, so the connection closes. */
	void writeFailed(Exception ex) {
		log.debug("Write to {} ({}) failed, closing: {}", getConnectionId(), remoteAddress(), ex.toString());
		noteCloseReason(CloseReason.ERROR);
		close();
	}

}
