package io.spread.client;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one resume of a room could not recover, told in one line: the offsets missing from the room's current
 * numbering, and, when the numbering restarted (a new epoch: the hub restarted or lost the room's history), the last
 * offset printed of the old one, after which nothing can be known.
 */
final class HistoryGap {

	/** How many missing ranges the line lists by their offsets; the count covers all of them. */
	private static final int RANGES_LISTED = 5;

	/** The last offset printed of the old numbering, or null when the numbering did not restart. */
	private final Long lostAfterOldOffset;

	private final List<long[]> missing = new ArrayList<>();

	HistoryGap(Long lostAfterOldOffset) {
		this.lostAfterOldOffset = lostAfterOldOffset;
	}

	/** Offsets {@code first} to {@code last} of the current numbering were not received. */
	void missing(long first, long last) {
		this.missing.add(new long[] { first, last });
	}

	/** Whether anything was lost at all. */
	boolean isEmpty() {
		return this.lostAfterOldOffset == null && this.missing.isEmpty();
	}

	long missingCount() {
		return this.missing.stream().mapToLong(range -> range[1] - range[0] + 1).sum();
	}

	/** The line, without the room: for instance "3 messages could not be recovered (offsets 8-10)". */
	String describe() {
		StringBuilder text = new StringBuilder();
		if (this.lostAfterOldOffset != null) {
			text.append("the room's history was lost (new epoch: the hub restarted or forgot the room); ")
				.append("whatever was sent after offset ")
				.append(this.lostAfterOldOffset)
				.append(" could not be recovered");
			if (!this.missing.isEmpty()) {
				text.append(", nor ").append(count()).append(" of the new numbering (").append(ranges()).append(')');
			}
			return text.toString();
		}
		return text.append(count()).append(" could not be recovered (").append(ranges()).append(')').toString();
	}

	private String count() {
		long count = missingCount();
		return count + ((count == 1) ? " message" : " messages");
	}

	private String ranges() {
		boolean one = this.missing.size() == 1 && this.missing.get(0)[0] == this.missing.get(0)[1];
		String listed = this.missing.stream()
			.limit(RANGES_LISTED)
			.map(range -> (range[0] == range[1]) ? String.valueOf(range[0]) : range[0] + "-" + range[1])
			.collect(Collectors.joining(", "));
		return (one ? "offset " : "offsets ") + listed + ((this.missing.size() > RANGES_LISTED) ? ", ..." : "");
	}

}
