package io.spread.console;

import java.util.List;

/**
 * One page of a filtered, sorted list, as the console's tables show it.
 * @param items the rows of this page, at most {@code size}
 * @param page the page number, from 0; past the last page the list is empty
 * @param size rows per page
 * @param total rows that match the filter, on every page
 * @param pages how many pages those rows fill (at least 1, so an empty list is "page 1 of 1")
 * @param filter the filter applied ("" = none)
 */
public record Page<T>(List<T> items, int page, int size, int total, int pages, String filter) {

	/** The page {@code page} of {@code size} rows out of {@code matching}, which is filtered and sorted already. */
	static <T> Page<T> of(List<T> matching, int page, int size, String filter) {
		int total = matching.size();
		int pages = Math.max(1, (total + size - 1) / size);
		long from = (long) page * size;
		List<T> items = (from >= total) ? List.of()
				: List.copyOf(matching.subList((int) from, (int) Math.min(total, from + size)));
		return new Page<>(items, page, size, total, pages, filter);
	}

}
