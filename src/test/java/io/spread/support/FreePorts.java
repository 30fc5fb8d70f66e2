package io.spread.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** For tests that must know a port before a server binds it (a hub restarted on the same port, a process). */
public final class FreePorts {

	private FreePorts() {
	}

	public static int next() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
