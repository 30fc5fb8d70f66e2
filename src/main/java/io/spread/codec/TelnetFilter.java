package io.spread.codec;

/**
 * Takes telnet's commands out of a byte stream, so that what a telnet user types arrives as plain lines: option
 * negotiation ({@code IAC WILL/WONT/DO/DONT <option>}), subnegotiation ({@code IAC SB ... IAC SE}) and single
 * commands such as the interrupt a user's Ctrl-C sends ({@code IAC IP}, then {@code IAC DO TIMING-MARK}).
 * {@code IAC IAC} stands for one data byte 255 (RFC 854). Keeps its state across reads; one per connection.
 */
final class TelnetFilter {

	private static final int IAC = 0xFF;

	private static final int SB = 0xFA;

	private static final int SE = 0xF0;

	private static final int WILL = 0xFB;

	private static final int DONT = 0xFE;

	private enum State {
		DATA, COMMAND, OPTION, SUBNEGOTIATION, SUBNEGOTIATION_IAC
	}

	private State state = State.DATA;

	/** Whether this filter is in the middle of a command, so that the bytes so far are not a frame's. */
	boolean inCommand() {
		return this.state != State.DATA;
	}

	/**
	 * Removes telnet commands from {@code length} bytes at {@code offset}, in place.
	 * @return how many data bytes are left, from {@code offset}
	 */
	int filter(byte[] bytes, int offset, int length) {
		int end = offset + length;
		int read = offset;
		if (this.state == State.DATA) {
			// the common case: nothing to take out
			while (read < end && bytes[read] != (byte) IAC) {
				read++;
			}
			if (read == end) {
				return length;
			}
		}
		int write = read;
		for (; read < end; read++) {
			int b = bytes[read] & 0xFF;
			switch (this.state) {
				case DATA -> {
					if (b == IAC) {
						this.state = State.COMMAND;
					}
					else {
						bytes[write++] = (byte) b;
					}
				}
				case COMMAND -> {
					if (b == IAC) {
						bytes[write++] = (byte) IAC;
						this.state = State.DATA;
					}
					else if (b == SB) {
						this.state = State.SUBNEGOTIATION;
					}
					else if (b >= WILL && b <= DONT) {
						this.state = State.OPTION;
					}
					else {
						this.state = State.DATA;
					}
				}
				case OPTION -> this.state = State.DATA;
				case SUBNEGOTIATION -> {
					if (b == IAC) {
						this.state = State.SUBNEGOTIATION_IAC;
					}
				}
				case SUBNEGOTIATION_IAC -> this.state = (b == SE) ? State.DATA : State.SUBNEGOTIATION;
			}
		}
		return write - offset;
	}

}
