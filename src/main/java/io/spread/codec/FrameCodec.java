package io.spread.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.integration.ip.tcp.serializer.TcpDeserializationExceptionEvent;

/**
 * Reads and writes frames of one framing. As a Spring Integration (de)serializer it turns a TCP stream into
 * {@link Frame}s one per call (client mode); the hub decodes socket reads with {@link #newDecoder()}. Both go through
 * {@link FrameDecoder}, the one implementation of the framing rules. A frame over the size limit comes out as an
 * {@link OversizedFrame}, because the stock serializers close the connection there and Spread's rules keep it open
 * where the stream allows. Stateless and shared by all connections.
 */
public abstract sealed class FrameCodec implements Serializer<Object>, Deserializer<Frame>,
		ApplicationEventPublisherAware permits LineCodec, LengthPrefixedCodec, RawCodec {

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
		return new FrameDecoder(this, this.framing, false);
	}

	/**
	 * A reader for a client that may be telnet: in {@code line} framing, telnet's commands (option negotiation, a
	 * user's Ctrl-C) are taken out of the stream before it is cut into lines. Other framings are binary and left as
	 * they are.
	 */
	public FrameDecoder newClientDecoder(boolean stripTelnet) {
		return new FrameDecoder(this, this.framing, stripTelnet && this.framing == Framing.LINE);
	}

	/**
	 * Reads the next frame from a blocking stream, waiting until it is complete. Line and length-prefixed frames are
	 * read a byte at a time, so that no byte of the next frame is taken; a raw frame is whatever has arrived, as on
	 * the hub.
	 * @return a {@link Frame.Data}, or an {@link OversizedFrame}
	 * @throws SoftEndOfStreamException when the peer closed the stream
	 */
	@Override
	public Frame deserialize(InputStream in) throws IOException {
		return deserialize(newDecoder(), in);
	}

	/**
	 * Feeds a decoder from a blocking stream, as {@link #deserialize(InputStream)} does, until it completes a frame.
	 * The decoder may hold the start of that frame already.
	 */
	Frame deserialize(FrameDecoder decoder, InputStream in) throws IOException {
		List<Frame> frames = new ArrayList<>(1);
		byte[] bytes = new byte[(this.framing == Framing.RAW) ? this.maxFrameSize : 1];
		int read = in.read(bytes, 0, 1);
		while (true) {
			if (read < 0) {
				throw endOfStream(decoder.hasPartialFrame());
			}
			if (this.framing == Framing.RAW) {
				read += Math.max(0, in.read(bytes, 1, Math.min(in.available(), bytes.length - 1)));
			}
			decoder.decode(bytes, 0, read, frames);
			if (!frames.isEmpty()) {
				return frames.get(0);
			}
			read = in.read(bytes, 0, 1);
		}
	}

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
	 * The marker for a frame over the limit; also published as Spring Integration's deserialization event.
	 * @param frameSize the frame's size, or -1 when it is only known to be too large
	 */
	OversizedFrame oversized(int frameSize, boolean streamUnusable) {
		if (this.eventPublisher != null) {
			String size = (frameSize < 0) ? "more than " + this.maxFrameSize : String.valueOf(frameSize);
			IOException cause = new IOException("Frame of " + size + " bytes exceeds max-frame-size " + this.maxFrameSize);
			this.eventPublisher.publishEvent(new TcpDeserializationExceptionEvent(this, cause, new byte[0], 0));
		}
		return new OversizedFrame(this.maxFrameSize, streamUnusable);
	}

	/** The peer closed the stream; Spring Integration closes the connection quietly on this exception. */
	public static SoftEndOfStreamException endOfStream(boolean insideFrame) {
		return new SoftEndOfStreamException(insideFrame
				? "Stream closed inside a frame; the partial frame is discarded" : "Stream closed between frames");
	}

}
