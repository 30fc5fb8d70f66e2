package io.spread.robustness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Short-lived clients that connect and go away at random moments, most of them with a reset ({@code SO_LINGER 0}),
 * as load-balancer and Kubernetes TCP health checks do. Every data frame they send starts with {@code churn }, so
 * that long-lived clients can tell them from their own.
 */
final class Churn {

	static final String FRAME_PREFIX = "churn ";

	enum Scenario {

		/** Reset right after the connect, often before the hub has accepted it. */
		RESET_AT_ONCE,
		/** Reset after reading a few bytes of the welcome. */
		RESET_INSIDE_WELCOME,
		/** Reset after reading the whole welcome line. */
		RESET_AFTER_WELCOME,
		/** Reset after sending half a frame. */
		RESET_INSIDE_FRAME,
		/** Reset right after sending a whole frame. */
		RESET_AFTER_FRAME,
		/** Reset in the middle of a burst of frames, some written, one cut in two. */
		RESET_MID_BURST,
		/** A normal close (FIN), at once or after the welcome. */
		CLOSE_NORMALLY,
		/** Sends {@code close}, then resets, at once or once the hub has closed its end. */
		CLOSE_COMMAND_THEN_RESET,
		/** A line over max-frame-size (5 KB of bytes other than a line end), then reset. */
		OVERSIZED_LINE_THEN_RESET,
		/** Random bytes, line ends included, then reset. */
		GARBAGE_THEN_RESET

	}

	private Churn() {
	}

	/**
	 * Runs {@code cycles} clients on {@code threads} threads, each thread with its own {@code Random} seeded from
	 * {@code seed}; {@code pick} chooses each client's scenario.
	 * @return how many clients ran each scenario
	 */
	static Map<Scenario, Long> run(int port, int threads, int cycles, long seed, Function<Random, Scenario> pick)
			throws InterruptedException, ExecutionException, TimeoutException {
		Map<Scenario, AtomicLong> counts = new EnumMap<>(Scenario.class);
		for (Scenario scenario : Scenario.values()) {
			counts.put(scenario, new AtomicLong());
		}
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Random random = new Random(seed * 31 + t);
				int share = cycles / threads + ((t < cycles % threads) ? 1 : 0);
				runs.add(pool.submit(() -> {
					for (int i = 0; i < share; i++) {
						Scenario scenario = pick.apply(random);
						counts.get(scenario).incrementAndGet();
						one(port, scenario, random);
					}
					return null;
				}));
			}
			for (Future<?> run : runs) {
				run.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		Map<Scenario, Long> result = new EnumMap<>(Scenario.class);
		counts.forEach((scenario, count) -> result.put(scenario, count.get()));
		return result;
	}

	/** One client: connects, plays the scenario, and is gone. I/O failures are the hub's way of saying bye. */
	static void one(int port, Scenario scenario, Random random) {
		Socket socket = new Socket();
		boolean reset = scenario != Scenario.CLOSE_NORMALLY;
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(5_000);
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			if (random.nextInt(4) == 0) {
				// a random moment: up to a third of a millisecond later
				LockSupport.parkNanos(random.nextInt(300_000));
			}
			switch (scenario) {
				case RESET_AT_ONCE -> {
				}
				case RESET_INSIDE_WELCOME -> in.readNBytes(1 + random.nextInt(30));
				case RESET_AFTER_WELCOME -> readLine(in);
				case RESET_INSIDE_FRAME -> {
					byte[] frame = frame(random, "half");
					out.write(frame, 0, 1 + random.nextInt(frame.length - 2));
				}
				case RESET_AFTER_FRAME -> out.write(frame(random, "whole"));
				case RESET_MID_BURST -> {
					int frames = 2 + random.nextInt(40);
					for (int i = 0; i < frames; i++) {
						byte[] frame = frame(random, "burst " + i);
						if (i == frames - 1) {
							out.write(frame, 0, 1 + random.nextInt(frame.length - 2));
						}
						else if (random.nextBoolean()) {
							out.write(frame);
						}
						else {
							// two writes, so that the hub may read the first half alone
							int cut = 1 + random.nextInt(frame.length - 1);
							out.write(frame, 0, cut);
							out.flush();
							out.write(frame, cut, frame.length - cut);
						}
					}
				}
				case CLOSE_NORMALLY -> {
					if (random.nextBoolean()) {
						readLine(in);
					}
				}
				case CLOSE_COMMAND_THEN_RESET -> {
					out.write("close\n".getBytes(StandardCharsets.US_ASCII));
					if (random.nextBoolean()) {
						in.readAllBytes();
					}
				}
				case OVERSIZED_LINE_THEN_RESET -> {
					byte[] line = new byte[5 * 1024];
					random.nextBytes(line);
					for (int i = 0; i < line.length; i++) {
						if (line[i] == '\n') {
							line[i] = 'x';
						}
					}
					out.write(line);
					if (random.nextBoolean()) {
						out.write('\n');
						if (random.nextBoolean()) {
							in.readNBytes(1 + random.nextInt(40));
						}
					}
				}
				case GARBAGE_THEN_RESET -> {
					byte[] garbage = new byte[1 + random.nextInt(3 * 1024)];
					random.nextBytes(garbage);
					out.write(garbage);
				}
			}
		}
		catch (IOException ex) {
			// refused, reset or closed by the hub: the client is gone all the same
		}
		finally {
			close(socket, reset);
		}
	}

	static byte[] frame(Random random, String what) {
		return (FRAME_PREFIX + what + " " + Long.toHexString(random.nextLong()) + "\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	private static void readLine(InputStream in) throws IOException {
		int b;
		while ((b = in.read()) != '\n' && b >= 0) {
			// skip
		}
	}

	private static void close(Socket socket, boolean reset) {
		try {
			if (reset && !socket.isClosed()) {
				socket.setSoLinger(true, 0);
			}
		}
		catch (IOException ex) {
			// not connected: closing is all there is to do
		}
		try {
			socket.close();
		}
		catch (IOException ex) {
			// gone already
		}
	}

}
