package io.spread.cluster;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one thread a Redis subscription's messages are handled on, in the order they came, with a bounded queue in
 * front of it. Spring Data Redis hands each message to the executor from the thread that reads the subscription's
 * connection; when the queue is full that thread waits for room instead of queueing more, so a replica that falls
 * behind stops reading from Redis and the backlog stays in Redis (bounded there by its
 * {@code client-output-buffer-limit pubsub}), not in this heap. Handing the message to the caller to run instead
 * would break the order.
 */
final class ReceivingThread {

	private ReceivingThread() {
	}

	/**
	 * @param what the tag value naming the subscription in the metrics ({@code rooms}, {@code control})
	 * @param capacity most messages waiting
	 */
	static ExecutorService start(String threadName, String what, int capacity, MeterRegistry meters) {
		Counter waits = Counter.builder("spread.cluster.receive.waits")
			.description("Times reading from Redis waited because the receiving thread's queue was full")
			.tag("subscription", what)
			.register(meters);
		ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(capacity), runnable -> new Thread(runnable, threadName),
				(task, executor) -> waitForRoom(task, executor, waits));
		Gauge.builder("spread.cluster.receive.queued", thread, executor -> executor.getQueue().size())
			.description("Messages received from Redis waiting for the receiving thread")
			.tag("subscription", what)
			.register(meters);
		return thread;
	}

	private static void waitForRoom(Runnable task, ThreadPoolExecutor executor, Counter waits) {
		if (executor.isShutdown()) {
			throw new RejectedExecutionException("The replica is stopping");
		}
		waits.increment();
		try {
			executor.getQueue().put(task);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RejectedExecutionException("Interrupted while waiting to queue a message from Redis", ex);
		}
	}

}
