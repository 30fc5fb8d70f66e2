package io.spread.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import io.spread.codec.Frame;
import io.spread.codec.FrameCodec;
import io.spread.codec.Framing;
import io.spread.codec.LengthPrefixedCodec;
import io.spread.codec.OversizedFrame;
import io.spread.connection.OutboundEvents.DropReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import org.apache.tomcat.websocket.WsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A WebSocket client's connection (a browser on {@code /ws/relay} or {@code /ws/gateway}) as the hub's model sees
 * it: the session that Spring's WebSocket support opened, decorated, so that the servlet container, Spring
 * Integration's WebSocket adapters and the hub all hold this one object, under the hub's short id.
 * <p>
 * <b>Input</b> arrives on the container's threads, one message or part of a message at a time per session
 * ({@link #receive}); each whole message is one frame, held to {@code spread.tcp.max-frame-size} while its parts
 * come in, and counted in the memory budget like a TCP client's unfinished frame; over the budget, a session holding
 * 4 KB or more of one is not read until the hub is under it again ({@link SuspendedReads}).
 * <p>
 * <b>Output</b> is queued under the same {@link OutboundQueue}, limits, memory budget and slow-consumer rule as a TCP
 * client's. The queue holds frames in length-prefixed framing; each becomes one WebSocket message, text when it is
 * UTF-8 and binary otherwise. Messages go out through the container's asynchronous send, one in flight at a time, the
 * next one sent when the last completes, so that no thread waits on a browser that does not read. (Spring's
 * {@code sendMessage} blocks until the browser takes the bytes: the one reason this goes to the native session.) The
 * container writes the close frame blocking: sessions are closed on a closer of their own, waiting a few milliseconds
 * at most.
 * What Spring Integration's outbound adapter sends through {@link #sendMessage} is queued the same way.
 */
public class WebSocketConnection extends WebSocketSessionDecorator implements ClientConnection {

	private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);

	private static final byte[] NO_BYTES = new byte[0];

	/**
	 * Tomcat's setting for how long a blocking send may wait for the browser to read; the one blocking send here is
	 * the close frame.
	 */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/** The close frame after everything queued has gone out: the socket has room for it, unless the peer stalled. */
	private static final long CLOSE_FRAME_WAIT_MILLIS = 20;

	/** The close frame of a forced close (a deadline, a limit, an error): whatever is in flight, give up at once. */
	private static final long FORCED_CLOSE_WAIT_MILLIS = 1;

	/**
	 * Over the memory budget, a browser holding this much of an unfinished message is not read until the hub is
	 * under it again, as a TCP client is not.
	 */
	private static final int OVER_BUDGET_HOLD = 4 * 1024;

	/** Whether the container is Tomcat, whose sessions can stop and resume reading (others read on). */
	private static final boolean TOMCAT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
			WebSocketConnection.class.getClassLoader());

	private final String id;

	private final String listenerName;

	private final int maxFrameSize;

	private final OutboundWriters writers;

	private final MemoryBudget budget;

	private final FrameCodec codec;

	private final jakarta.websocket.Session standard;

	private final RemoteEndpoint.Async remote;

	/** Where sessions are closed: the container writes the close frame blocking, so never on a hub thread. */
	private final Executor closer;

	private final long openedAtMillis = System.currentTimeMillis();

	// guards the unfinished message: the container's thread adds to it, the close callback lets it go
	private final Object input = new Object();

	// the container stops reading the session while the hub is over its memory budget; null if it cannot
	private final ReadSwitch reads;

	// set by the input thread when it suspends reading, cleared by whichever thread resumes it
	private final AtomicBoolean readsSuspended = new AtomicBoolean();

	// guarded by input: the parts of an unfinished message
	private byte[] partial = NO_BYTES;

	// guarded by input: bytes of the unfinished message held in partial
	private int partialLength;

	// guarded by input: the unfinished message is over the limit, and skipped to its end
	private boolean skipping;

	// guarded by input: partialLength as last counted in the budget
	private volatile int partialInput;

	// guarded by input: the connection has closed; parts the container still delivers are not held
	private boolean inputReleased;

	// why and how it closes, once
	private final ConnectionEnd end;

	private final Lock lock = new ReentrantLock();

	// guarded by lock
	private final OutboundQueue queue;

	// guarded by lock: no more frames are taken; the session closes once the queue is written
	private boolean closing;

	// guarded by lock: a message is in flight, or a thread is about to send one
	private boolean sending;

	// guarded by lock: the client has been admitted, so output may start (see startOutput)
	private boolean outputStarted;

	private volatile boolean inputEnded;

	private volatile boolean closed;

	private final AtomicBoolean sessionClosed = new AtomicBoolean();

	// written by the session's input thread only
	private volatile long framesIn;

	// written by whichever thread completes a send; sends complete one at a time
	private volatile long framesOut;

	private volatile long lastReadMillis;

	private volatile long lastWriteMillis;

	/**
	 * @param codec the length-prefixed codec that the front ends encode this client's frames with
	 * @param closer where the session is closed (its close frame's write may wait a few milliseconds)
	 */
	public WebSocketConnection(WebSocketSession session, String id, String listenerName, FrameCodec codec,
			OutboundWriters writers, Executor closer) {
		super(session);
		this.closer = closer;
		if (codec.framing() != Framing.LENGTH_PREFIXED) {
			throw new IllegalArgumentException("WebSocket output is queued length-prefixed, not " + codec.framing());
		}
		this.id = id;
		this.listenerName = listenerName;
		this.codec = codec;
		this.maxFrameSize = codec.maxFrameSize();
		this.writers = writers;
		this.end = new ConnectionEnd(this, writers);
		this.budget = writers.budget();
		this.queue = new OutboundQueue(this, this::cutSlowConsumer, writers.limits(), writers.events(), this.budget,
				codec::encodeNotice);
		this.standard = standardSession(session);
		this.reads = TOMCAT ? TomcatReads.of(this.standard) : null;
		this.standard.getUserProperties().put(BLOCKING_SEND_TIMEOUT, CLOSE_FRAME_WAIT_MILLIS);
		this.remote = this.standard.getAsyncRemote();
	}

	private static jakarta.websocket.Session standardSession(WebSocketSession session) {
		if (WebSocketSessionDecorator.unwrap(session) instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession() instanceof jakarta.websocket.Session standard) {
			return standard;
		}
		throw new IllegalStateException("A WebSocket client needs a Jakarta WebSocket session, not " + session);
	}

	/** The hub's id ({@code w17}), which the container and Spring Integration's adapters know the session by. */
	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public String getConnectionId() {
		return this.id;
	}

	@Override
	public String getConnectionFactoryName() {
		return this.listenerName;
	}

	@Override
	public String getHostAddress() {
		InetSocketAddress address = getRemoteAddress();
		return (address != null && address.getAddress() != null) ? address.getAddress().getHostAddress() : "unknown";
	}

	@Override
	public String remoteAddress() {
		InetSocketAddress address = getRemoteAddress();
		return getHostAddress() + ":" + ((address != null) ? address.getPort() : 0);
	}

	/** The client answered a ping, or sent a pong of its own: it is alive, though it sent no frame. */
	public void heard() {
		this.lastReadMillis = System.currentTimeMillis();
	}

	/**
	 * Takes a message, or part of one, that the client sent; called on the container's thread, one at a time per
	 * session.
	 * @return the frame once its last part is in, or null while more is to come; a message over the frame size
	 * limit comes out as an {@link OversizedFrame} once it has ended, its bytes dropped as they came
	 */
	public Frame receive(ByteBuffer part, boolean last) {
		this.lastReadMillis = System.currentTimeMillis();
		synchronized (this.input) {
			if (this.inputReleased) {
				// the container delivers what arrives until the client answers the close frame
				return null;
			}
			if (last && this.partialLength == 0 && !this.skipping) {
				// the whole message in one part: the usual case, nothing held
				return (part.remaining() > this.maxFrameSize) ? new OversizedFrame(this.maxFrameSize, false)
						: new Frame.Data(bytes(part));
			}
			if (!this.skipping && this.partialLength + part.remaining() > this.maxFrameSize) {
				this.skipping = true;
				this.partial = NO_BYTES;
				this.partialLength = 0;
			}
			if (!this.skipping) {
				int size = this.partialLength + part.remaining();
				if (this.partial.length < size) {
					this.partial = Arrays.copyOf(this.partial,
							Math.min(this.maxFrameSize, Math.max(size, 2 * this.partial.length)));
				}
				part.get(this.partial, this.partialLength, part.remaining());
				this.partialLength = size;
			}
			Frame frame = null;
			if (last) {
				frame = this.skipping ? new OversizedFrame(this.maxFrameSize, false)
						: new Frame.Data(Arrays.copyOf(this.partial, this.partialLength));
				this.skipping = false;
				this.partial = NO_BYTES;
				this.partialLength = 0;
			}
			countPartialInput();
			if (frame == null && this.partialLength >= OVER_BUDGET_HOLD && this.budget.isOver()) {
				suspendReads();
			}
			return frame;
		}
	}

	/**
	 * Called on the input thread over the memory budget: the container reads no more of this session until the
	 * hub is under it ({@link SuspendedReads}); the rest of the message waits in the socket, not in the heap.
	 */
	private void suspendReads() {
		if (this.reads == null || this.inputReleased || !this.readsSuspended.compareAndSet(false, true)) {
			return;
		}
		this.reads.suspend().run();
		this.writers.events().readPaused();
		this.writers.suspendedReads().add(this);
	}

	/** The hub is under its memory budget again, or the session is closing: the container reads it again. */
	void resumeReads() {
		if (this.readsSuspended.compareAndSet(true, false)) {
			this.reads.resume().run();
		}
	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	/**
	 * The outbound adapter's path: the hub's texts to this one client (answers, errors) arrive as text messages and
	 * are queued as notices; a binary message is queued as a frame. Never blocks.
	 */
	@Override
	public void sendMessage(WebSocketMessage<?> message) {
		if (message instanceof TextMessage text) {
			sendNotice(text.getPayload());
		}
		else if (message instanceof BinaryMessage binary) {
			Chunk chunk = this.budget.share(this.codec.encode(bytes(binary.getPayload().duplicate())), 1);
			chunk.offered(offer(chunk) ? 1 : 0);
		}
		else {
			throw new IllegalArgumentException("Only text and binary messages go to a hub client: " + message);
		}
	}

	private void sendNotice(String text) {
		boolean startSending;
		this.lock.lock();
		try {
			if (this.closing) {
				return;
			}
			this.queue.notice(text);
			startSending = startSending();
		}
		finally {
			this.lock.unlock();
		}
		if (startSending) {
			sendQueued();
		}
	}

	@Override
	public boolean offer(Chunk chunk) {
		boolean queued;
		boolean startSending;
		this.lock.lock();
		try {
			if (this.closing) {
				return false;
			}
			queued = this.queue.offer(chunk);
			// a client cut as a slow consumer has its last notice queued
			startSending = (queued || this.closing) && startSending();
		}
		finally {
			this.lock.unlock();
			tellClosing();
		}
		if (startSending) {
			sendQueued();
		}
		return queued;
	}

	@Override
	public long shedForMemory() {
		long freed;
		boolean startSending;
		this.lock.lock();
		try {
			if (this.closing) {
				return 0;
			}
			freed = this.queue.shedForMemory();
			startSending = this.closing && startSending();
		}
		finally {
			this.lock.unlock();
			tellClosing();
		}
		if (startSending) {
			sendQueued();
		}
		return freed;
	}

	/** Called with the lock held: the queue cut the client as a slow consumer. */
	private void cutSlowConsumer(String why) {
		noteClose(CloseReason.SLOW_CONSUMER, why);
		this.inputEnded = true;
		this.closing = true;
		closeLater(this.writers.closeTimeout());
	}

	/**
	 * Lets output start, once the registry has admitted the client: so that the welcome, queued while it is being
	 * admitted, cannot reach it before it is a member of its room and would see the frames sent after the welcome.
	 */
	public void startOutput() {
		boolean startSending;
		this.lock.lock();
		try {
			this.outputStarted = true;
			startSending = (!this.queue.isEmpty() || this.closing) && startSending();
		}
		finally {
			this.lock.unlock();
		}
		if (startSending) {
			sendQueued();
		}
	}

	/** Called with the lock held: whether the caller is to start sending (no one else is, and output may start). */
	private boolean startSending() {
		if (this.sending || !this.outputStarted) {
			return false;
		}
		this.sending = true;
		return true;
	}

	/**
	 * Sends queued messages, one at a time, until the queue is empty or a send has not completed by the time it
	 * returns; then the send's completion goes on from there, on the container's thread. Run by one thread at a time:
	 * whoever set {@link #sending}, then whoever completes the send in flight.
	 */
	private void sendQueued() {
		while (true) {
			Outgoing next;
			boolean closeNow = false;
			this.lock.lock();
			try {
				next = next();
				if (next == null) {
					this.sending = false;
					closeNow = this.closing;
				}
			}
			finally {
				this.lock.unlock();
			}
			if (next == null) {
				if (closeNow) {
					closeSession(CLOSE_FRAME_WAIT_MILLIS);
				}
				return;
			}
			Send send = new Send(next.length() + LengthPrefixedCodec.HEADER_SIZE);
			try {
				next.sendWith(this.remote, send);
			}
			catch (RuntimeException ex) {
				// the container refused the send: the session is closing under us
				send.onResult(new SendResult(ex));
			}
			if (!send.completedBeforeReturn()) {
				return;
			}
		}
	}

	/** Called with the lock held: the oldest queued frame, marked as in flight, or null. */
	private Outgoing next() {
		OutboundBuffer buffer = this.queue.buffer();
		byte[] chunk = buffer.head();
		if (chunk == null) {
			return null;
		}
		int at = buffer.headWritten();
		buffer.holdHead();
		return new Outgoing(chunk, at + LengthPrefixedCodec.HEADER_SIZE, (int) LengthPrefixedCodec.readLength(chunk, at));
	}

	/** A send has completed: what it wrote leaves the queue. */
	private void sent(int bytes, SendResult result) {
		if (!result.isOK()) {
			Throwable cause = result.getException();
			noteClose(CloseReason.ERROR, "write failed: " + ((cause != null) ? cause.getMessage() : "unknown"));
			close();
			return;
		}
		int completed;
		this.lock.lock();
		try {
			completed = this.queue.written(bytes, this.closing);
		}
		finally {
			this.lock.unlock();
		}
		this.lastWriteMillis = System.currentTimeMillis();
		this.writers.events().delivered(completed, bytes);
		this.framesOut += completed;
	}

	/** One frame of a queued chunk: {@code length} bytes at {@code offset}. */
	private record Outgoing(byte[] chunk, int offset, int length) {

		void sendWith(RemoteEndpoint.Async remote, SendHandler handler) {
			if (isUtf8(this.chunk, this.offset, this.length)) {
				remote.sendText(new String(this.chunk, this.offset, this.length, StandardCharsets.UTF_8), handler);
			}
			else {
				remote.sendBinary(ByteBuffer.wrap(this.chunk, this.offset, this.length), handler);
			}
		}

		private static boolean isUtf8(byte[] bytes, int offset, int length) {
			for (int i = offset; i < offset + length; i++) {
				if (bytes[i] < 0) {
					try {
						StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, offset, length));
						return true;
					}
					catch (CharacterCodingException ex) {
						return false;
					}
				}
			}
			return true;
		}

	}

	/**
	 * The completion of one send. The container may complete it before {@code sendText}/{@code sendBinary} returns,
	 * on the sending thread, or later on one of its own: whichever of the completion and the return comes second
	 * sends the next message, so that sends neither overlap nor recurse.
	 */
	private final class Send implements SendHandler {

		private final int bytes;

		private final AtomicBoolean firstDone = new AtomicBoolean();

		Send(int bytes) {
			this.bytes = bytes;
		}

		@Override
		public void onResult(SendResult result) {
			sent(this.bytes, result);
			if (!this.firstDone.compareAndSet(false, true)) {
				// the send call has returned: go on here
				sendQueued();
			}
		}

		/** Called once the send call returns: whether the send completed meanwhile, so the caller goes on. */
		boolean completedBeforeReturn() {
			return !this.firstDone.compareAndSet(false, true);
		}

	}

	@Override
	public void closeAfterFlush(CloseReason reason) {
		closeAfterFlush(reason, this.writers.closeTimeout());
	}

	@Override
	public void closeAfterFlush(CloseReason reason, Duration timeout) {
		this.inputEnded = true;
		boolean startSending;
		this.lock.lock();
		try {
			if (this.closing) {
				return;
			}
			this.closing = true;
			noteClose(reason, null);
			startSending = startSending();
		}
		finally {
			this.lock.unlock();
		}
		tellClosing();
		if (startSending) {
			sendQueued();
		}
		closeLater(timeout);
	}

	@Override
	public void closeNow(CloseReason reason) {
		noteClose(reason, null);
		close();
	}

	/** Lets go of everything held for the client and closes the session; any thread, any number of times. */
	@Override
	public void close() {
		this.closed = true;
		this.inputEnded = true;
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
		this.end.closed();
		closeSession(FORCED_CLOSE_WAIT_MILLIS);
	}

	/**
	 * The session has closed, whoever closed it (the client, the container, the hub): called by the container's
	 * close callback before the registry is told.
	 */
	public void closed(CloseStatus status) {
		// kept only if no other reason was given first (the hub's own close, a limit)
		if (status.getCode() != CloseStatus.NORMAL.getCode()
				&& status.getCode() != CloseStatus.GOING_AWAY.getCode()) {
			noteClose(CloseReason.CLIENT, "closed with " + status.getCode()
					+ ((status.getReason() != null && !status.getReason().isEmpty()) ? " " + status.getReason() : ""));
		}
		this.sessionClosed.set(true);
		close();
		releaseInput();
		this.writers.suspendedReads().remove(this);
	}

	/**
	 * Closes the session on the closer, off the caller's thread: the container writes the close frame blocking (once
	 * a message in flight has gone), waiting at most {@code waitMillis}, then closes the socket whether or not the
	 * frame was written.
	 */
	private void closeSession(long waitMillis) {
		if (!this.sessionClosed.compareAndSet(false, true)) {
			return;
		}
		Runnable close = () -> {
			try {
				if (!this.standard.isOpen()) {
					return; // the client or the container closed it meanwhile
				}
				this.standard.getUserProperties().put(BLOCKING_SEND_TIMEOUT, waitMillis);
				// a suspended session would not read the client's answer to the close frame
				resumeReads();
				getDelegate().close(closeStatus(closeReason()));
			}
			catch (IOException | RuntimeException ex) {
				log.debug("Closing WebSocket session {} failed: {}", this.id, ex.toString());
			}
		};
		try {
			this.closer.execute(close);
		}
		catch (RejectedExecutionException ex) {
			close.run(); // the application is stopping
		}
	}

	private static CloseStatus closeStatus(CloseReason reason) {
		CloseStatus status = switch (reason) {
			case SHUTDOWN -> CloseStatus.GOING_AWAY;
			case SLOW_CONSUMER, LIMIT, ADDRESS -> CloseStatus.POLICY_VIOLATION;
			case ERROR -> CloseStatus.SERVER_ERROR;
			default -> CloseStatus.NORMAL;
		};
		return status.withReason(reason.tag());
	}

	private void releaseInput() {
		synchronized (this.input) {
			this.inputReleased = true;
			this.partial = NO_BYTES;
			this.partialLength = 0;
			this.skipping = false;
			countPartialInput();
		}
	}

	/** Called holding {@link #input}: brings the budget's count of this client's unfinished message up to date. */
	private void countPartialInput() {
		int now = this.partialLength;
		this.budget.partialInputChanged(now - this.partialInput);
		this.partialInput = now;
	}

	private void closeLater(Duration timeout) {
		this.end.closeLater(timeout);
	}

	@Override
	public void whenClosing(Runnable hook) {
		this.end.whenClosing(hook);
	}

	private void tellClosing() {
		this.end.tellClosing();
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public boolean isInputEnded() {
		return this.inputEnded;
	}

	@Override
	public long bufferedBytes() {
		this.lock.lock();
		try {
			return this.queue.bytes();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int partialInputBytes() {
		return this.partialInput;
	}

	@Override
	public void countFramesIn(int frames) {
		this.framesIn += frames;
	}

	@Override
	public long framesIn() {
		return this.framesIn;
	}

	@Override
	public long framesOut() {
		return this.framesOut;
	}

	@Override
	public long openedAtMillis() {
		return this.openedAtMillis;
	}

	@Override
	public long lastActivityMillis() {
		return Math.max(Math.max(this.lastReadMillis, this.lastWriteMillis), this.openedAtMillis);
	}

	@Override
	public boolean firstWarning() {
		return this.end.firstWarning();
	}

	@Override
	public CloseReason closeReason() {
		return this.end.reason();
	}

	@Override
	public String closeDetail() {
		return this.end.detail();
	}

	private void noteClose(CloseReason reason, String detail) {
		this.end.note(reason, detail);
	}

	@Override
	public String toString() {
		return "WebSocketConnection[" + this.id + " " + remoteAddress() + "]";
	}

	/** How a container stops and resumes reading a session. */
	private record ReadSwitch(Runnable suspend, Runnable resume) {
	}

	/** Tomcat's sessions stop and resume reading; loaded only when Tomcat is the container. */
	private static final class TomcatReads {

		static ReadSwitch of(jakarta.websocket.Session session) {
			return (session instanceof WsSession tomcat) ? new ReadSwitch(tomcat::suspend, tomcat::resume) : null;
		}

	}

}
