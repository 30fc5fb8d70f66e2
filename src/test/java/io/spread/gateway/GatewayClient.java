package io.spread.gateway;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.spread.codec.Framing;
import io.spread.support.TestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of the gateway protocol (SPEC section 8) over {@link TestClient}: every read has a timeout, every
 * expectation compares whole frames. Commands are written as the text a user would type; the framing is the
 * listener's.
 */
final class GatewayClient implements Closeable {

	private static final AtomicInteger SYNCS = new AtomicInteger();

	/** {@code OK JOIN <room> <members> <epoch> <last-offset>}. */
	private static final Pattern JOIN_ANSWER = Pattern.compile("OK JOIN (\\S+) (\\d+) (\\S+) (\\d+)");

	private final TestClient client;

	private String name;

	private GatewayClient(TestClient client) {
		this.client = client;
	}

	static GatewayClient connect(int port, Framing framing, Consumer<Socket> beforeConnect) {
		return new GatewayClient(TestClient.connect(port, framing, beforeConnect));
	}

	/** The name given by {@link #hello}, for building expected frames. */
	String name() {
		assertThat(this.name).as("this client said HELLO").isNotNull();
		return this.name;
	}

	TestClient raw() {
		return this.client;
	}

	// --- writing

	void send(String frame) {
		this.client.sendFrame(frame);
	}

	void send(byte[] frame) {
		this.client.sendFrame(frame);
	}

	/** Several commands in one socket write. */
	void sendAll(List<String> frames) {
		this.client.sendRaw(encodeAll(frames));
	}

	/** The bytes of these commands as the framing puts them on the wire, one after the other. */
	byte[] encodeAll(List<String> frames) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (String frame : frames) {
			bytes.writeBytes(this.client.encode(frame.getBytes(StandardCharsets.UTF_8)));
		}
		return bytes.toByteArray();
	}

	void pub(String room, String payload) {
		send("PUB " + room + " " + payload);
	}

	void pub(String room, byte[] payload) {
		send(concat(("PUB " + room + " ").getBytes(StandardCharsets.UTF_8), payload));
	}

	void dm(String to, String payload) {
		send("SEND " + to + " " + payload);
	}

	// --- reading

	String read() {
		return this.client.readText();
	}

	byte[] readBytes() {
		return this.client.readFrame();
	}

	/** The next frames are exactly these, in this order. */
	GatewayClient expect(String... frames) {
		for (String frame : frames) {
			assertThat(read()).as("next frame at %s", who()).isEqualTo(frame);
		}
		return this;
	}

	/** The next frame is exactly these bytes. */
	GatewayClient expectBytes(byte[] frame) {
		byte[] got = readBytes();
		assertThat(got).as("next frame at %s (as text: %s)", who(), new String(got, StandardCharsets.UTF_8))
			.isEqualTo(frame);
		return this;
	}

	/** The next {@code count} frames, in the order they came (for events whose relative order is not fixed). */
	List<String> read(int count) {
		List<String> frames = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			frames.add(read());
		}
		return frames;
	}

	/** Sends a command and returns the next frame. */
	String ask(String command) {
		send(command);
		return read();
	}

	/** Sends a command and checks that the next frame is {@code answer}. */
	GatewayClient answers(String command, String answer) {
		assertThat(ask(command)).as("answer to '%s' at %s", command, who()).isEqualTo(answer);
		return this;
	}

	/**
	 * Nothing but what was already checked is waiting for this client: a {@code PING} with a fresh token is answered
	 * by the very next frame. Frames the hub queued for this client before it read the {@code PING} come first and
	 * fail the check.
	 */
	GatewayClient sync() {
		String token = "sync-" + SYNCS.incrementAndGet();
		assertThat(ask("PING " + token)).as("nothing pending at %s before the PONG", who()).isEqualTo("PONG " + token);
		return this;
	}

	// --- commands with their answers

	GatewayClient hello(String name) {
		answers("HELLO " + name, "OK HELLO " + name);
		this.name = name;
		return this;
	}

	/** HELLO and JOIN in one write; returns the JOIN answer, whose shape is checked. */
	Joined helloAndJoin(String name, String room) {
		sendAll(List.of("HELLO " + name, "JOIN " + room));
		expect("OK HELLO " + name);
		this.name = name;
		return Joined.parse(room, read());
	}

	/** Joins and checks the answer's shape; the caller checks the numbers. */
	Joined join(String room) {
		String answer = ask("JOIN " + room);
		return Joined.parse(room, answer);
	}

	/** Joins and checks the member count and last offset; returns the epoch. */
	String join(String room, int members, long lastOffset) {
		Joined joined = join(room);
		assertThat(joined.members()).as("members of %s after %s joined", room, who()).isEqualTo(members);
		assertThat(joined.lastOffset()).as("last offset of %s when %s joined", room, who()).isEqualTo(lastOffset);
		return joined.epoch();
	}

	GatewayClient leave(String room) {
		return answers("LEAVE " + room, "OK LEAVE " + room);
	}

	// --- the end of the connection

	/** Reads until the hub closes the connection; fails if it does not within the read timeout. */
	void awaitClosed() {
		this.client.awaitClosedByServer();
	}

	void reset() {
		this.client.reset();
	}

	@Override
	public void close() {
		this.client.close();
	}

	private String who() {
		return (this.name != null) ? this.name : "an unnamed client";
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			bytes.writeBytes(part);
		}
		return bytes.toByteArray();
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** An {@code OK JOIN} answer. */
	record Joined(String room, int members, String epoch, long lastOffset) {

		static Joined parse(String room, String answer) {
			Matcher matcher = JOIN_ANSWER.matcher(answer);
			assertThat(matcher.matches()).as("'%s' is OK JOIN <room> <members> <epoch> <last-offset>", answer)
				.isTrue();
			assertThat(matcher.group(1)).as("room in '%s'", answer).isEqualTo(room);
			return new Joined(matcher.group(1), Integer.parseInt(matcher.group(2)), matcher.group(3),
					Long.parseLong(matcher.group(4)));
		}

		/** The answer as the hub writes it, to compare with a repeated JOIN's. */
		String answer() {
			return "OK JOIN " + this.room + " " + this.members + " " + this.epoch + " " + this.lastOffset;
		}

	}

}
