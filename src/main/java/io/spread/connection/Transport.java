package io.spread.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * How a connection's bytes meet its socket: as they are ({@link #plain}), or through TLS ({@link TlsTransport}).
 * The connection's reader calls {@link #read}, its writer {@link #write}; the two may run at the same time, never
 * two reads or two writes. (The load tool's connections use it too, to measure TLS as the hub serves it.)
 */
public interface Transport {

	/**
	 * Reads what has arrived into {@code into}.
	 * @return the bytes put into {@code into}, possibly 0; -1 once the peer has ended its input
	 */
	int read(ByteBuffer into) throws IOException;

	/**
	 * Writes as much of {@code from} as the socket takes now.
	 * @return how many of {@code from}'s bytes were taken
	 */
	int write(ByteBuffer from) throws IOException;

	/** Whether input already read from the socket waits for the next {@link #read} (TLS: whole records). */
	default boolean hasBufferedInput() {
		return false;
	}

	/** Bytes it holds of input read from the socket and not handed over yet (reader only). */
	default int heldInputBytes() {
		return 0;
	}

	/** Ends its part of the session before the connection closes (TLS: queues close_notify). Writer only. */
	default void closeOutput() {
	}

	/** Writes what it has of its own without waiting; false if the socket did not take it all. Writer only. */
	default boolean writeRemaining() throws IOException {
		return true;
	}

	/** Whether it has bytes of its own to write: records the socket did not take, a handshake message due. */
	default boolean hasOwnOutput() {
		return false;
	}

	/** Whether writing must wait for the peer (TLS: the handshake waits for the peer's next message). */
	default boolean waitsForPeer() {
		return false;
	}

	/** The socket's bytes as they are. */
	static Transport plain(SocketChannel channel) {
		return new Transport() {

			@Override
			public int read(ByteBuffer into) throws IOException {
				return channel.read(into);
			}

			@Override
			public int write(ByteBuffer from) throws IOException {
				return channel.write(from);
			}

		};
	}

}
