package io.spread.connection;

/** Where connections report what happened to the frames queued for them (implemented by the hub's metrics). */
public interface OutboundEvents {

	void delivered(int frames, long bytes);

	void dropped(DropReason reason, int frames);

	enum DropReason {

		/** The connection's outbound buffer was full. */
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
