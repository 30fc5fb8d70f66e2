package io.spread.codec;

import io.spread.protocol.ErrorText;

/**
 * What a decoder emits in place of a frame larger than the configured maximum.
 *
 * @param limit the maximum frame size in bytes
 * @param streamUnusable true when the rest of the stream cannot be trusted (a bad length header), so the
 * connection must be closed; false when the decoder skipped the frame and the next one can be read
 */
public record OversizedFrame(int limit, boolean streamUnusable) implements Frame {

	/** The error text sent to the client that sent the frame. */
	public String errorText() {
		return ErrorText.frameTooLarge(this.limit);
	}

}
