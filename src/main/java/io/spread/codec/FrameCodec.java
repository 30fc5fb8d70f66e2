package io.spread.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.integration.ip.tcp.serializer.TcpDeserializationExceptionEvent;

/**
 * Reads and writes frames of one framing. As a Spring Integration (de)serializer it turns a TCP stream into
 * {@code byte[]} payloads one frame per call; a frame over the size limit comes out as an {@link OversizedFrame}
 * instead, because the stock serializers close the connection there and Spread's rules keep it open where the
 * stream allows. Stateless and shared by all connections; the hub reads through {@link #newDecoder()} instead.
 */
public abstract sealed class FrameCodec implements Serializer<Object>, Deserializer<Object>,
		ApplicationEventPublisherAware permits LineCodec, LengthPrefixedCodec, RawCodec {

	/** Scratch buffers we keep per reading thread; larger frames get a buffer of their own. */
	private static final int MAX_KEPT_SCRATCH = 64 * 1024;

	private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

	protected final int maxFrameSize;

	private final Framing framing;

	private ApplicationEventPublisher eventPublisher;

	protected FrameCodec(Framing framing, int maxFrameSize) {
		if (maxFrameSize < 1) {
			throw new IllegalArgumentException("maxFrameSize must be positive: " + maxFrameSize);
		}
		this.framing = framing;
		this.maxFrameSize = maxFrameSize;
	}

	public int maxFrameSize() {
		return this.maxFrameSize;
	}

	public Framing framing() {
		return this.framing;
	}

	/** A stateful reader for one connection, which returns every frame that has arrived at once. */
	public FrameDecoder newDecoder() {
		return new FrameDecoder(this, this.framing);
	}

	/**
	 * Reads the next frame, blocking until it is complete.
	 * @return the payload as {@code byte[]}, or an {@link OversizedFrame}
	 * @throws SoftEndOfStreamException when the peer closed the stream
	 */
	@Override
	public abstract Object deserialize(InputStream in) throws IOException;

	/** The payload as it goes on the wire, framing included. */
	public byte[] encode(byte[] payload) {
		byte[] frame = new byte[payload.length + overhead()];
		encodeInto(payload, frame, 0);
		return frame;
	}

	/** Several payloads as they go on the wire, one after the other, in one array. */
	public byte[] encode(List<byte[]> payloads) {
		int size = 0;
		for (byte[] payload : payloads) {
			size += payload.length + overhead();
		}
		byte[] frames = new byte[size];
		int offset = 0;
		for (byte[] payload : payloads) {
			offset = encodeInto(payload, frames, offset);
		}
		return frames;
	}

	/** Bytes the framing adds to each payload. */
	public abstract int overhead();

	/** Writes one encoded frame at {@code offset}; returns the offset after it. */
	protected abstract int encodeInto(byte[] payload, byte[] target, int offset);

	/** A text the server itself sends (welcome, errors), as it goes on the wire. */
	public byte[] encodeNotice(String text) {
		return encode(text.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void serialize(Object payload, OutputStream out) throws IOException {
		byte[] bytes = (payload instanceof String text) ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) payload;
		out.write(encode(bytes));
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * The marker for a frame over the limit; also published as a deserialization event.
	 * @param frameSize the frame's size, or -1 when it is only known to be too large
	 * @param seen bytes read of it, from {@code offset}, for the event
	 */
	OversizedFrame oversized(int frameSize, boolean streamUnusable, byte[] seen, int offset) {
		if (this.eventPublisher != null) {
			String size = (frameSize < 0) ? "more than " + this.maxFrameSize : String.valueOf(frameSize);
			IOException cause = new IOException("Frame of " + size + " bytes exceeds max-frame-size " + this.maxFrameSize);
			this.eventPublisher.publishEvent(new TcpDeserializationExceptionEvent(this, cause, seen, offset));
		}
		return new OversizedFrame(this.maxFrameSize, streamUnusable);
	}

	/** Reads the first byte of a frame; end of stream here is a clean close. */
	protected static int readFirstByte(InputStream in) throws IOException {
		int b = in.read();
		if (b < 0) {
			throw endOfStream(false);
		}
		return b;
	}

	/** Reads a byte inside a frame; end of stream here loses the partial frame. */
	protected static int readNextByte(InputStream in) throws IOException {
		int b = in.read();
		if (b < 0) {
			throw endOfStream(true);
		}
		return b;
	}

	/** The peer closed the stream; Spring Integration closes the connection quietly on this exception. */
	public static SoftEndOfStreamException endOfStream(boolean insideFrame) {
		return new SoftEndOfStreamException(insideFrame
				? "Stream closed inside a frame; the partial frame is discarded" : "Stream closed between frames");
	}

	/** A per-thread buffer of at least {@code size} bytes (deserialize runs wholly on one thread). */
	protected static byte[] scratch(int size) {
		byte[] buffer = SCRATCH.get();
		if (buffer.length >= size) {
			return buffer;
		}
		byte[] larger = new byte[size];
		if (size <= MAX_KEPT_SCRATCH) {
			SCRATCH.set(larger);
		}
		return larger;
	}

}
