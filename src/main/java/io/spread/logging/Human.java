package io.spread.logging;

import java.time.Duration;

/** Durations and sizes as people write them in logs: {@code 10s}, {@code 1.5s}, {@code 250ms}, {@code 3m20s}, {@code 8MB}. */
public final class Human {

	private Human() {
	}

	public static String duration(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		if (millis < 60_000) {
			return (millis % 1000 == 0) ? (millis / 1000) + "s" : String.format("%.1fs", millis / 1000.0);
		}
		long seconds = duration.toSeconds();
		if (seconds < 3600) {
			return (seconds / 60) + "m" + ((seconds % 60 != 0) ? (seconds % 60) + "s" : "");
		}
		return (seconds / 3600) + "h" + ((seconds % 3600 / 60 != 0) ? (seconds % 3600 / 60) + "m" : "");
	}

	public static String bytes(long bytes) {
		if (bytes < 1024) {
			return bytes + "B";
		}
		if (bytes < 1024 * 1024) {
			return trim(bytes / 1024.0) + "KB";
		}
		if (bytes < 1024L * 1024 * 1024) {
			return trim(bytes / (1024.0 * 1024)) + "MB";
		}
		return trim(bytes / (1024.0 * 1024 * 1024)) + "GB";
	}

	private static String trim(double value) {
		return (value == Math.rint(value) || value >= 100) ? String.valueOf(Math.round(value))
				: String.format("%.1f", value);
	}

}
