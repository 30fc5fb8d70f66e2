package io.spread.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room of a gateway client, across its connections (SPEC section 9): its epoch and the last offset printed,
 * which is where a reconnect resumes from; and, while a resume is under way, the room's messages held until the
 * replay has ended, so that each offset is printed once, in order, what was missed before what is new. A gap that
 * could not be filled is printed as one notice line (and logged once) where the missing messages would have been.
 * <p>
 * A resume: after the {@code OK JOIN} of a new connection it sends {@code HISTORY <room> <epoch> <last-printed>};
 * replayed and live messages are held alike (by offset) until {@code OK HISTORY}. On {@code ERR history-gone} it
 * asks again from the earliest offset still retained, so the gap is only what the hub no longer has; a numbering
 * that restarted (the epoch in {@code OK JOIN} differs) is asked for from its start. Not thread-safe: the
 * {@link GatewayConversation} that owns it serialises the calls.
 */
final class RoomFeed {

	private static final Logger log = LoggerFactory.getLogger(RoomFeed.class);

	/** How many {@code HISTORY} requests one resume makes before it gives up on the rest of a gap. */
	static final int MAX_HISTORY_REQUESTS = 3;

	/** What a feed prints and sends. */
	interface Output {

		void print(byte[] line);

		void send(String command);

	}

	private enum State {

		/** {@code JOIN} sent on this connection, not yet answered. */
		JOINING,

		/** {@code HISTORY} sent; messages are held until it ends. */
		RESUMING,

		/** Messages are printed as they come. */
		LIVE

	}

	private final String room;

	// across connections

	/** The room's numbering as last known; null until it was first joined. */
	private String epoch;

	/** The last offset printed, in that numbering (or the room's last offset when it was first joined). */
	private long lastPrinted;

	/** When the numbering restarted and that gap has not been told yet: the last offset printed of the old one. */
	private Long lostAfterOldOffset;

	// on the current connection

	private State state = State.JOINING;

	private final TreeMap<Long, byte[]> held = new TreeMap<>();

	/** The room's last offset as its {@code OK JOIN} said. */
	private long lastWhenJoined;

	/** The offset the last {@code HISTORY} asked for the messages after. */
	private long askedAfter;

	/** {@code HISTORY} requests sent in this resume. */
	private int requests;

	RoomFeed(String room) {
		this.room = room;
	}

	String room() {
		return this.room;
	}

	/** A new connection: the room is to be joined again; what a broken resume held is dropped (and asked again). */
	void connectionOpened() {
		this.state = State.JOINING;
		this.held.clear();
	}

	/** {@code OK JOIN <room> <members> <epoch> <last-offset>}. */
	void joined(String epoch, long lastOffset, Output out) {
		this.lastWhenJoined = lastOffset;
		if (this.epoch == null) {
			// the first join: the room's past is not this client's to print
			this.epoch = epoch;
			this.lastPrinted = lastOffset;
			this.state = State.LIVE;
			printHeld(out);
			return;
		}
		if (!epoch.equals(this.epoch)) {
			restartNumbering(epoch);
		}
		this.state = State.RESUMING;
		this.requests = 0;
		askAfter(this.lastPrinted, out);
	}

	/** {@code MSG <room> <from> <offset> <payload>}, as the line to print. */
	void message(long offset, byte[] line, Output out) {
		if (this.state != State.LIVE) {
			this.held.put(offset, line);
		}
		else if (offset > this.lastPrinted) {
			out.print(line);
			this.lastPrinted = offset;
		}
		else {
			log.debug("Skipped offset {} of {}: already printed", offset, this.room);
		}
	}

	/** {@code OK HISTORY <room> <last-offset>}: what was missed has been replayed. */
	void historyEnded(long lastOffset, Output out) {
		if (this.state == State.RESUMING) {
			finishResume(lastOffset, out);
		}
	}

	/**
	 * {@code ERR history-gone <room> <epoch> <earliest-offset>}: in a resume, asks again for what is still retained,
	 * or gives up; while live, the hub tells that the room's numbering restarted (Redis lost it, or a replica numbered
	 * alone while Redis was away), going on from {@code earliest}: one notice, and the new numbering is followed.
	 */
	void historyGone(String epoch, long earliest, Output out) {
		if (this.state == State.LIVE && !epoch.equals(this.epoch)) {
			restartNumbering(epoch);
			this.lastPrinted = Math.max(0, earliest - 1);
			String text = new HistoryGap(this.lostAfterOldOffset).describe();
			log.warn("Gap in room {}: {}", this.room, text);
			out.print(GatewayLines.notice(this.room, text));
			this.lostAfterOldOffset = null;
			return;
		}
		if (this.state != State.RESUMING) {
			return;
		}
		boolean restarted = !epoch.equals(this.epoch);
		if (restarted) {
			restartNumbering(epoch);
		}
		long retainedAfter = Math.max(0, earliest - 1);
		if (this.requests < MAX_HISTORY_REQUESTS && (restarted || retainedAfter > this.askedAfter)) {
			askAfter(retainedAfter, out);
		}
		else {
			finishResume(Math.max(this.lastWhenJoined, retainedAfter), out);
		}
	}

	/** The room's numbering restarted: everything after the last offset printed of the old one is lost. */
	private void restartNumbering(String epoch) {
		if (this.lostAfterOldOffset == null) {
			this.lostAfterOldOffset = this.lastPrinted;
		}
		this.epoch = epoch;
		this.lastPrinted = 0;
	}

	private void askAfter(long offset, Output out) {
		this.askedAfter = offset;
		this.requests++;
		out.send("HISTORY " + this.room + " " + this.epoch + " " + offset);
	}

	/**
	 * Prints what was held, in offset order and once each, after one notice for whatever is missing between the last
	 * offset printed and {@code lastOffset} (or the last message held, if later).
	 */
	private void finishResume(long lastOffset, Output out) {
		HistoryGap gap = new HistoryGap(this.lostAfterOldOffset);
		List<byte[]> lines = new ArrayList<>();
		long expected = this.lastPrinted + 1;
		for (Map.Entry<Long, byte[]> message : this.held.tailMap(this.lastPrinted, false).entrySet()) {
			if (message.getKey() > expected) {
				gap.missing(expected, message.getKey() - 1);
			}
			lines.add(message.getValue());
			expected = message.getKey() + 1;
		}
		if (lastOffset >= expected) {
			gap.missing(expected, lastOffset);
			expected = lastOffset + 1;
		}
		if (!gap.isEmpty()) {
			String text = gap.describe();
			log.warn("Gap in room {}: {}", this.room, text);
			out.print(GatewayLines.notice(this.room, text));
		}
		lines.forEach(out::print);
		log.debug("Resumed {}: {} message(s) after offset {}", this.room, lines.size(), this.lastPrinted);
		this.lastPrinted = expected - 1;
		this.lostAfterOldOffset = null;
		this.held.clear();
		this.state = State.LIVE;
	}

	/** After the first join: anything held that is newer than the join is printed. */
	private void printHeld(Output out) {
		for (Map.Entry<Long, byte[]> message : this.held.tailMap(this.lastPrinted, false).entrySet()) {
			out.print(message.getValue());
			this.lastPrinted = message.getKey();
		}
		this.held.clear();
	}

}
