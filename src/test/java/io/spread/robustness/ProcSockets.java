package io.spread.robustness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What this JVM holds of the operating system's sockets, read from {@code /proc} (Linux): the hub runs in the test's
 * JVM, so a socket the hub has closed but not let go of shows up here, whatever state the kernel has it in.
 */
final class ProcSockets {

	private static final Path FDS = Path.of("/proc/self/fd");

	private static final List<Path> TCP_TABLES = List.of(Path.of("/proc/self/net/tcp"), Path.of("/proc/self/net/tcp6"));

	private ProcSockets() {
	}

	/** Whether this system has what these methods read. */
	static boolean available() {
		return Files.isDirectory(FDS) && Files.isReadable(TCP_TABLES.get(0));
	}

	/** File descriptors this process has open now. */
	static int openFileDescriptors() {
		try (Stream<Path> fds = Files.list(FDS)) {
			return (int) fds.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Connected sockets with local port {@code localPort} (the hub's side of its clients' connections) that a file
	 * descriptor of this process still refers to; {@code remotePort} narrows it to one client, or is -1 for all.
	 * The listening socket is not counted.
	 */
	static int heldConnections(int localPort, int remotePort) {
		Set<Long> held = socketInodesHeld();
		int count = 0;
		for (Path table : TCP_TABLES) {
			for (long inode : connectionInodes(table, localPort, remotePort)) {
				if (held.contains(inode)) {
					count++;
				}
			}
		}
		return count;
	}

	/**
	 * The connections {@link #heldConnections} counts, with the kernel's state of each ({@code /proc/net/tcp} codes,
	 * such as 05 for FIN-WAIT-2), for failure messages; at most ten are listed.
	 */
	static String describe(int localPort, int remotePort) {
		Set<Long> held = socketInodesHeld();
		List<String> found = new ArrayList<>();
		for (Path table : TCP_TABLES) {
			for (String[] row : rows(table)) {
				if (matches(row, localPort, remotePort) && held.contains(Long.parseLong(row[9]))) {
					found.add(String.format("port %d -> %d state %s inode %s", port(row[1]), port(row[2]), row[3],
							row[9]));
				}
			}
		}
		return found.size() + " held " + found.subList(0, Math.min(10, found.size()))
				+ ((found.size() > 10) ? " and more" : "");
	}

	private static Set<Long> socketInodesHeld() {
		Set<Long> inodes = new HashSet<>();
		try (Stream<Path> fds = Files.list(FDS)) {
			fds.forEach(fd -> {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
					}
				}
				catch (IOException | UnsupportedOperationException ex) {
					// closed meanwhile (such as the descriptor of this listing)
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return inodes;
	}

	private static Set<Long> connectionInodes(Path table, int localPort, int remotePort) {
		Set<Long> inodes = new HashSet<>();
		for (String[] row : rows(table)) {
			if (matches(row, localPort, remotePort)) {
				long inode = Long.parseLong(row[9]);
				if (inode != 0) {
					inodes.add(inode);
				}
			}
		}
		return inodes;
	}

	private static boolean matches(String[] row, int localPort, int remotePort) {
		int rowRemotePort = port(row[2]);
		return port(row[1]) == localPort && rowRemotePort != 0 && (remotePort < 0 || rowRemotePort == remotePort);
	}

	private static int port(String address) {
		return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
	}

	private static List<String[]> rows(Path table) {
		if (!Files.exists(table)) {
			return List.of();
		}
		try {
			return Files.readAllLines(table)
				.stream()
				.skip(1)
				.map(String::trim)
				.filter(line -> !line.isEmpty())
				.map(line -> line.split("\\s+"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
