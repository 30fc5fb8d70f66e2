package io.spread.client;

import java.io.InputStream;
import java.io.PrintStream;

/** Where client mode reads the lines to send and prints the frames it receives: stdin and stdout. */
public record ClientConsole(InputStream in, PrintStream out) {

	public static ClientConsole system() {
		return new ClientConsole(System.in, System.out);
	}

}
