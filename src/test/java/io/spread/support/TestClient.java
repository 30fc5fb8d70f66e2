package io.spread.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

import io.spread.codec.Framing;

/**
 * A plain blocking-socket client for tests, speaking one framing. Every read has a timeout, so a frame that never
 * comes fails the test instead of hanging it.
 */
public final class TestClient implements Closeable {

	private static final int READ_TIMEOUT_MILLIS = 20_000;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final Framing framing;

	private TestClient(Socket socket, Framing framing) throws IOException {
		this.socket = socket;
		this.framing = framing;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	/** A client over a socket connected already (a TLS one, say). */
	public static TestClient over(Socket socket, Framing framing) {
		try {
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			return new TestClient(socket, framing);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static TestClient connect(int port, Framing framing) {
		return connect(port, framing, socket -> { });
	}

	/** Connects after {@code beforeConnect} has set socket options (such as a small receive buffer). */
	public static TestClient connect(int port, Framing framing, Consumer<Socket> beforeConnect) {
		try {
			Socket socket = new Socket();
			beforeConnect.accept(socket);
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
			return new TestClient(socket, framing);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Socket socket() {
		return this.socket;
	}

	/** Sends one frame in this client's framing, in one write. */
	public void sendFrame(byte[] payload) {
		sendRaw(encode(payload));
	}

	public void sendFrame(String text) {
		sendFrame(text.getBytes(StandardCharsets.UTF_8));
	}

	/** The bytes of one frame as this client's framing puts them on the wire. */
	public byte[] encode(byte[] payload) {
		return switch (this.framing) {
			case LINE -> concat(payload, new byte[] { '\n' });
			case LENGTH_PREFIXED -> concat(ByteBuffer.allocate(4).putInt(payload.length).array(), payload);
			case RAW -> payload;
		};
	}

	public void sendRaw(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes {@code bytes} in separate writes of {@code chunkSize} bytes each. */
	public void sendInChunks(byte[] bytes, int chunkSize) {
		for (int offset = 0; offset < bytes.length; offset += chunkSize) {
			sendRaw(Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + chunkSize)));
		}
	}

	/** Reads one frame (for {@code raw}, one line: the server's notices are lines there). */
	public byte[] readFrame() {
		try {
			if (this.framing == Framing.LENGTH_PREFIXED) {
				int length = ByteBuffer.wrap(readExactly(4)).getInt();
				return readExactly(length);
			}
			return readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String readText() {
		return new String(readFrame(), StandardCharsets.UTF_8);
	}

	/** A frame if one arrives within {@code wait}, else empty; the connection stays usable. */
	public Optional<String> readTextWithin(Duration wait) {
		try {
			this.socket.setSoTimeout((int) wait.toMillis());
			return Optional.of(readText());
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof SocketTimeoutException) {
				return Optional.empty();
			}
			throw ex;
		}
		catch (SocketException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			try {
				this.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			}
			catch (SocketException ex) {
				// closed meanwhile: the next read reports it
			}
		}
	}

	public byte[] readExactly(int length) throws IOException {
		byte[] bytes = this.in.readNBytes(length);
		if (bytes.length < length) {
			throw new EOFException("Stream closed after " + bytes.length + " of " + length + " bytes");
		}
		return bytes;
	}

	/** Reads up to the next {@code \n}; the terminator and a {@code \r} before it are not returned. */
	private byte[] readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = this.in.read()) != '\n') {
			if (b < 0) {
				throw new EOFException("Stream closed inside a line: " + line);
			}
			line.write(b);
		}
		byte[] bytes = line.toByteArray();
		int length = bytes.length;
		return (length > 0 && bytes[length - 1] == '\r') ? Arrays.copyOf(bytes, length - 1) : bytes;
	}

	/** Reads and discards until the server closes the connection; fails if it does not within the timeout. */
	public void awaitClosedByServer() {
		byte[] sink = new byte[64 * 1024];
		try {
			while (this.in.read(sink) >= 0) {
				// discard
			}
		}
		catch (SocketException ex) {
			// a reset also means the server closed the connection
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Closes with an RST instead of a FIN, as a crashed or unplugged peer would. */
	public void reset() {
		try {
			this.socket.setSoLinger(true, 0);
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
