package io.spread.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking socket with the JDK's {@link SSLEngine}. The reader unwraps records into plaintext; the
 * writer wraps plaintext into records. A handshake message due while the reader unwraps is wrapped by the reader,
 * so that it never waits for the writer, but only the writer writes to the socket: every record, whoever wrapped
 * it, joins one queue under the lock that wrapping takes, so records go out in the order the engine numbered them.
 * Buffers are made when needed and let go once empty, so a connection idle between messages holds none.
 */
public final class TlsTransport implements Transport {

	private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

	private final SocketChannel channel;

	private final SSLEngine engine;

	// reader only: records read and not yet unwrapped, null when there are none
	private ByteBuffer netIn;

	// reader only: the peer ended its input (or its TLS session)
	private boolean inputEnded;

	// reader only: the last read stopped with whole records left, its buffer being full
	private boolean moreToUnwrap;

	// guarded by itself: records wrapped, in order, not yet written (the writer writes them)
	private final ArrayDeque<ByteBuffer> records = new ArrayDeque<>();

	/** Over a connected channel, with an engine in server or client mode; the handshake starts at once. */
	public TlsTransport(SocketChannel channel, SSLEngine engine) throws SSLException {
		this.channel = channel;
		this.engine = engine;
		engine.beginHandshake();
	}

	@Override
	public int read(ByteBuffer into) throws IOException {
		if (this.netIn == null) {
			this.netIn = ByteBuffer.allocate(this.engine.getSession().getPacketBufferSize());
		}
		if (!this.moreToUnwrap && this.channel.read(this.netIn) < 0) {
			this.inputEnded = true;
		}
		this.moreToUnwrap = false;
		int before = into.position();
		this.netIn.flip();
		try {
			unwrap(into);
		}
		catch (SSLException ex) {
			// the engine has its alert ready (a missing certificate, a bad record): queued for the writer to send
			queueAlert();
			throw ex;
		}
		finally {
			this.netIn.compact();
			if (this.netIn.position() == 0) {
				this.netIn = null;
			}
		}
		int read = into.position() - before;
		return (read == 0 && this.inputEnded) ? -1 : read;
	}

	/** Unwraps whole records into {@code into} while there are some and it has room. */
	private void unwrap(ByteBuffer into) throws SSLException {
		while (this.netIn.hasRemaining()) {
			SSLEngineResult result = this.engine.unwrap(this.netIn, into);
			runTasks(result.getHandshakeStatus());
			boolean wrapped = false;
			if (this.engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
				wrap(NOTHING, Integer.MAX_VALUE);
				wrapped = true;
			}
			switch (result.getStatus()) {
				case BUFFER_UNDERFLOW:
					// the rest of a record is still on its way
					return;
				case BUFFER_OVERFLOW:
					// into is full: the caller hands it on and reads again (hasBufferedInput)
					this.moreToUnwrap = true;
					return;
				case CLOSED:
					this.inputEnded = true;
					return;
				default:
					if (result.bytesConsumed() == 0 && result.bytesProduced() == 0 && !wrapped) {
						return;
					}
			}
		}
	}

	/**
	 * Writes queued records, then wraps and writes one record at a time while the socket takes them: a peer that
	 * reads slowly leaves at most one record here, the rest of its output stays in its outbound queue, where the
	 * memory budget and the slow-consumer rules see it.
	 */
	@Override
	public int write(ByteBuffer from) throws IOException {
		int taken = 0;
		while (true) {
			if (!writeQueued()) {
				// the socket is full
				return taken;
			}
			boolean handshakeDue = this.engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
			if ((!from.hasRemaining() || waitsForPeer()) && !handshakeDue) {
				return taken;
			}
			int wrapped = wrap(from, 1);
			taken += wrapped;
			if (wrapped == 0 && !hasQueuedRecords()) {
				return taken;
			}
		}
	}

	/** Writes the queued records; false if the socket did not take them all. */
	private boolean writeQueued() throws IOException {
		while (true) {
			ByteBuffer record;
			synchronized (this.records) {
				record = this.records.peekFirst();
			}
			if (record == null) {
				return true;
			}
			this.channel.write(record);
			if (record.hasRemaining()) {
				return false;
			}
			synchronized (this.records) {
				this.records.pollFirst();
			}
		}
	}

	private boolean hasQueuedRecords() {
		synchronized (this.records) {
			return !this.records.isEmpty();
		}
	}

	/**
	 * Wraps {@code from}, and any handshake message due, into at most {@code most} records on the queue.
	 * @return how many of {@code from}'s bytes were taken
	 */
	private int wrap(ByteBuffer from, int most) throws SSLException {
		int taken = 0;
		int made = 0;
		synchronized (this.records) {
			while (made < most
					&& (from.hasRemaining() || this.engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP)) {
				ByteBuffer record = ByteBuffer.allocate(this.engine.getSession().getPacketBufferSize());
				SSLEngineResult result = this.engine.wrap(from, record);
				runTasks(result.getHandshakeStatus());
				taken += result.bytesConsumed();
				record.flip();
				if (record.hasRemaining()) {
					// a closed engine's last records too: its close_notify or its alert
					this.records.addLast(record);
					made++;
				}
				if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
					if (from.hasRemaining() && result.bytesProduced() == 0) {
						throw new SSLException("the TLS session is closed");
					}
					break;
				}
				if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
					break;
				}
			}
		}
		return taken;
	}

	/** After a failed unwrap: whatever the engine has to say now (its alert), whatever its handshake status. */
	private void queueAlert() {
		synchronized (this.records) {
			try {
				while (true) {
					ByteBuffer record = ByteBuffer.allocate(this.engine.getSession().getPacketBufferSize());
					this.engine.wrap(NOTHING, record);
					record.flip();
					if (!record.hasRemaining()) {
						return;
					}
					this.records.addLast(record);
				}
			}
			catch (SSLException ex) {
				// nothing more to say
			}
		}
	}

	@Override
	public boolean hasBufferedInput() {
		return this.moreToUnwrap;
	}

	/** Records read and not yet unwrapped hold a buffer of a record's size; reader only. */
	@Override
	public int heldInputBytes() {
		return (this.netIn != null) ? this.netIn.capacity() : 0;
	}

	/** Ends the TLS session: its close_notify is queued for the writer, which writes it before the socket closes. */
	@Override
	public void closeOutput() {
		this.engine.closeOutbound();
		try {
			wrap(NOTHING, Integer.MAX_VALUE);
		}
		catch (SSLException ex) {
			// nothing more can be said to the peer
		}
	}

	/** Writes what is queued without waiting (the connection closes next); false if the socket did not take it. */
	@Override
	public boolean writeRemaining() throws IOException {
		return writeQueued();
	}

	@Override
	public boolean hasOwnOutput() {
		synchronized (this.records) {
			return !this.records.isEmpty() || this.engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
		}
	}

	/** Whether the handshake is still under way. */
	public boolean isHandshaking() {
		HandshakeStatus status = this.engine.getHandshakeStatus();
		return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
	}

	@Override
	public boolean waitsForPeer() {
		HandshakeStatus status = this.engine.getHandshakeStatus();
		return status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN;
	}

	/** Runs the handshake's slow steps (key exchange, certificate checks) on the calling thread. */
	private void runTasks(HandshakeStatus status) {
		if (status == HandshakeStatus.NEED_TASK) {
			Runnable task;
			while ((task = this.engine.getDelegatedTask()) != null) {
				task.run();
			}
		}
	}

}
