package io.spread.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.spread.codec.Framing;

/**
 * A gateway client that publishes: it writes {@code PUB <room> <payload>} frames, each payload a
 * {@link BenchFrame} data payload with the publisher's number, a sequence number that goes on across rounds and the
 * time it was written. The channel is non-blocking (the client's {@link SelectLoop} reads it meanwhile); what the
 * socket does not take at once stays in this publisher's buffer, so one thread can write for many publishers
 * without waiting on any one of them ({@link #sendRound}).
 */
final class GatewayPublisher {

	/** Longest a sending thread parks while a socket is full. */
	private static final long BLOCKED_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

	final GatewayMember member;

	/** This publisher's number in the run ({@link GatewayRooms}). */
	final int number;

	private final SocketChannel channel;

	private final Framing framing;

	private final byte[] prefix;

	private final int payloadSize;

	private final int wireSize;

	/** Bytes still to write, between position and limit. */
	private final ByteBuffer buffer;

	/** Messages that end in the buffer: sent once it is written out. */
	private int messagesInBuffer;

	private long nextSequence;

	/** This round: messages put in the buffer, messages written out. */
	private long encoded;

	private long sent;

	/** Where this publisher's schedule starts within the interval, so that paced publishers do not send at once. */
	private long phaseNanos;

	/** The connection failed, or a write stalled mid-frame: the publisher sends nothing more. */
	private boolean failed;

	GatewayPublisher(GatewayMember member, SocketChannel channel, Framing framing, String room, int payloadSize,
			int bufferSize) {
		this.member = member;
		this.number = member.publisher;
		this.channel = channel;
		this.framing = framing;
		this.prefix = GatewayRooms.ascii("PUB " + room + " ");
		this.payloadSize = payloadSize;
		this.wireSize = ((framing == Framing.LENGTH_PREFIXED) ? 4 : 1) + this.prefix.length + payloadSize;
		this.buffer = ByteBuffer.allocate(Math.max(bufferSize, this.wireSize)).flip();
	}

	/** A text command as one frame of {@code framing}. */
	static byte[] frame(Framing framing, String command) {
		byte[] text = GatewayRooms.ascii(command);
		ByteBuffer out = ByteBuffer.allocate(text.length + 4);
		if (framing == Framing.LENGTH_PREFIXED) {
			out.putInt(text.length).put(text);
		}
		else {
			out.put(text).put((byte) '\n');
		}
		return Arrays.copyOf(out.array(), out.position());
	}

	long sent() {
		return this.sent;
	}

	boolean failed() {
		return this.failed;
	}

	/**
	 * Sends {@code count} messages from each publisher, from one thread: as fast as the sockets take them (each
	 * write as many messages as the buffer holds), or with {@code intervalNanos} between one publisher's messages.
	 * Stops putting out new messages at {@code deadlineNanos}, and gives up on a publisher whose socket has taken
	 * nothing for {@code idleNanos} while it had bytes to write.
	 */
	static void sendRound(List<GatewayPublisher> publishers, long count, long intervalNanos, long startNanos,
			long deadlineNanos, long idleNanos) {
		for (GatewayPublisher publisher : publishers) {
			publisher.encoded = 0;
			publisher.sent = 0;
		}
		long lastProgress = System.nanoTime();
		while (true) {
			boolean active = false;
			boolean blocked = false;
			boolean progress = false;
			long wakeAt = Long.MAX_VALUE;
			long now = System.nanoTime();
			for (GatewayPublisher publisher : publishers) {
				if (publisher.failed) {
					continue;
				}
				int pending = publisher.buffer.remaining();
				if (pending > 0) {
					progress |= publisher.flush() < pending;
					if (publisher.failed) {
						continue;
					}
					if (publisher.buffer.hasRemaining()) {
						active = true;
						blocked = true;
						continue;
					}
				}
				if (publisher.encoded >= count || now >= deadlineNanos) {
					continue;
				}
				active = true;
				long due = count;
				if (intervalNanos > 0) {
					long since = now - startNanos - publisher.phaseNanos;
					due = (since < 0) ? 0 : Math.min(count, since / intervalNanos + 1);
				}
				if (publisher.encoded < due) {
					publisher.encode(due - publisher.encoded, now);
					publisher.flush();
					progress = true;
					blocked |= publisher.buffer.hasRemaining();
				}
				else {
					wakeAt = Math.min(wakeAt, startNanos + publisher.phaseNanos + publisher.encoded * intervalNanos);
				}
			}
			if (!active) {
				return;
			}
			if (progress || !blocked) {
				lastProgress = now;
			}
			else if (now - lastProgress > idleNanos) {
				for (GatewayPublisher publisher : publishers) {
					// a frame half written cannot be finished later: the publisher is done for
					publisher.failed |= publisher.buffer.hasRemaining();
				}
				return;
			}
			if (blocked && !progress) {
				LockSupport.parkNanos(Math.min(BLOCKED_PARK_NANOS, Math.max(1, wakeAt - now)));
			}
			else if (!progress && wakeAt != Long.MAX_VALUE) {
				LockSupport.parkNanos(Math.max(1, wakeAt - System.nanoTime()));
			}
		}
	}

	/** Spreads the publishers' schedules over one interval. */
	static void spread(List<GatewayPublisher> publishers, long intervalNanos) {
		for (int i = 0; i < publishers.size(); i++) {
			publishers.get(i).phaseNanos = intervalNanos * i / publishers.size();
		}
	}

	/**
	 * Publishes a probe ({@code PUB <room> P}), which members ignore: a hub tells a client about messages it dropped
	 * for it only when it next has a frame for it. Does nothing while earlier bytes are still unwritten.
	 */
	void probe() {
		if (this.failed) {
			return;
		}
		if (this.buffer.hasRemaining()) {
			flush();
			return;
		}
		this.buffer.clear();
		int frame = beginFrame();
		this.buffer.put(BenchFrame.PROBE);
		endFrame(frame);
		this.buffer.flip();
		this.messagesInBuffer = 0;
		flush();
	}

	/** Puts up to {@code count} messages in the buffer (as many as fit), stamped with {@code now}. */
	private void encode(long count, long now) {
		this.buffer.clear();
		int messages = 0;
		while (messages < count && this.buffer.remaining() >= this.wireSize) {
			int frame = beginFrame();
			BenchFrame.putPayload(this.buffer, this.payloadSize, this.number, this.nextSequence++, now);
			endFrame(frame);
			messages++;
		}
		this.buffer.flip();
		this.messagesInBuffer = messages;
		this.encoded += messages;
	}

	/** Starts a {@code PUB} frame in the buffer, up to its payload; returns where the frame starts. */
	private int beginFrame() {
		int start = this.buffer.position();
		if (this.framing == Framing.LENGTH_PREFIXED) {
			this.buffer.putInt(0);
		}
		this.buffer.put(this.prefix);
		return start;
	}

	/** Ends the frame begun at {@code start}: its length in the header, or its line end. */
	private void endFrame(int start) {
		if (this.framing == Framing.LENGTH_PREFIXED) {
			this.buffer.putInt(start, this.buffer.position() - start - 4);
		}
		else {
			this.buffer.put((byte) '\n');
		}
	}

	/** Writes what the socket takes now; returns the bytes still to write. */
	private int flush() {
		try {
			while (this.buffer.hasRemaining() && this.channel.write(this.buffer) > 0) {
				// the socket took some; offer it the rest
			}
		}
		catch (IOException ex) {
			this.failed = true;
			return this.buffer.remaining();
		}
		if (!this.buffer.hasRemaining() && this.messagesInBuffer > 0) {
			this.sent += this.messagesInBuffer;
			this.messagesInBuffer = 0;
		}
		return this.buffer.remaining();
	}

}
