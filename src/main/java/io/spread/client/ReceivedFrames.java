package io.spread.client;

/**
 * Where a client puts each frame it receives: by default the console (one line each), in the log bot its files.
 * A bean of this type, where present, takes the place of the console.
 */
@FunctionalInterface
public interface ReceivedFrames {

	void received(byte[] frame);

}
