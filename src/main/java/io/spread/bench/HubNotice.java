package io.spread.bench;

/**
 * The hub's own notices to a client, as the load tool reads them: a frame whose payload starts with {@code ERR },
 * such as {@code ERR slow-consumer} (sent just before the hub disconnects a receiver that fell behind),
 * {@code ERR dropped <count>} (frames for this receiver the hub dropped, told once per gap) or
 * {@code ERR frame-too-large max=<n>}. A notice's kind is its first word after {@code ERR}.
 * <p>
 * Like {@link FrameScanner} and {@link BenchFrame}, this parses bytes itself and shares no code with the hub's
 * codec, so the tool stays an independent check of what the hub puts on the wire.
 */
final class HubNotice {

	static final String SLOW_CONSUMER = "slow-consumer";

	static final String DROPPED = "dropped";

	/** Longest kind kept as it is; a relay could send anything after {@code ERR }. */
	static final int MAX_KIND_LENGTH = 40;

	private static final byte[] PREFIX = { 'E', 'R', 'R', ' ' };

	private HubNotice() {
	}

	/** Whether the payload is a hub notice: it starts with {@code ERR }. */
	static boolean isNotice(byte[] bytes, int offset, int length) {
		if (length < PREFIX.length) {
			return false;
		}
		for (int i = 0; i < PREFIX.length; i++) {
			if (bytes[offset + i] != PREFIX[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The notice's kind: its first word after {@code ERR }, cut to {@link #MAX_KIND_LENGTH} characters, with any
	 * character other than a letter, digit, '-', '_' or '.' replaced by '_' (so it is safe in a key=value summary);
	 * {@code "unknown"} if there is no word.
	 */
	static String kind(byte[] bytes, int offset, int length) {
		int start = offset + PREFIX.length;
		int end = offset + length;
		StringBuilder kind = new StringBuilder();
		for (int i = start; i < end && bytes[i] != ' ' && kind.length() < MAX_KIND_LENGTH; i++) {
			char c = (char) (bytes[i] & 0xFF);
			boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '.';
			kind.append(safe ? c : '_');
		}
		return (kind.length() == 0) ? "unknown" : kind.toString();
	}

	/**
	 * The count of an {@code ERR dropped <count>} notice: the decimal number after the kind, up to the end or a
	 * space; -1 if there is none or it is not a number that fits a long.
	 */
	static long count(byte[] bytes, int offset, int length) {
		int end = offset + length;
		int i = offset + PREFIX.length;
		while (i < end && bytes[i] != ' ') {
			i++;
		}
		i++;
		int start = i;
		long value = 0;
		while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
			if (value > (Long.MAX_VALUE - 9) / 10) {
				return -1;
			}
			value = value * 10 + (bytes[i++] - '0');
		}
		return (i == start || (i < end && bytes[i] != ' ')) ? -1 : value;
	}

}
