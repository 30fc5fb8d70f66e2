package io.spread.seeds;

import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * A time as C's {@code ctime()} writes it, without its newline: {@code Tue Apr 18 23:53:09 2006}, the day of the month
 * padded with a space to two characters ({@code Sat Apr  8 09:05:01 2006}), English names whatever the locale.
 */
final class Ctime {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

	private Ctime() {
	}

	static String format(TemporalAccessor time) {
		return FORMAT.format(time);
	}

}
