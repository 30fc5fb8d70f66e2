package io.spread.client;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.spread.codec.Framing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's side of a gateway connection, played by a test: it accepts client mode's connections on a loopback
 * port, checks each command it reads, and writes the frames the test scripts in chunks of odd sizes (1, 2, 3, 5, 7
 * and 11 bytes, each flushed apart), so that frames and their length headers arrive split anywhere. Every read has
 * a timeout. Line or length-prefixed framing.
 */
final class ScriptedGateway implements Closeable {

	private static final int TIMEOUT_MILLIS = 20_000;

	private static final int[] CHUNKS = { 1, 2, 3, 5, 7, 11 };

	private final ServerSocket listener;

	private final Framing framing;

	private Socket connection;

	private DataInputStream in;

	private int chunk;

	ScriptedGateway(Framing framing) {
		this.framing = framing;
		try {
			this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.listener.setSoTimeout(TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.listener.getLocalPort();
	}

	/** Waits for the client's next connection (the previous one, if any, is closed). */
	ScriptedGateway accept() {
		try {
			closeConnection();
			this.connection = this.listener.accept();
			this.connection.setSoTimeout(TIMEOUT_MILLIS);
			// each chunk its own segment, as far as TCP allows
			this.connection.setTcpNoDelay(true);
			this.in = new DataInputStream(this.connection.getInputStream());
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The next commands read are exactly these. */
	ScriptedGateway expect(String... commands) {
		for (String command : commands) {
			assertThat(read()).as("command from client mode").isEqualTo(command);
		}
		return this;
	}

	/** Writes these frames, all of them split into odd chunks. */
	ScriptedGateway write(String... frames) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (String frame : frames) {
			bytes.writeBytes(encode(frame.getBytes(StandardCharsets.UTF_8)));
		}
		writeInChunks(bytes.toByteArray());
		return this;
	}

	/** Ends the connection as a hub that went away does. */
	void closeConnection() {
		try {
			if (this.connection != null) {
				this.connection.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		closeConnection();
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String read() {
		try {
			if (this.framing == Framing.LENGTH_PREFIXED) {
				byte[] payload = new byte[this.in.readInt()];
				this.in.readFully(payload);
				return new String(payload, StandardCharsets.UTF_8);
			}
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int b;
			while ((b = this.in.read()) != '\n') {
				if (b < 0) {
					throw new EOFException("client mode closed the connection");
				}
				line.write(b);
			}
			return line.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private byte[] encode(byte[] payload) {
		if (this.framing == Framing.LENGTH_PREFIXED) {
			return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
		}
		byte[] line = new byte[payload.length + 1];
		System.arraycopy(payload, 0, line, 0, payload.length);
		line[payload.length] = '\n';
		return line;
	}

	private void writeInChunks(byte[] bytes) {
		try {
			OutputStream out = this.connection.getOutputStream();
			int offset = 0;
			while (offset < bytes.length) {
				int size = Math.min(CHUNKS[this.chunk++ % CHUNKS.length], bytes.length - offset);
				out.write(bytes, offset, size);
				out.flush();
				offset += size;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
