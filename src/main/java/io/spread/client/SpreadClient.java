package io.spread.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.scheduling.TaskScheduler;

/**
 * Client mode, the counterpart of the Twisted tutorial's client: connects to a hub, keeps reconnecting with
 * {@link Backoff}, sends each line read from the console and a heartbeat, and ends when input ends (exit 0) or
 * the retries run out (exit 1). Received frames are printed by the inbound flow. Spring Integration's own client
 * retry is a fixed interval, hence this state machine.
 */
public class SpreadClient implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger log = LoggerFactory.getLogger(SpreadClient.class);

	private final AbstractClientConnectionFactory connections;

	private final MessageChannel outbound;

	private final ClientProperties settings;

	private final ClientConsole console;

	private final TaskScheduler scheduler;

	private final Backoff backoff;

	private final String name;

	private final Object lock = new Object();

	// guarded by lock: lines typed while disconnected, oldest first
	private final ArrayDeque<String> queued = new ArrayDeque<>();

	// guarded by lock
	private boolean connected;

	// guarded by lock
	private boolean inputEnded;

	private volatile String lastReason = "not connected yet";

	private volatile boolean stopping;

	private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

	public SpreadClient(AbstractClientConnectionFactory connections, MessageChannel outbound, ClientProperties settings,
			ClientConsole console, TaskScheduler scheduler, Backoff backoff, String name) {
		this.connections = connections;
		this.outbound = outbound;
		this.settings = settings;
		this.console = console;
		this.scheduler = scheduler;
		this.backoff = backoff;
		this.name = name;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.scheduler.schedule(this::connect, Instant.now());
		Duration heartbeat = this.settings.getHeartbeatInterval();
		if (!heartbeat.isZero()) {
			this.scheduler.scheduleAtFixedRate(this::heartbeat, Instant.now().plus(heartbeat), heartbeat);
		}
		Thread input = new Thread(this::readInput, "spread-client-input");
		input.setDaemon(true);
		input.start();
		this.exitCode.join();
		this.stopping = true;
		this.connections.stop();
	}

	@Override
	public int getExitCode() {
		return this.exitCode.getNow(0);
	}

	private void connect() {
		if (this.stopping) {
			return;
		}
		log.info("Started to connect.");
		try {
			this.connections.getConnection();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			this.lastReason = reason(ex);
			log.info("Connection failed. Reason: {}", this.lastReason);
			retry();
		}
	}

	private void retry() {
		Optional<Duration> delay;
		synchronized (this.backoff) {
			delay = this.backoff.next();
		}
		if (delay.isEmpty()) {
			log.error("Giving up after {} retries. Last reason: {}", this.settings.getReconnect().getMaxRetries(),
					this.lastReason);
			this.exitCode.complete(1);
			return;
		}
		log.info("Reconnecting in {} ms", delay.get().toMillis());
		this.scheduler.schedule(this::connect, Instant.now().plus(delay.get()));
	}

	@EventListener
	public void connected(TcpConnectionOpenEvent event) {
		if (isOurs(event)) {
			log.info("Connected.");
			synchronized (this.backoff) {
				this.backoff.reset();
			}
			synchronized (this.lock) {
				this.connected = true;
				sendQueued();
			}
		}
	}

	@EventListener
	public void failed(TcpConnectionExceptionEvent event) {
		if (isOurs(event)) {
			this.lastReason = reason(event.getCause());
		}
	}

	@EventListener
	public void disconnected(TcpConnectionCloseEvent event) {
		if (!isOurs(event)) {
			return;
		}
		synchronized (this.lock) {
			this.connected = false;
		}
		if (!this.stopping) {
			log.info("Lost connection. Reason: {}", this.lastReason);
			this.lastReason = "connection closed by the hub";
			retry();
		}
	}

	private boolean isOurs(TcpConnectionEvent event) {
		return this.connections.getComponentName().equals(event.getConnectionFactoryName());
	}

	private void readInput() {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(this.console.in(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				typed(line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			synchronized (this.lock) {
				this.inputEnded = true;
				finishIfDone();
			}
		}
	}

	private void typed(String line) {
		synchronized (this.lock) {
			if (this.connected && this.queued.isEmpty() && send(line)) {
				return;
			}
			if (this.queued.size() >= this.settings.getQueueLimit()) {
				log.warn("Not connected and {} lines are already waiting (spread.client.queue-limit); not sent: {}",
						this.queued.size(), line);
				return;
			}
			this.queued.add(line);
		}
	}

	/** Sends what was typed while disconnected, in order; called with the lock held. */
	private void sendQueued() {
		while (!this.queued.isEmpty() && send(this.queued.peek())) {
			this.queued.poll();
		}
		finishIfDone();
	}

	/** Input has ended and everything typed has been sent: close and exit 0. Called with the lock held. */
	private void finishIfDone() {
		if (this.inputEnded && this.queued.isEmpty()) {
			this.exitCode.complete(0);
		}
	}

	private void heartbeat() {
		synchronized (this.lock) {
			if (this.connected) {
				send("hello, I'm " + this.name + " " + Instant.now());
			}
		}
	}

	private boolean send(String text) {
		try {
			this.outbound.send(MessageBuilder.withPayload(text).build());
			return true;
		}
		catch (MessagingException ex) {
			this.lastReason = reason(ex);
			return false;
		}
	}

	private static String reason(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}
