package io.spread.codec;

/**
 * One frame read from a peer: a payload, or the marker left where a frame over the size limit was.
 * Every reader of the wire (the hub, client mode, the log bot) gets frames of this type from {@link FrameDecoder}.
 */
public sealed interface Frame permits Frame.Data, OversizedFrame {

	/** A frame's payload, without its framing. The array is the frame's own and is never modified. */
	record Data(byte[] payload) implements Frame {
	}

}
