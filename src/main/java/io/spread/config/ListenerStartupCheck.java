package io.spread.config;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerExceptionEvent;

/**
 * Makes start-up wait until every TCP listener listens, and fail if one cannot. Spring Integration binds a server
 * connection factory on its own thread once an endpoint starts it; a bind failure is logged, published as a
 * {@link TcpConnectionServerExceptionEvent}, and stops the factory, while the application carries on starting.
 * This runs in the phase after the endpoints that start the listeners and before the web server, and throws
 * {@link ListenerBindException} for the first listener that failed, so that the application does not start.
 * <p>
 * Every {@link AbstractServerConnectionFactory} bean is checked; one that no endpoint started, or that has no inbound
 * endpoint to read for (Spring Integration does not bind those), is left alone.
 * <p>
 * A port that is already in use is normally found before this, by {@link ListenerPortProbe}, before the listener is
 * started; this check catches what the probe cannot: a port taken in the moment between the probe and the listener's
 * bind, and a listener that neither binds nor fails in time.
 */
public class ListenerStartupCheck implements SmartLifecycle, ApplicationListener<TcpConnectionServerExceptionEvent> {

	/**
	 * Spring Integration's message producers, such as the TCP inbound adapter that starts a listener, start in phase
	 * {@code Integer.MAX_VALUE / 2}; Spring Boot's web server starts in {@code DEFAULT_PHASE - 2048}.
	 */
	public static final int PHASE = Integer.MAX_VALUE / 2 + 1024;

	private static final long POLL_MILLIS = 10;

	private final ListableBeanFactory beanFactory;

	private final Function<String, String> portKeys;

	private final Duration timeout;

	/** Bind failures, by listener, as they are published (on the listener's thread). */
	private final Map<Object, Throwable> failures = new ConcurrentHashMap<>();

	private volatile boolean running;

	/**
	 * @param portKeys the property that sets a listener's port, by bean name; {@code null} if none is known
	 * @param timeout how long to wait for each listener to bind or fail
	 */
	public ListenerStartupCheck(ListableBeanFactory beanFactory, Function<String, String> portKeys,
			Duration timeout) {
		this.beanFactory = beanFactory;
		this.portKeys = portKeys;
		this.timeout = timeout;
	}

	@Override
	public void onApplicationEvent(TcpConnectionServerExceptionEvent event) {
		if (!this.running && event.getCause() != null) {
			this.failures.putIfAbsent(event.getSource(), event.getCause());
		}
	}

	@Override
	public void start() {
		Map<String, AbstractServerConnectionFactory> pending = new LinkedHashMap<>(
				this.beanFactory.getBeansOfType(AbstractServerConnectionFactory.class, false, false));
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (!pending.isEmpty()) {
			for (Iterator<Map.Entry<String, AbstractServerConnectionFactory>> it = pending.entrySet().iterator(); it
				.hasNext();) {
				Map.Entry<String, AbstractServerConnectionFactory> entry = it.next();
				AbstractServerConnectionFactory listener = entry.getValue();
				// the factory publishes its failure before it stops: read "running" first so that a failure is seen
				boolean active = listener.isRunning();
				boolean listening = listener.isListening();
				Throwable failure = this.failures.get(listener);
				if (failure != null) {
					throw failed(entry.getKey(), listener, describe(failure), failure);
				}
				// not started by any endpoint, or with no inbound endpoint (it then exits without binding)
				if (listening || !active || listener.getListener() == null) {
					it.remove();
				}
			}
			if (pending.isEmpty()) {
				break;
			}
			if (System.nanoTime() - deadline > 0) {
				Map.Entry<String, AbstractServerConnectionFactory> late = pending.entrySet().iterator().next();
				throw failed(late.getKey(), late.getValue(),
						"not listening after " + this.timeout.toMillis() + " ms", null);
			}
			try {
				TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the TCP listeners to bind", ex);
			}
		}
		this.failures.clear();
		this.running = true;
	}

	private ListenerBindException failed(String beanName, AbstractServerConnectionFactory listener, String reason,
			Throwable cause) {
		return failure(beanName, listener, this.portKeys.apply(beanName), reason, cause);
	}

	/**
	 * The failure of a listener, reported with its address ({@code 0.0.0.0} when it binds every interface).
	 * @param portKey the property that sets its port, or {@code null} if none is known
	 * @param cause why binding failed, or {@code null} if the listener did not bind in time
	 */
	static ListenerBindException failure(String beanName, AbstractServerConnectionFactory listener, String portKey,
			String reason, Throwable cause) {
		String host = (listener.getLocalAddress() != null) ? listener.getLocalAddress() : "0.0.0.0";
		return new ListenerBindException(beanName, host, listener.getPort(), portKey, reason, cause);
	}

	/** What went wrong, in words: the exception's message, or its type if it has none. */
	static String describe(Throwable failure) {
		return (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
