package io.spread.tls;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import io.spread.connection.MemoryBudget;
import io.spread.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS at its edges, over real sockets with the JDK's SSLEngine as a hand-driven client: what a failed or cut session
 * leaves in the memory budget (regression: a whole record buffer stayed counted after a plaintext client or a client
 * that hung up inside a record), a clean close_notify (regression: logged as a read failure), the hub's close_notify
 * and alerts, and handshakes that arrive in one flight, one byte at a time, with key updates, large frames, many at
 * once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.tcp.ssl.bundle=server",
				"spread.gateway.ssl.bundle=server", "spread.gateway.ssl.client-auth=need",
				"spread.gateway.framing=length-prefixed", "logging.level.io.spread.clients=INFO" })
@ExtendWith(OutputCaptureExtension.class)
class TlsEdgeCaseTest extends TlsTestSupport {

	private static final String PASSWORD = TestCertificates.PASSWORD;

	private static final Path DIR = TestCertificates.dir();

	@Autowired
	@Qualifier("gatewayListener")
	private TcpNioServerConnectionFactory gateway;

	@Autowired
	private MemoryBudget budget;

	// ---- memory budget --------------------------------------------------------------------------------------

	/** A plaintext client on a TLS port: once it is closed, nothing of it may stay counted in the budget. */
	@Test
	void aPlaintextClientLeavesNothingCountedInTheBudget(CapturedOutput output) throws Exception {
		long before = this.budget.partialInputBytes();
		for (int i = 0; i < 5; i++) {
			try (Socket plain = new Socket("127.0.0.1", this.relay.getPort())) {
				plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				plain.setSoTimeout(10_000);
				// the hub's alert, if any, then the end: nothing of what it sent is relayed, it is closed
				assertThat(plain.getInputStream().readAllBytes()).hasSizeLessThan(64);
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.clientCount() == 0);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.budget.partialInputBytes())
				.as("partial input counted after 5 plaintext clients closed")
				.isEqualTo(before));
		assertThat(output.getOut()).doesNotContain("\tat ");
	}

	/** A client that hangs up inside a TLS record: the record's buffer must leave the budget with it. */
	@Test
	void aClientThatHangsUpInsideARecordLeavesNothingCountedInTheBudget() throws Exception {
		long before = this.budget.partialInputBytes();
		try (Socket raw = new Socket("127.0.0.1", this.relay.getPort())) {
			// a handshake record header announcing 512 bytes, and 10 of them
			raw.getOutputStream().write(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
			raw.getOutputStream().flush();
			await().until(() -> this.registry.clientCount() == 1);
			// the hub has read the start of the record
			await().until(() -> this.budget.partialInputBytes() > before);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.clientCount() == 0);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.budget.partialInputBytes())
				.as("partial input counted after the client hung up")
				.isEqualTo(before));
	}

	// ---- closing ----------------------------------------------------------------------------------------------

	/** A client that ends its TLS session cleanly (close_notify) is a client close, not a failed read. */
	@Test
	void aCleanTlsCloseIsNotAReadFailure(CapturedOutput output) throws Exception {
		SSLSocket socket = tlsSocket(this.relay.getPort(), false);
		assertThat(lines(socket.getInputStream()).readLine()).startsWith("Welcome to Spread Site");
		await().until(() -> this.registry.clientCount() == 1);
		socket.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.clientCount() == 0);
		String lost = output.getOut().lines().filter((line) -> line.contains("lost connect")).reduce("",
				(a, b) -> b);
		assertThat(lost).as("the close line of a client that sent close_notify").contains("lost connect")
			.doesNotContain("read failed");
	}

	/** The hub ends a TLS session it closes (gateway QUIT) with close_notify, not with a bare TCP FIN. */
	@Test
	void theHubSendsCloseNotifyWhenItClosesAClient() throws Exception {
		EngineClient client = new EngineClient(TestCertificates.clientContext(true), this.gateway.getPort());
		closeLater(client);
		client.handshake(false);
		client.send(framed("HELLO dave"));
		client.send(framed("QUIT"));
		client.readUntilEnd();
		assertThat(client.received()).as("what the hub sent before closing").isNotEmpty();
		assertThat(client.closeNotify).as("close_notify received before the socket's end").isTrue();
	}

	/** A client refused for want of a certificate is told why with a TLS alert, not merely cut off. */
	@Test
	void aRefusedHandshakeSendsItsAlert() throws Exception {
		EngineClient client = new EngineClient(TestCertificates.clientContext(false), this.gateway.getPort());
		closeLater(client);
		client.handshake(false);
		// (a client that sent data after its refused handshake may see a reset instead: its unread bytes make the
		// hub's close a TCP reset, which can discard the alert on its way)
		client.readUntilEnd();
		assertThat(client.failure).as("the client learns of the refusal from an alert").isNotNull();
		assertThat(client.failure.getMessage()).containsIgnoringCase("certificate");
	}

	// ---- handshake shapes (expected to pass) ---------------------------------------------------------------

	/** Finished and the first application data in one TCP write. */
	@Test
	void finishedAndDataInOneFlight() throws Exception {
		SSLSocket reader = tlsSocket(this.relay.getPort(), false);
		BufferedReader in = lines(reader.getInputStream());
		assertThat(in.readLine()).startsWith("Welcome to Spread Site");
		EngineClient client = new EngineClient(TestCertificates.clientContext(false), this.relay.getPort());
		closeLater(client);
		client.handshake(true, "one flight\n".getBytes(StandardCharsets.UTF_8));
		assertThat(in.readLine()).isEqualTo("one flight");
	}

	/** The whole handshake and the first data one byte per TCP segment. */
	@Test
	void aHandshakeOneByteAtATime() throws Exception {
		SSLSocket reader = tlsSocket(this.relay.getPort(), false);
		BufferedReader in = lines(reader.getInputStream());
		assertThat(in.readLine()).startsWith("Welcome to Spread Site");
		EngineClient client = new EngineClient(TestCertificates.clientContext(false), this.relay.getPort());
		client.trickle = true;
		closeLater(client);
		client.handshake(false);
		client.send("trickled\n".getBytes(StandardCharsets.UTF_8));
		assertThat(in.readLine()).isEqualTo("trickled");
		assertThat(this.budget.partialInputBytes()).isLessThan(64 * 1024);
	}

	/** TLS 1.3 KeyUpdate (the JDK sends one when startHandshake is called again) both ways, then more data. */
	@Test
	void keyUpdateMidStream() throws Exception {
		SSLSocket a = tlsSocket(this.relay.getPort(), false);
		BufferedReader aIn = lines(a.getInputStream());
		assertThat(aIn.readLine()).startsWith("Welcome to Spread Site");
		SSLSocket b = tlsSocket(this.relay.getPort(), false);
		BufferedReader bIn = lines(b.getInputStream());
		assertThat(bIn.readLine()).startsWith("Welcome to Spread Site");
		for (int i = 0; i < 5; i++) {
			a.startHandshake();
			b.startHandshake();
			a.getOutputStream().write(("after key update " + i + "\n").getBytes(StandardCharsets.UTF_8));
			a.getOutputStream().flush();
			assertThat(bIn.readLine()).isEqualTo("after key update " + i);
			b.getOutputStream().write(("back " + i + "\n").getBytes(StandardCharsets.UTF_8));
			b.getOutputStream().flush();
			assertThat(aIn.readLine()).isEqualTo("back " + i);
		}
	}

	/** 60 KB lines, each many records, relayed whole and in order. */
	@Test
	void largeFramesOverTls() throws Exception {
		SSLSocket reader = tlsSocket(this.relay.getPort(), false);
		BufferedReader in = lines(reader.getInputStream());
		assertThat(in.readLine()).startsWith("Welcome to Spread Site");
		SSLSocket sender = tlsSocket(this.relay.getPort(), false);
		assertThat(lines(sender.getInputStream()).readLine()).startsWith("Welcome to Spread Site");
		for (int i = 0; i < 50; i++) {
			String line = Integer.toString(i).repeat(60_000 / Integer.toString(i).length());
			sender.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		}
		sender.getOutputStream().flush();
		for (int i = 0; i < 50; i++) {
			String line = Integer.toString(i).repeat(60_000 / Integer.toString(i).length());
			assertThat(in.readLine()).isEqualTo(line);
		}
	}

	/** 200 handshakes at once: each gets its welcome. */
	@Test
	void manyHandshakesAtOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(50);
		try {
			List<Future<String>> welcomes = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				welcomes.add(pool.submit(() -> {
					SSLSocket socket = tlsSocket(this.relay.getPort(), false);
					return lines(socket.getInputStream()).readLine();
				}));
			}
			for (Future<String> welcome : welcomes) {
				assertThat(welcome.get()).startsWith("Welcome to Spread Site");
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static byte[] framed(String text) throws IOException {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(payload.length);
		out.write(payload);
		return bytes.toByteArray();
	}

	/** A blocking TLS client on the JDK's SSLEngine, so that what goes on the wire, and when, is the test's. */
	static final class EngineClient implements AutoCloseable {

		final Socket socket;

		final SSLEngine engine;

		final InputStream in;

		final OutputStream out;

		ByteBuffer netIn = ByteBuffer.allocate(1 << 17);

		final ByteBuffer appIn = ByteBuffer.allocate(1 << 18);

		final ByteArrayOutputStream pending = new ByteArrayOutputStream();

		boolean trickle;

		boolean closeNotify;

		boolean eof;

		SSLException failure;

		EngineClient(SSLContext context, int port) throws IOException {
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.connect(new InetSocketAddress("127.0.0.1", port));
			this.socket.setSoTimeout(10_000);
			this.in = this.socket.getInputStream();
			this.out = this.socket.getOutputStream();
			this.engine = context.createSSLEngine("127.0.0.1", port);
			this.engine.setUseClientMode(true);
		}

		void handshake(boolean holdLastFlight, byte[]... firstData) throws IOException {
			this.engine.beginHandshake();
			while (true) {
				HandshakeStatus status = this.engine.getHandshakeStatus();
				switch (status) {
					case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
					case NEED_UNWRAP -> {
						this.netIn.flip();
						SSLEngineResult result = this.engine.unwrap(this.netIn, this.appIn);
						this.netIn.compact();
						if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
							flushPending();
							if (!readSome()) {
								throw new IOException("closed during the handshake");
							}
						}
					}
					case NEED_TASK -> {
						Runnable task;
						while ((task = this.engine.getDelegatedTask()) != null) {
							task.run();
						}
					}
					default -> {
						for (byte[] data : firstData) {
							wrap(ByteBuffer.wrap(data));
						}
						if (!holdLastFlight || firstData.length > 0) {
							flushPending();
						}
						return;
					}
				}
			}
		}

		private void wrap(ByteBuffer data) throws IOException {
			do {
				ByteBuffer record = ByteBuffer.allocate(this.engine.getSession().getPacketBufferSize());
				SSLEngineResult result = this.engine.wrap(data, record);
				record.flip();
				this.pending.write(record.array(), 0, record.limit());
				if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
					Runnable task;
					while ((task = this.engine.getDelegatedTask()) != null) {
						task.run();
					}
				}
			}
			while (data.hasRemaining());
		}

		private void flushPending() throws IOException {
			byte[] bytes = this.pending.toByteArray();
			this.pending.reset();
			if (this.trickle) {
				for (byte b : bytes) {
					this.out.write(b);
					this.out.flush();
					try {
						Thread.sleep(1);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			}
			else {
				this.out.write(bytes);
				this.out.flush();
			}
		}

		private boolean readSome() throws IOException {
			byte[] chunk = new byte[16 * 1024];
			int n = this.in.read(chunk);
			if (n < 0) {
				this.eof = true;
				return false;
			}
			this.netIn.put(chunk, 0, n);
			return true;
		}

		void send(byte[] data) throws IOException {
			wrap(ByteBuffer.wrap(data));
			flushPending();
		}

		/** Reads and unwraps until the TLS session or the socket ends (or 10 s of silence). */
		void readUntilEnd() throws IOException {
			try {
				while (true) {
					this.netIn.flip();
					SSLEngineResult result;
					try {
						result = this.engine.unwrap(this.netIn, this.appIn);
					}
					catch (SSLException ex) {
						this.failure = ex;
						return;
					}
					finally {
						this.netIn.compact();
					}
					if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
						this.closeNotify = true;
						return;
					}
					if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
							|| (result.bytesConsumed() == 0 && result.bytesProduced() == 0)) {
						if (!readSome()) {
							return;
						}
					}
				}
			}
			catch (SocketTimeoutException ex) {
				throw new IOException("no end within 10 s", ex);
			}
			catch (java.net.SocketException ex) {
				// reset: an end without close_notify
				this.eof = true;
			}
		}

		byte[] received() {
			byte[] bytes = new byte[this.appIn.position()];
			this.appIn.duplicate().flip().get(bytes);
			return bytes;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
