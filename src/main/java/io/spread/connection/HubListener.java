package io.spread.connection;

import java.util.concurrent.TimeUnit;

import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

/**
 * The hub's NIO listener: Spring Integration's, except that it sweeps its table of connections for closed ones at
 * most once a second. The framework sweeps after every select, building a list of every open connection each time,
 * which makes accepting n connections cost n² with tens of thousands of clients. Closing a connection already
 * removes it from the outbound adapter, so the table is only bookkeeping and can be tidied less often.
 */
public class HubListener extends TcpNioServerConnectionFactory {

	private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private long lastSweep = System.nanoTime();

	public HubListener(int port) {
		super(port);
	}

	/** Called on the selector thread only. */
	@Override
	protected void harvestClosedConnections() {
		long now = System.nanoTime();
		if (now - this.lastSweep >= SWEEP_INTERVAL_NANOS) {
			this.lastSweep = now;
			super.harvestClosedConnections();
		}
	}

}
