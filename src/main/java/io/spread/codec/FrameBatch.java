package io.spread.codec;

import java.util.List;

/**
 * Every frame that had arrived on one connection when it was read, in order: each a {@code byte[]} payload or an
 * {@link OversizedFrame}. Relaying them together lets the hub queue one encoded chunk per receiver, not one per frame.
 */
public record FrameBatch(List<Object> frames) {

	public static final FrameBatch EMPTY = new FrameBatch(List.of());

}
