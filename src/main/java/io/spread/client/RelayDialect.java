package io.spread.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The relay port's dialect, the Twisted tutorial client's: typed lines go as they are, every frame received is
 * printed as it came, and the heartbeat is {@code hello, I'm <name> <timestamp>}.
 */
public final class RelayDialect implements ClientDialect {

	private final String name;

	public RelayDialect(String name) {
		this.name = name;
	}

	@Override
	public List<String> greeting() {
		return List.of();
	}

	@Override
	public Optional<String> typed(String line) {
		return Optional.of(line);
	}

	@Override
	public String heartbeat(Instant now) {
		return "hello, I'm " + this.name + " " + now;
	}

	@Override
	public void received(byte[] frame, ReceivedFrames printer) {
		printer.received(frame);
	}

}
