package io.spread.client;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.spread.logging.Human;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.integration.ip.tcp.connection.AbstractClientConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.scheduling.TaskScheduler;

/**
 * Client mode, the counterpart of the Twisted tutorial's client: connects to a hub, keeps reconnecting with
 * {@link Backoff}, sends each line read from the console and a heartbeat, and ends when input ends and what was
 * typed has been sent (exit 0), or when the retries run out or the user gives up on lines not yet sent (exit 1).
 * Stopped from outside (SIGTERM, Ctrl-C), it says so in one line and leaves without reconnecting.
 * What goes over the connection is the {@link ClientDialect}'s to say: its greeting first on every connection, then
 * typed lines as it translates them. Received frames are printed by the inbound flow, through the dialect; only they
 * go to stdout, the log goes to stderr in short lines.
 * Spring Integration's own client retry is a fixed interval, hence this state machine.
 * <p>
 * With {@code spread.client.prompt=true} it is the seed's interactive client ({@code tsTclnt.py}): a {@code "> "}
 * prompt before each line is read, the reply printed before the next prompt (it waits up to {@link #REPLY_WAIT} for
 * one), and an empty line closes the client.
 */
public class SpreadClient implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger log = LoggerFactory.getLogger(SpreadClient.class);

	static final String PROMPT = "> ";

	/** With the prompt, how long the next prompt waits for a reply to the line just sent. */
	static final Duration REPLY_WAIT = Duration.ofSeconds(1);

	private final AbstractClientConnectionFactory connections;

	private final MessageChannel outbound;

	private final ClientProperties settings;

	private final ClientConsole console;

	private final TaskScheduler scheduler;

	private final Backoff backoff;

	private final ClientDialect dialect;

	private final Object lock = new Object();

	// guarded by lock: frames of the lines typed while disconnected, oldest first
	private final ArrayDeque<String> queued = new ArrayDeque<>();

	// guarded by lock
	private boolean connected;

	// guarded by lock
	private boolean inputEnded;

	// guarded by lock: whether any line was read from input
	private boolean typedAny;

	// guarded by lock: when the next connection attempt is due, while waiting for one
	private Instant nextAttempt;

	private volatile String lastReason = "not connected yet";

	// the client is ending, on its own or because the application is being stopped (SIGTERM, Ctrl-C): a connection
	// closed now is not lost, and is not tried again
	private volatile boolean stopping;

	// guarded by console: the prompt is the last thing printed, and input is being read
	private boolean promptShowing;

	// guarded by console: frames printed so far, and how many had been when the last line was read
	private long framesPrinted;

	private long framesPrintedBeforeLine;

	private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

	public SpreadClient(AbstractClientConnectionFactory connections, MessageChannel outbound, ClientProperties settings,
			ClientConsole console, TaskScheduler scheduler, Backoff backoff, ClientDialect dialect) {
		this.connections = connections;
		this.outbound = outbound;
		this.settings = settings;
		this.console = console;
		this.scheduler = scheduler;
		this.backoff = backoff;
		this.dialect = dialect;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			start();
		}
		catch (TaskRejectedException ex) {
			if (!this.stopping) {
				throw ex;
			}
			// stopped (SIGTERM) between the application starting and this runner: the scheduler is shut down already
		}
		// stopped from outside (SIGTERM, Ctrl-C), the application is closed and the process exits while this waits
		this.exitCode.join();
		this.stopping = true;
		this.connections.stop();
	}

	/** Schedules the first connection attempt and the heartbeat, and reads input unless listening only. */
	private void start() {
		this.scheduler.schedule(this::connect, Instant.now());
		Duration heartbeat = this.settings.getHeartbeatInterval();
		if (!heartbeat.isZero()) {
			this.scheduler.scheduleAtFixedRate(this::heartbeat, Instant.now().plus(heartbeat), heartbeat);
		}
		if (this.settings.isListenOnly() && this.settings.isPrompt()) {
			log.info("Listening only: standard input is ignored, and so is spread.client.prompt.");
		}
		else if (this.settings.isListenOnly()) {
			log.info("Listening only: standard input is ignored.");
		}
		else {
			Thread input = new Thread(this::readInput, "spread-client-input");
			input.setDaemon(true);
			input.start();
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode.getNow(0);
	}

	private void connect() {
		if (this.stopping || this.exitCode.isDone()) {
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
			if (this.stopping) {
				return;
			}
			this.lastReason = reason(ex);
			log.info("Connection failed. Reason: {}", this.lastReason);
			retry();
		}
	}

	private void retry() {
		if (this.stopping || this.exitCode.isDone()) {
			return;
		}
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
		log.info("Reconnecting in {}.", Human.duration(delay.get()));
		Instant due = Instant.now().plus(delay.get());
		synchronized (this.lock) {
			this.nextAttempt = due;
		}
		try {
			this.scheduler.schedule(this::connect, due);
		}
		catch (TaskRejectedException ex) {
			// stopped just now: the scheduler is shut down
			if (!this.stopping) {
				throw ex;
			}
		}
	}

	/**
	 * The application is being stopped: by SIGTERM or Ctrl-C while the client runs, or at its own end. From here
	 * on the connection closing is the stop, not a lost connection, and nothing is retried (the scheduler is shut
	 * down next).
	 */
	@EventListener
	public void stopping(ContextClosedEvent event) {
		if (!this.stopping && !this.exitCode.isDone()) {
			log.info("Stopping.");
		}
		this.stopping = true;
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
				this.nextAttempt = null;
				this.dialect.greeting().forEach(this::send);
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
		if (!this.stopping && !this.exitCode.isDone()) {
			log.info("Lost connection. Reason: {}.", this.lastReason);
			this.lastReason = "the hub closed the connection";
			retry();
		}
	}

	private boolean isOurs(TcpConnectionEvent event) {
		return this.connections.getComponentName().equals(event.getConnectionFactoryName());
	}

	/**
	 * Prints a frame received: on its own line, unless the framing is {@code raw} (chunks as they came). With the
	 * prompt, a frame that arrives while the prompt waits for input is followed by the prompt again.
	 */
	public void print(byte[] frame, boolean line) {
		synchronized (this.console) {
			this.console.out().write(frame, 0, frame.length);
			if (line) {
				this.console.out().println();
			}
			this.framesPrinted++;
			if (this.promptShowing) {
				this.console.out().print(PROMPT);
			}
			this.console.out().flush();
			this.console.notifyAll();
		}
	}

	/**
	 * Reads typed lines until input ends. Then whatever waits for a connection is still sent when the hub comes
	 * back, unless the user gives up: {@code give-up-on-eof}, or, at a terminal, a second Ctrl-D.
	 */
	private void readInput() {
		BufferedReader lines = new BufferedReader(new InputStreamReader(this.console.in(), StandardCharsets.UTF_8));
		try {
			String line;
			while ((line = nextLine(lines)) != null) {
				typed(line);
				awaitReply();
			}
			if (inputEnded() || !interactive()) {
				return;
			}
			// a terminal: typing goes on after Ctrl-D; a second Ctrl-D gives up on what waits
			while ((line = nextLine(lines)) != null) {
				typed(line);
				awaitReply();
			}
			giveUp("a second end of input");
		}
		catch (IOException ex) {
			log.warn("Standard input failed: {}", ex.getMessage());
			inputEnded();
		}
	}

	/** The next line typed; null when input ends or, with the prompt, on an empty line. */
	private String nextLine(BufferedReader lines) throws IOException {
		if (!this.settings.isPrompt()) {
			return lines.readLine();
		}
		synchronized (this.console) {
			this.console.out().print(PROMPT);
			this.console.out().flush();
			this.promptShowing = true;
		}
		String line = lines.readLine();
		synchronized (this.console) {
			this.promptShowing = false;
			this.framesPrintedBeforeLine = this.framesPrinted;
			if (line == null) {
				// end of input at a terminal leaves the cursor after the prompt
				this.console.out().println();
				this.console.out().flush();
			}
		}
		if (line != null && line.isEmpty()) {
			log.info("Empty line: closing.");
			return null;
		}
		return line;
	}

	/** With the prompt: waits until a frame has been printed since the last line was read, or REPLY_WAIT. */
	private void awaitReply() {
		if (!this.settings.isPrompt()) {
			return;
		}
		long deadline = System.nanoTime() + REPLY_WAIT.toNanos();
		synchronized (this.console) {
			long left;
			while (this.framesPrinted == this.framesPrintedBeforeLine && (left = deadline - System.nanoTime()) > 0) {
				try {
					this.console.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/** Input has ended: done if nothing waits; returns whether the client is finishing. */
	private boolean inputEnded() {
		synchronized (this.lock) {
			this.inputEnded = true;
			finishIfDone();
			if (this.exitCode.isDone()) {
				if (!this.typedAny) {
					log.info("Input ended before anything was typed: nothing to send. "
							+ "(--spread.client.listen-only=true keeps the client listening.)");
				}
				return true;
			}
			if (this.settings.isGiveUpOnEof()) {
				giveUp("spread.client.give-up-on-eof");
				return true;
			}
			String when = (this.nextAttempt != null)
					? "next attempt in " + Human.duration(Duration.between(Instant.now(), this.nextAttempt)
						.withNanos(0).plusSeconds(1))
					: "connecting";
			log.info("Input ended; {} typed line(s) wait for the hub ({}). {}", this.queued.size(), when,
					interactive() ? "Press Ctrl-D again to leave without them." : "");
			return false;
		}
	}

	private void giveUp(String why) {
		synchronized (this.lock) {
			if (!this.exitCode.isDone()) {
				log.warn("Leaving on {}: {} typed line(s) not sent.", why, this.queued.size());
				this.exitCode.complete(1);
			}
		}
	}

	/** Whether a person types at a terminal (a second Ctrl-D means something there; on a pipe it does not). */
	private boolean interactive() {
		return this.console.in() == System.in && System.console() != null;
	}

	private void typed(String line) {
		Optional<String> frame = this.dialect.typed(line);
		synchronized (this.lock) {
			this.typedAny = true;
			if (frame.isEmpty() || this.connected && this.queued.isEmpty() && send(frame.get())) {
				return;
			}
			if (this.queued.size() >= this.settings.getQueueLimit()) {
				log.warn("Not connected and {} lines are already waiting (spread.client.queue-limit); not sent: {}",
						this.queued.size(), line);
				return;
			}
			this.queued.add(frame.get());
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
				send(this.dialect.heartbeat(Instant.now()));
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

	/** What went wrong in words, for a person: a network condition is not a stack trace. */
	private String reason(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		String where = this.settings.getHost() + ":" + this.settings.getPort();
		if (cause instanceof ConnectException) {
			return "no hub at " + where + " (connection refused)";
		}
		if (cause instanceof UnknownHostException) {
			return "unknown host " + this.settings.getHost();
		}
		if (cause instanceof SocketTimeoutException) {
			return "no answer from " + where + " (timed out)";
		}
		if (cause instanceof SoftEndOfStreamException || cause instanceof EOFException) {
			return "the hub closed the connection";
		}
		String message = cause.getMessage();
		return (message != null && !message.isBlank()) ? message : cause.getClass().getSimpleName();
	}

}
