package io.spread.hub;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code spread.room.messages}, tagged by room for the first {@link #ROOM_TAGS} rooms that see a message and
 * {@code other} for the rest, so that clients making rooms cannot grow the metrics without limit.
 */
public class RoomMeters {

	static final int ROOM_TAGS = 50;

	static final String OTHER = "other";

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

	public RoomMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	void published(String room, int messages) {
		Counter counter = this.counters.get(room);
		if (counter == null) {
			String tag = (this.counters.size() < ROOM_TAGS) ? room : OTHER;
			counter = this.counters.computeIfAbsent(tag, this::counter);
		}
		counter.increment(messages);
	}

	private Counter counter(String tag) {
		return Counter.builder("spread.room.messages")
			.description("Messages published to rooms, by room (the first " + ROOM_TAGS + " rooms; the rest as "
					+ OTHER + ")")
			.tag("room", tag)
			.register(this.registry);
	}

}
