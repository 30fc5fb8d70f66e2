package io.spread.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

import io.spread.connection.ClientConnection;
import io.spread.connection.CloseReason;
import io.spread.connection.MemoryBudget;
import io.spread.logging.ClientLog;
import io.spread.logging.Human;
import io.spread.protocol.ErrorText;

/**
 * Keeps the hub under its memory budget. While it is over:
 * <ul>
 * <li>output: the clients with the largest queues get the slow-consumer policy, largest first, until what they held
 * covers the excess; queues under {@link #SMALLEST_SHED} are left alone, so a client that keeps up is not shed
 * because the excess is input;
 * <li>input: clients holding an unfinished frame are not read while the hub is over (each connection sees that
 * itself); once the hub has been over for longer than the grace period, the clients holding the most are closed
 * with {@code ERR server-busy} until what they held covers the excess and some room, so that holders cannot keep the hub over for
 * ever. Back under the budget, the others are read again.
 * </ul>
 */
public class MemoryGuard implements Runnable {

	static final long SMALLEST_SHED = 64 * 1024;

	private final MemoryBudget budget;

	private final SessionRegistry registry;

	private final HubNotices notices;

	private final Duration grace;

	// touched by the guard's runs only, one at a time: System.nanoTime() since when the hub is over its budget, or 0
	private long overSinceNanos;

	public MemoryGuard(MemoryBudget budget, SessionRegistry registry, HubNotices notices, Duration grace) {
		this.budget = budget;
		this.registry = registry;
		this.notices = notices;
		this.grace = grace;
	}

	/** Checks the budget; run every few milliseconds by the hub's lifecycle. */
	@Override
	public void run() {
		long used = this.budget.used();
		long excess = used - this.budget.limit();
		if (excess <= 0) {
			this.overSinceNanos = 0;
			return;
		}
		List<ClientConnection> connections = this.registry.connections();
		long shed = 0;
		int shedClients = 0;
		for (ClientConnection connection : largestFirst(connections, ClientConnection::bufferedBytes, SMALLEST_SHED)) {
			if (shed >= excess) {
				break;
			}
			shed += connection.shedForMemory();
			shedClients++;
		}
		closeLargestHolders(connections, excess - shed);
		if (shedClients > 0) {
			ClientLog.warn("Over the memory budget: {} held of {} ({} queued output, {} unfinished input); "
					+ "shed {} of output from {} clients", Human.bytes(used), Human.bytes(this.budget.limit()),
					Human.bytes(this.budget.queuedBytes() + shed), Human.bytes(this.budget.partialInputBytes()),
					Human.bytes(shed), shedClients);
		}
	}

	/**
	 * Once the hub has been over its budget for longer than the grace period, closes the clients holding the most
	 * unfinished input until what they held covers {@code excess} and an eighth of the budget, then gives that a new
	 * grace period to show.
	 */
	private void closeLargestHolders(List<ClientConnection> connections, long excess) {
		long now = System.nanoTime();
		if (this.overSinceNanos == 0) {
			this.overSinceNanos = now;
		}
		if (now - this.overSinceNanos <= this.grace.toNanos()) {
			return;
		}
		this.overSinceNanos = now;
		// an eighth of the budget beyond the excess, so that the others can be read again, and hang-ups be seen
		long target = excess + this.budget.limit() / 8;
		long freed = 0;
		for (ClientConnection connection : largestFirst(connections, ClientConnection::partialInputBytes, 1)) {
			if (freed >= target) {
				break;
			}
			if (connection.isInputEnded()) {
				continue;
			}
			freed += connection.partialInputBytes();
			ClientLog.warn("Closing connection {} from {}: it holds an unfinished frame of {} and the hub has been "
					+ "over its memory budget ({}) for longer than {}", connection.getConnectionId(),
					connection.remoteAddress(), Human.bytes(connection.partialInputBytes()),
					Human.bytes(this.budget.limit()), Human.duration(this.grace));
			this.notices.dismiss(connection, ErrorText.SERVER_BUSY, CloseReason.LIMIT);
		}
	}

	/** Connections whose size is at least {@code smallest}, largest first, by a snapshot of sizes that change. */
	private static List<ClientConnection> largestFirst(List<ClientConnection> connections,
			ToLongFunction<ClientConnection> size, long smallest) {
		record Sized(ClientConnection connection, long size) {
		}
		List<Sized> large = new ArrayList<>();
		for (ClientConnection connection : connections) {
			long bytes = size.applyAsLong(connection);
			if (bytes >= smallest) {
				large.add(new Sized(connection, bytes));
			}
		}
		large.sort(Comparator.comparingLong(Sized::size).reversed());
		return large.stream().map(Sized::connection).toList();
	}

}
