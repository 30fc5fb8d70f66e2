package io.spread.codec;

import java.util.List;

/**
 * Every frame one socket read completed, in order. Relaying them together lets the hub queue one encoded chunk per
 * receiver, not one per frame.
 */
public record FrameBatch(List<Frame> frames) {

}
