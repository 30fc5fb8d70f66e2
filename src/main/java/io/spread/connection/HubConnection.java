package io.spread.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLException;

import io.spread.codec.Frame;
import io.spread.codec.FrameBatch;
import io.spread.codec.FrameCodec;
import io.spread.codec.FrameDecoder;
import io.spread.connection.OutboundEvents.DropReason;
import io.spread.logging.ClientLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.integration.MessageDispatchingException;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.connection.TcpNioConnection;
import org.springframework.messaging.Message;

/**
 * A Spring Integration NIO connection adapted for fan-out.
 * <p>
 * <b>Reads.</b> The framework's listener selects the socket and calls {@link #readPacket()} on one of its reader
 * threads, never two at once for one connection. Here that call reads once into the thread's buffer, decodes the
 * bytes with the connection's {@link FrameDecoder}, and hands every completed frame, as one batch, through the
 * framework's mapper to the inbound adapter, on the same thread. (The stock connection copies each read into a pipe
 * that a second thread reads back a byte at a time, keeps a 60 KB read buffer per connection for life, and needs the
 * frames put back in order afterwards; this override is why none of that is here.) So one sender's frames reach the
 * flow in the order they were sent, and a connection between frames holds no input buffer at all.
 * <p>
 * <b>Writes</b> never block the caller: the framework's own {@code send} blocks until the socket drains, so one
 * stalled client would stall whoever sends to it; here every frame goes into a bounded {@link OutboundBuffer} and a
 * {@link WriterLoop} writes it when the socket takes it. The {@link OutboundLimits} and the hub's
 * {@link MemoryBudget} decide what happens to a client that does not keep up.
 */
public class HubConnection extends TcpNioConnection implements ClientConnection {

	private static final Logger log = LoggerFactory.getLogger(HubConnection.class);

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private static final int OVER_BUDGET_READ_SIZE = 4 * 1024;

	/** How long a TLS client refused in its handshake is given to read the alert that says why. */
	private static final Duration TLS_ALERT_TIMEOUT = Duration.ofSeconds(1);

	/** One read buffer per reader thread, shared by every connection that thread reads. */
	private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal
		.withInitial(() -> ByteBuffer.allocate(READ_BUFFER_SIZE));

	private final SocketChannel channel;

	private final FrameCodec codec;

	private final OutboundWriters writers;

	private final MemoryBudget budget;

	private final WriterLoop writer;

	private final HubListener listener;

	private final long openedAtMillis = System.currentTimeMillis();

	private final String id;

	// guarded by inputLock: a read in progress and a close from another thread must not touch the decoder at once
	private final Lock inputLock = new ReentrantLock();

	// guarded by inputLock
	private final FrameDecoder decoder;

	// guarded by inputLock: the decoder's retained bytes, as counted in the budget
	private int countedInput;

	// guarded by inputLock
	private boolean inputClosed;

	// set and read by the reader thread during one readPacket call, for the mapper's getPayload
	private FrameBatch batch;

	// the decoder's retained bytes as last counted, for the memory guard
	private volatile int partialInput;

	private volatile boolean inputEnded;

	private volatile boolean closed;

	// written only by the connection's reader
	private volatile long framesIn;

	// written only by the connection's writer
	private volatile long framesOut;

	private volatile long lastWriteMillis;

	// why and how it closes, once
	private final ConnectionEnd end;

	private final Lock lock = new ReentrantLock();

	// guarded by lock: queued output and the slow-consumer rule over it
	private final OutboundQueue queue;

	// guarded by lock: the listener has registered the socket, so output may start (see HubListener)
	private boolean outputStarted;

	// guarded by lock: true while this connection is queued on its writer or waiting to be writable
	private boolean flushScheduled;

	// guarded by lock: no more frames are taken; the connection closes once the buffer is written
	private boolean closing;

	// how bytes meet the socket: plain or TLS
	private final Transport transport;

	private final boolean tls;

	// writer thread only
	private SelectionKey writeKey;

	private volatile boolean registeredForWrite;

	public HubConnection(SocketChannel channel, boolean server, boolean lookupHost,
			ApplicationEventPublisher eventPublisher, String connectionFactoryName, FrameCodec codec,
			OutboundWriters writers, HubListener listener, boolean stripTelnet, String id, ListenerTls tls) {

		super(channel, server, lookupHost, eventPublisher, connectionFactoryName);
		this.id = id;
		this.channel = channel;
		this.tls = tls != null;
		try {
			this.transport = (tls != null) ? new TlsTransport(channel, tls.newEngine()) : Transport.plain(channel);
		}
		catch (SSLException ex) {
			throw new UncheckedIOException(ex);
		}
		this.listener = listener;
		this.codec = codec;
		this.writers = writers;
		this.end = new ConnectionEnd(this, writers);
		this.budget = writers.budget();
		this.writer = writers.assign();
		this.queue = new OutboundQueue(this, this::cutSlowConsumer, writers.limits(), writers.events(), this.budget,
				codec::encodeNotice);
		this.decoder = codec.newClientDecoder(stripTelnet);
	}

	/**
	 * Reads what has arrived, decodes it, and passes the completed frames on; called by the listener on a reader
	 * thread, one call at a time per connection.
	 * <p>
	 * Over the memory budget, a client that holds 4 KB or more of an unfinished frame is throttled: it is not read at
	 * all, the read is refused, which makes the framework put it off by its read delay (its seam for reads that cannot
	 * run now), until the hub is back under budget. Other clients are read 4 KB at a time meanwhile, so each client
	 * adds at most a few KB to the hub's input while it is over. A throttled peer that hangs up is noticed once it is
	 * read again, or when the {@code MemoryGuard} closes it.
	 */
	@Override
	public void readPacket() {
		boolean overBudget = this.budget.isOver();
		if (overBudget && this.partialInput >= OVER_BUDGET_READ_SIZE) {
			this.writers.events().readPaused();
			throw new RejectedExecutionException("over the memory budget");
		}
		ByteBuffer read = READ_BUFFER.get();
		do {
			read.clear();
			if (overBudget && !this.tls) {
				// (TLS unwraps whole records of up to 16 KB: its reads cannot be made smaller)
				read.limit(OVER_BUDGET_READ_SIZE);
			}
			int count;
			try {
				count = this.transport.read(read);
			}
			catch (IOException ex) {
				inputFailed(ex);
				return;
			}
			if (this.tls) {
				// the handshake may have a message to send, or have ended with output waiting for it
				flushIfWaiting();
			}
			if (count < 0) {
				endOfInput();
				return;
			}
			read.flip();
			List<Frame> frames = decode(read, overBudget);
			if (frames != null && !frames.isEmpty()) {
				deliver(frames);
			}
		}
		while (this.transport.hasBufferedInput());
	}

	/** Bytes of unfinished input held for this client now. */
	public int partialInputBytes() {
		return this.partialInput;
	}

	private List<Frame> decode(ByteBuffer read, boolean frugal) {
		this.inputLock.lock();
		try {
			if (this.inputClosed || this.inputEnded) {
				return null;
			}
			List<Frame> frames = new ArrayList<>();
			this.decoder.growFrugally(frugal);
			this.decoder.decode(read, frames);
			countInput();
			return frames;
		}
		finally {
			this.inputLock.unlock();
		}
	}

	/**
	 * Brings the budget's count of this connection's partial input up to date: its unfinished frame and what its
	 * transport holds (TLS: a record not yet whole). Called with inputLock held.
	 */
	private void countInput() {
		// a closed connection holds nothing: its transport's buffer goes with it
		int retained = this.decoder.retainedBytes() + (this.inputClosed ? 0 : this.transport.heldInputBytes());
		this.budget.partialInputChanged(retained - this.countedInput);
		this.countedInput = retained;
		this.partialInput = retained;
	}

	/** Hands one batch through the framework's mapper (headers, sequence) to the inbound adapter. */
	private void deliver(List<Frame> frames) {
		TcpListener listener = getListener();
		if (listener == null) {
			return;
		}
		this.batch = new FrameBatch(frames);
		try {
			Message<?> message = getMapper().toMessage(this);
			if (message != null) {
				listener.onMessage(message);
			}
		}
		catch (RuntimeException ex) {
			if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof MessageDispatchingException) {
				// the application is stopping and its flows no longer take messages: nothing is wrong with the client
				log.debug("Frames from {} ({}) not handled, the application is stopping", getConnectionId(),
						remoteAddress());
			}
			else {
				log.error("Handling frames from {} ({}) failed", getConnectionId(), remoteAddress(), ex);
			}
		}
		finally {
			this.batch = null;
		}
	}

	/** Called by the framework's mapper during {@link #deliver}: the batch being delivered. */
	@Override
	public Object getPayload() {
		return this.batch;
	}

	private void endOfInput() {
		boolean partial;
		this.inputLock.lock();
		try {
			partial = this.decoder.hasPartialFrame();
		}
		finally {
			this.inputLock.unlock();
		}
		if (partial) {
			noteClose(CloseReason.CLIENT, "hung up inside a frame; the partial frame is discarded");
		}
		close();
	}

	private void inputFailed(IOException ex) {
		noteClose(CloseReason.ERROR, "read failed: " + ex.getMessage());
		if (this.tls && ex instanceof SSLException && this.transport.hasOwnOutput()) {
			// the TLS alert that says why (no certificate, a bad record) goes out before the socket closes
			closeAfterFlush(CloseReason.ERROR, TLS_ALERT_TIMEOUT);
			return;
		}
		close();
	}

	/**
	 * A short id, unique in this process ({@code c42}), in place of the framework's host:port:port:UUID: it is what
	 * operators read in logs and type in admin URLs. The framework only uses the id as a key and in log text.
	 */
	@Override
	public String getConnectionId() {
		return this.id;
	}

	/** The peer's address as {@code host:port}. */
	public String remoteAddress() {
		return getHostAddress() + ":" + getPort();
	}

	/**
	 * Whether what this client sends is no longer wanted: it asked to close, misbehaved, or is being closed. Frames
	 * read before that are still relayed, even once the peer has gone.
	 */
	public boolean isInputEnded() {
		return this.inputEnded;
	}

	/** Whether {@link #close()} has begun; set before the framework publishes the close event. */
	public boolean isClosed() {
		return this.closed;
	}

	/** Bytes queued for this connection and not yet written. */
	public long bufferedBytes() {
		this.lock.lock();
		try {
			return this.queue.bytes();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Milliseconds since the epoch when the client was last heard from or last took bytes, whichever is later. */
	public long lastActivityMillis() {
		return Math.max(Math.max(getLastRead(), this.lastWriteMillis), this.openedAtMillis);
	}

	/**
	 * The outbound adapter's path: a frame addressed to this one connection. A {@code String} payload is a
	 * server notice, a {@code byte[]} one a frame payload; either is queued, never written here.
	 */
	@Override
	public void send(Message<?> message) {
		if (message.getPayload() instanceof String text) {
			sendNotice(text);
			return;
		}
		Chunk chunk = this.budget.share(this.codec.encode((byte[]) message.getPayload()), 1);
		chunk.offered(offer(chunk) ? 1 : 0);
	}

	/**
	 * Queues a notice of the hub's own (an answer, an error): unlike relayed frames it is not dropped under policy
	 * drop nor held to the limits, since it is small and the client must see it; only a closing connection takes
	 * nothing more.
	 */
	private void sendNotice(String text) {
		boolean startFlush;
		this.lock.lock();
		try {
			if (this.closing) {
				return;
			}
			this.queue.notice(text);
			startFlush = scheduleFlush();
		}
		finally {
			this.lock.unlock();
		}
		if (startFlush) {
			this.writer.schedule(this);
		}
	}

	/**
	 * Queues a chunk without blocking; the slow-consumer policy decides when the client is over its limits.
	 * @param chunk encoded frames, shared with other receivers and never modified
	 * @return whether the chunk was queued (and so will be released by this connection)
	 */
	public boolean offer(Chunk chunk) {
		boolean startFlush;
		this.lock.lock();
		try {
			if (this.closing) {
				return false;
			}
			if (!this.queue.offer(chunk)) {
				return false;
			}
			startFlush = scheduleFlush();
		}
		finally {
			this.lock.unlock();
			tellClosing();
		}
		if (startFlush) {
			this.writer.schedule(this);
		}
		return true;
	}

	/** See {@link ConnectionEnd#whenClosing}. */
	public void whenClosing(Runnable hook) {
		this.end.whenClosing(hook);
	}

	private void tellClosing() {
		this.end.tellClosing();
	}

	/**
	 * Applies the slow-consumer policy now, whatever the limits say: the hub is over its memory budget and this
	 * client has one of the largest queues. Returns the queued bytes that this let go of.
	 */
	public long shedForMemory() {
		this.lock.lock();
		try {
			if (this.closing) {
				return 0;
			}
			return this.queue.shedForMemory();
		}
		finally {
			this.lock.unlock();
			tellClosing();
		}
	}

	/** Called with the lock held: the queue cut the client as a slow consumer. */
	private void cutSlowConsumer(String why) {
		noteClose(CloseReason.SLOW_CONSUMER, why);
		this.inputEnded = true;
		this.closing = true;
		if (scheduleFlush()) {
			this.writer.schedule(this);
		}
		closeLater(this.writers.closeTimeout());
	}

	/**
	 * Called by the listener on its selector thread once the framework has accepted this connection. If the framework
	 * registered the socket, output may start (before that, a failed write to a peer that reset at once would close
	 * the channel under the framework's feet); if it did not, the accept failed and the connection is closed here,
	 * so that its close event is published like any other.
	 */
	void acceptedBy(Selector selector) {
		if (this.channel.keyFor(selector) == null) {
			noteClose(CloseReason.ERROR, "accept failed");
			close();
			return;
		}
		startOutput();
	}

	private void startOutput() {
		boolean startFlush;
		this.lock.lock();
		try {
			this.outputStarted = true;
			startFlush = !this.queue.isEmpty() && scheduleFlush();
		}
		finally {
			this.lock.unlock();
		}
		if (startFlush) {
			this.writer.schedule(this);
		}
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
			noteClose(reason, null);
			startFlush = scheduleFlush();
		}
		finally {
			this.lock.unlock();
		}
		tellClosing();
		if (startFlush) {
			this.writer.schedule(this);
		}
		closeLater(timeout);
	}

	/** Closes the connection at once, for {@code reason}, dropping whatever is queued. */
	public void closeNow(CloseReason reason) {
		this.lock.lock();
		try {
			noteClose(reason, null);
		}
		finally {
			this.lock.unlock();
		}
		close();
	}

	private void closeLater(Duration timeout) {
		this.end.closeLater(timeout);
	}

	/** Why the connection closed: the first reason given, or {@link CloseReason#CLIENT} when the peer hung up. */
	public CloseReason closeReason() {
		return this.end.reason();
	}

	/** What happened in words, for the disconnect log line, or null. */
	public String closeDetail() {
		return this.end.detail();
	}

	private void noteClose(CloseReason reason, String detail) {
		this.end.note(reason, detail);
	}

	/**
	 * Whether this is the first time something this client did wrong is to be logged: what a client does wrong is
	 * logged once per connection, so that no client can grow the log (the close line says how it ended).
	 */
	public boolean firstWarning() {
		return this.end.firstWarning();
	}

	/** Counts frames read from this client; called on its reader thread only. */
	public void countFramesIn(int frames) {
		this.framesIn += frames;
	}

	public long framesIn() {
		return this.framesIn;
	}

	public long framesOut() {
		return this.framesOut;
	}

	/** When the connection was accepted, in milliseconds since the epoch. */
	public long openedAtMillis() {
		return this.openedAtMillis;
	}

	/**
	 * Closes the socket and lets go of everything held for the client: queued chunks and any partial frame. Safe to
	 * call from any thread, any number of times; the framework publishes the close event once.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.inputEnded = true;
		super.close();
		int dropped;
		this.lock.lock();
		try {
			this.closing = true;
			dropped = this.queue.clear();
		}
		finally {
			this.lock.unlock();
		}
		if (dropped > 0) {
			this.writers.events().dropped(DropReason.CLOSED, dropped);
		}
		this.inputLock.lock();
		try {
			this.inputClosed = true;
			this.decoder.release();
			countInput();
		}
		finally {
			this.inputLock.unlock();
		}
		this.end.closed();
		// a closed channel's descriptor is only let go by the next select of each selector it is registered with
		if (this.registeredForWrite) {
			this.writer.wakeup();
		}
		this.listener.wakeup();
	}

	/** Has the writer write what waits: queued frames, or the transport's own records. */
	private void flushIfWaiting() {
		boolean startFlush;
		this.lock.lock();
		try {
			startFlush = (!this.queue.isEmpty() || this.transport.hasOwnOutput()) && scheduleFlush();
		}
		finally {
			this.lock.unlock();
		}
		if (startFlush) {
			this.writer.schedule(this);
		}
	}

	private boolean scheduleFlush() {
		if (!this.outputStarted || this.flushScheduled) {
			return false;
		}
		this.flushScheduled = true;
		return true;
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
				empty = this.queue.isEmpty();
				closeNow = empty && this.closing;
				if (empty && !this.transport.hasOwnOutput()) {
					this.flushScheduled = false;
				}
				scratch.clear();
				if (!empty) {
					this.queue.buffer().copyTo(scratch);
				}
			}
			finally {
				this.lock.unlock();
			}
			if (empty && !this.transport.hasOwnOutput()) {
				if (closeNow) {
					// TLS: close_notify, so the peer knows nothing was cut off (best effort: the socket closes now)
					this.transport.closeOutput();
					this.transport.writeRemaining();
					close();
				}
				return false;
			}
			scratch.flip();
			int written = this.transport.write(scratch);
			int completed;
			this.lock.lock();
			try {
				completed = this.queue.written(written, this.closing);
			}
			finally {
				this.lock.unlock();
			}
			if (written > 0) {
				this.lastWriteMillis = System.currentTimeMillis();
			}
			this.writers.events().delivered(completed, written);
			this.framesOut += completed;
			if (this.transport.waitsForPeer()) {
				// a TLS handshake waits for the client: its reader asks for the writer again (flushIfWaiting). Checked
				// again under the lock that flushIfWaiting takes, so records it queues meanwhile are not left behind.
				this.lock.lock();
				try {
					if (!this.transport.hasOwnOutput()) {
						this.flushScheduled = false;
						return false;
					}
				}
				finally {
					this.lock.unlock();
				}
			}
			if (scratch.hasRemaining() || this.transport.hasOwnOutput()) {
				return true;
			}
		}
	}

	/** Asks the writer's selector to report when the socket takes bytes again. Writer thread only. */
	void awaitWritable(Selector selector) throws ClosedChannelException {
		if (this.writeKey == null) {
			this.writeKey = this.channel.register(selector, SelectionKey.OP_WRITE, this);
			this.registeredForWrite = true;
		}
		else {
			this.writeKey.interestOps(SelectionKey.OP_WRITE);
		}
	}

	/** The writer's handling of a failed write: the peer is gone, so the connection closes. */
	void writeFailed(Exception ex) {
		noteClose(CloseReason.ERROR, "write failed: " + ex.getMessage());
		close();
	}

}
