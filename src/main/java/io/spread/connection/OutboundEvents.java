package io.spread.connection;

/** Where connections report what happened to their frames (implemented by the hub's metrics). */
public interface OutboundEvents {

	void delivered(int frames, long bytes);

	void dropped(DropReason reason, int frames);

	/** A read was put off because the hub is over its memory budget and the client holds an unfinished frame. */
	void readPaused();

	enum DropReason {

		/** The connection's outbound queue was over its limits, or shed for memory. */
		SLOW_CONSUMER,

		/** The frame was larger than {@code spread.tcp.max-frame-size}. */
		OVERSIZED,

		/** The connection closed with frames still queued. */
		CLOSED,

		/** The sender went over its frame rate. */
		RATE_LIMITED;

		public String tag() {
			return name().toLowerCase().replace('_', '-');
		}

	}

}
