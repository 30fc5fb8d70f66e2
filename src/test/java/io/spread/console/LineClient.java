package io.spread.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.spread.codec.Framing;
import io.spread.support.TestClient;

import static org.assertj.core.api.Assertions.fail;

/**
 * An {@code nc}-style client of the relay or gateway port in {@code line} framing: it writes lines and reads
 * lines, nothing more, as a person at {@code nc 127.0.0.1 8008} would.
 */
final class LineClient implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final TestClient client;

	private LineClient(TestClient client) {
		this.client = client;
	}

	static LineClient connect(int port) {
		return new LineClient(TestClient.connect(port, Framing.LINE));
	}

	/** The client's own end, {@code 127.0.0.1:<port>}: its address as the hub lists it. */
	String address() {
		return "127.0.0.1:" + this.client.socket().getLocalPort();
	}

	void send(String line) {
		this.client.sendFrame(line);
	}

	String read() {
		return this.client.readText();
	}

	/** Reads lines until one matches, failing with every line read if none does within the wait. */
	String readUntil(String what, Predicate<String> wanted) {
		List<String> read = new ArrayList<>();
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Optional<String> line = this.client
				.readTextWithin(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
			if (line.isEmpty()) {
				break;
			}
			if (wanted.test(line.get())) {
				return line.get();
			}
			read.add(line.get());
		}
		return fail("no %s within %s; read %s", what, WAIT, read);
	}

	/** Reads and throws away what arrives until the connection ends (on a thread of its own). */
	void drain() {
		try {
			while (true) {
				this.client.readFrame();
			}
		}
		catch (RuntimeException ex) {
			// closed: done
		}
	}

	@Override
	public void close() {
		this.client.close();
	}

}
