package io.spread.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import io.spread.connection.TlsTransport;
import io.spread.connection.Transport;

/**
 * The load tool's connections to a hub that serves TLS ({@code spread.bench.ssl-bundle}): each is a
 * {@link TlsTransport}, the hub's own, in client mode, its handshake done before the tool uses it. Without a bundle,
 * plain channels.
 */
final class BenchTls {

	private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

	private final SSLContext context;

	/** @param context the bundle's context, or null for plain TCP */
	BenchTls(SSLContext context) {
		this.context = context;
	}

	/** The TLS context, or null for plain TCP. */
	SSLContext context() {
		return this.context;
	}

	/** A connection over a connected, blocking channel, its handshake done; what the hub sent after it, unread. */
	Connected open(SocketChannel channel, InetSocketAddress hub) throws IOException {
		if (this.context == null) {
			return new Connected(Transport.plain(channel), new byte[0]);
		}
		SSLEngine engine = this.context.createSSLEngine(hub.getHostString(), hub.getPort());
		engine.setUseClientMode(true);
		TlsTransport tls = new TlsTransport(channel, engine);
		ByteBuffer early = ByteBuffer.allocate(64 * 1024);
		while (tls.isHandshaking()) {
			if (tls.hasOwnOutput()) {
				tls.write(NOTHING);
			}
			else if (tls.read(early) < 0) {
				throw new IOException("the hub closed the connection during the TLS handshake");
			}
		}
		// the last handshake message may leave records of its own to write (client Finished)
		while (tls.hasOwnOutput()) {
			tls.write(NOTHING);
		}
		byte[] unread = new byte[early.position()];
		early.flip().get(unread);
		return new Connected(tls, unread);
	}

	/** A connection ready for the tool, and application bytes that came with its handshake. */
	record Connected(Transport transport, byte[] early) {
	}

}
