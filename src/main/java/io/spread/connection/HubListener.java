package io.spread.connection;

import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.spread.codec.FrameCodec;
import io.spread.config.TcpProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

/**
 * The hub's NIO listener: Spring Integration's, with {@link HubConnection}s and three changes to its timing.
 * <ul>
 * <li>A new connection's output starts only once the framework has registered its socket with the selector. The
 * open event (and with it the welcome) comes before that registration; a welcome written at once to a peer that
 * has already reset would close the channel under the framework's feet, which then logs a stack trace and forgets
 * the connection without a close event.
 * <li>Closing a connection wakes the selector (at most once per turn), because a channel registered with a selector
 * keeps its socket until the selector's next select: without it, a closed client's socket lingers until some other
 * client happens to wake the listener.
 * <li>The table of connections is swept for closed ones at most once a second. The framework sweeps after every
 * select, building a list of every open connection each time, which makes accepting n connections cost n² with
 * tens of thousands of clients. Closing a connection already removes it from the outbound adapter, so the table is
 * only bookkeeping and can be tidied less often; a periodic {@link #wakeup()} makes sure it is.
 * </ul>
 */
public class HubListener extends TcpNioServerConnectionFactory {

	private static final Logger log = LoggerFactory.getLogger(HubListener.class);

	private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final AtomicBoolean wakeupPending = new AtomicBoolean();

	private final AtomicLong connectionSerial = new AtomicLong();

	// selector thread only: connections created by the accept in progress
	private final List<HubConnection> accepted = new ArrayList<>();

	// selector thread only
	private long lastSweep = System.nanoTime();

	private volatile Selector selector;

	// set before the listener starts: TLS for its connections, or null for plain TCP
	private volatile ListenerTls tls;

	/**
	 * @param stripTelnet whether telnet's commands are taken out of {@code line} input (see
	 * {@link FrameCodec#newClientDecoder})
	 * @param idPrefix what this listener's connection ids start with ({@code c} for the hub's clients: c1, c2, ...)
	 */
	public HubListener(int port, FrameCodec codec, OutboundWriters writers, boolean stripTelnet, String idPrefix) {
		super(port);
		setDeserializer(codec);
		setSerializer(codec);
		setTcpNioConnectionSupport((channel, server, lookupHost, publisher, factoryName) -> {
			HubConnection connection = new HubConnection(channel, server, lookupHost, publisher, factoryName, codec,
					writers, this, stripTelnet, idPrefix + this.connectionSerial.incrementAndGet(), this.tls);
			this.accepted.add(connection);
			return connection;
		});
	}

	/**
	 * The socket options every Spread listener shares: the address, {@code spread.tcp.backlog}, no reverse lookups,
	 * no Nagle delay, and TCP keepalive with its timing ({@code spread.tcp.keep-alive.*}).
	 */
	public void applySocketOptions(String host, TcpProperties tcp) {
		setLocalAddress(host);
		setBacklog(tcp.getBacklog());
		setLookupHost(false);
		setSoTcpNoDelay(true);
		TcpProperties.KeepAlive keepAlive = tcp.getKeepAlive();
		if (keepAlive.isEnabled()) {
			setSoKeepAlive(true);
			setTcpSocketSupport(new KeepAliveSocketSupport(keepAlive.getIdle(), keepAlive.getInterval(),
					keepAlive.getCount()));
		}
	}

	/** Serves TLS with these settings (the listener's SSL bundle), or plain TCP with null; set before it starts. */
	public void setTls(ListenerTls tls) {
		this.tls = tls;
	}

	/** Accepts what is waiting, then starts the output of each new connection the framework registered. */
	@Override
	protected void doAccept(Selector selectorForNewSocket, ServerSocketChannel server, long now) {
		this.selector = selectorForNewSocket;
		try {
			super.doAccept(selectorForNewSocket, server, now);
		}
		finally {
			for (HubConnection connection : this.accepted) {
				connection.acceptedBy(selectorForNewSocket);
			}
			this.accepted.clear();
		}
	}

	/**
	 * A peer that resets while it is being accepted makes setting socket options fail; the framework would log that
	 * with a stack trace. The connection is created all the same and closes, with one line, on its first read or write.
	 */
	@Override
	protected void setSocketAttributes(Socket socket) throws SocketException {
		try {
			super.setSocketAttributes(socket);
		}
		catch (SocketException ex) {
			log.debug("Socket options not set for {}: {}", socket.getRemoteSocketAddress(), ex.getMessage());
		}
	}

	/** Called on the selector thread after every select. */
	@Override
	protected void harvestClosedConnections() {
		this.wakeupPending.set(false);
		long now = System.nanoTime();
		if (now - this.lastSweep >= SWEEP_INTERVAL_NANOS) {
			this.lastSweep = now;
			super.harvestClosedConnections();
		}
	}

	/** Wakes the selector, at most once per turn of its loop: closed sockets are released and the table swept. */
	public void wakeup() {
		Selector current = this.selector;
		if (current != null && this.wakeupPending.compareAndSet(false, true)) {
			current.wakeup();
		}
	}

}
