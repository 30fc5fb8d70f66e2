package io.spread.hub;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spread.connection.CloseReason;
import io.spread.connection.OutboundEvents;

/** The hub's Micrometer meters, all named {@code spread.*}. */
public class HubMetrics implements OutboundEvents {

	private final Counter framesReceived;

	private final Counter bytesReceived;

	private final Counter framesDelivered;

	private final Counter bytesDelivered;

	private final Map<DropReason, Counter> framesDropped = new EnumMap<>(DropReason.class);

	private final Timer broadcastLatency;

	private final Counter connectionsOpened;

	private final Counter readsPaused;

	private final Map<CloseReason, Counter> connectionsClosed = new EnumMap<>(CloseReason.class);

	public HubMetrics(MeterRegistry registry) {
		this.framesReceived = Counter.builder("spread.frames.received")
			.description("Frames read from clients")
			.register(registry);
		this.bytesReceived = Counter.builder("spread.bytes.received")
			.description("Payload bytes read from clients")
			.baseUnit("bytes")
			.register(registry);
		this.framesDelivered = Counter.builder("spread.frames.delivered")
			.description("Frames written to clients, counted once per receiver")
			.register(registry);
		this.bytesDelivered = Counter.builder("spread.bytes.delivered")
			.description("Bytes written to clients")
			.baseUnit("bytes")
			.register(registry);
		for (DropReason reason : DropReason.values()) {
			this.framesDropped.put(reason, Counter.builder("spread.frames.dropped")
				.description("Frames not delivered, by reason")
				.tag("reason", reason.tag())
				.register(registry));
		}
		this.broadcastLatency = Timer.builder("spread.broadcast.latency")
			.description("Time from reading a frame to queuing it for its last receiver")
			.publishPercentiles(0.5, 0.99, 0.999)
			.register(registry);
		this.readsPaused = Counter.builder("spread.reads.paused")
			.description("Reads put off because the hub was over its memory budget and the client held an unfinished frame")
			.register(registry);
		this.connectionsOpened = Counter.builder("spread.connections.opened")
			.description("Connections accepted, refused ones included")
			.register(registry);
		for (CloseReason reason : CloseReason.values()) {
			this.connectionsClosed.put(reason, Counter.builder("spread.connections.closed")
				.description("Connections closed, by reason")
				.tag("reason", reason.tag())
				.register(registry));
		}
	}

	void opened() {
		this.connectionsOpened.increment();
	}

	void closed(CloseReason reason) {
		this.connectionsClosed.get(reason).increment();
	}

	void received(int frames, int payloadBytes, long receivedNanos) {
		this.framesReceived.increment(frames);
		this.bytesReceived.increment(payloadBytes);
		this.broadcastLatency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void delivered(int frames, long bytes) {
		this.framesDelivered.increment(frames);
		this.bytesDelivered.increment(bytes);
	}

	@Override
	public void readPaused() {
		this.readsPaused.increment();
	}

	@Override
	public void dropped(DropReason reason, int frames) {
		this.framesDropped.get(reason).increment(frames);
	}

}
