package io.spread.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.spread.logging.ClientLog;
import io.spread.connection.HubConnection;
import io.spread.logging.Human;
import io.spread.connection.MemoryBudget;

/**
 * Keeps the hub under its memory budget on the output side: while it is over, the clients with the largest queues
 * get the slow-consumer policy, largest first, until what they held covers the excess. (On the input side the
 * connections themselves stop reading from senders that hold an unfinished frame.) Queues under
 * {@link #SMALLEST_SHED} are never shed: over budget because of input, a client that keeps up is left alone.
 */
public class MemoryGuard implements Runnable {

	static final long SMALLEST_SHED = 64 * 1024;

	private final MemoryBudget budget;

	private final SessionRegistry registry;

	public MemoryGuard(MemoryBudget budget, SessionRegistry registry) {
		this.budget = budget;
		this.registry = registry;
	}

	/** Checks the budget; run every few milliseconds by the hub's lifecycle. */
	@Override
	public void run() {
		long excess = this.budget.used() - this.budget.limit();
		if (excess <= 0) {
			return;
		}
		record Queue(HubConnection connection, long bytes) {
		}
		List<Queue> largest = new ArrayList<>();
		for (Session session : this.registry.sessions()) {
			long bytes = session.connection().bufferedBytes();
			if (bytes >= SMALLEST_SHED) {
				largest.add(new Queue(session.connection(), bytes));
			}
		}
		if (largest.isEmpty()) {
			return;
		}
		largest.sort(Comparator.comparingLong(Queue::bytes).reversed());
		long shed = 0;
		int clients = 0;
		for (Queue queue : largest) {
			if (shed >= excess) {
				break;
			}
			shed += queue.connection().shedForMemory();
			clients++;
		}
		ClientLog.warn("Over the memory budget ({} of {} held): shed {} queued for {} clients",
				Human.bytes(this.budget.used() + shed), Human.bytes(this.budget.limit()), Human.bytes(shed), clients);
	}

}
