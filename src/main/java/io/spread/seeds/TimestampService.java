package io.spread.seeds;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Frame;
import io.spread.codec.FrameBatch;
import io.spread.codec.OversizedFrame;
import io.spread.connection.ClientConnection;
import io.spread.connection.OutboundEvents.DropReason;
import io.spread.connection.OutboundEvents;
import io.spread.logging.ClientLog;

import org.springframework.messaging.Message;

/**
 * The timestamp server's transformer: each line becomes {@code [<ctime>] <line>}, the time as C's {@code ctime()}
 * writes it ({@link Ctime}) in the clock's zone, the line's bytes as they came (its {@code \r\n} or {@code \n} taken
 * off by the line framing). An empty line gets {@code [<ctime>] }, as the original's {@code '[%s] %s' % (ctime(),
 * data)} does; a line over {@code spread.tcp.max-frame-size} gets {@code ERR frame-too-large max=<bytes>}, and the
 * connection stays open, as on the hub. The lines of one read share one reading of the clock.
 */
public class TimestampService {

	private final Clock clock;

	private final OutboundEvents events;

	private final Counter lines;

	/**
	 * @param clock the time and the zone the stamps are written in
	 * @param events where oversized lines are counted ({@code spread.frames.dropped{reason=oversized}})
	 */
	public TimestampService(Clock clock, OutboundEvents events, MeterRegistry meters) {
		this.clock = clock;
		this.events = events;
		this.lines = Counter.builder("spread.timestamp.lines")
			.description("Lines the timestamp server answered")
			.register(meters);
	}

	/** The replies to one read: a stamped line, or an error, for each line read, in order. */
	public List<byte[]> stamp(Message<?> batch) {
		List<Frame> frames = ((FrameBatch) batch.getPayload()).frames();
		byte[] prefix = ("[" + Ctime.format(ZonedDateTime.now(this.clock)) + "] ").getBytes(StandardCharsets.US_ASCII);
		List<byte[]> replies = new ArrayList<>(frames.size());
		int stamped = 0;
		for (Frame frame : frames) {
			if (frame instanceof Frame.Data data) {
				byte[] line = data.payload();
				byte[] reply = new byte[prefix.length + line.length];
				System.arraycopy(prefix, 0, reply, 0, prefix.length);
				System.arraycopy(line, 0, reply, prefix.length, line.length);
				replies.add(reply);
				stamped++;
			}
			else {
				OversizedFrame oversized = (OversizedFrame) frame;
				replies.add(oversized.errorText().getBytes(StandardCharsets.UTF_8));
				this.events.dropped(DropReason.OVERSIZED, 1);
				ClientConnection sender = SeedMessageMapper.sender(batch.getHeaders());
				ClientLog.warn("Discarded a line over max-frame-size {} from timestamp connection {} ({})",
						oversized.limit(), (sender != null) ? sender.getConnectionId() : "?",
						(sender != null) ? sender.remoteAddress() : "?");
			}
		}
		this.lines.increment(stamped);
		return replies;
	}

}
