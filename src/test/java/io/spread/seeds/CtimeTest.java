package io.spread.seeds;

import java.time.LocalDateTime;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** C's ctime() format, checked against what glibc prints (python3 -c 'import time; print(time.ctime(...))'). */
class CtimeTest {

	@Test
	void writesTheSeedsExample() {
		assertThat(Ctime.format(LocalDateTime.of(2006, 4, 18, 23, 53, 9))).isEqualTo("Tue Apr 18 23:53:09 2006");
	}

	@Test
	void padsTheDayOfTheMonthWithASpaceAndTheTimeWithZeros() {
		assertThat(Ctime.format(LocalDateTime.of(2006, 4, 8, 9, 5, 1))).isEqualTo("Sat Apr  8 09:05:01 2006");
		assertThat(Ctime.format(LocalDateTime.of(2024, 9, 1, 0, 0, 0))).isEqualTo("Sun Sep  1 00:00:00 2024");
		assertThat(Ctime.format(LocalDateTime.of(1999, 12, 31, 23, 59, 59))).isEqualTo("Fri Dec 31 23:59:59 1999");
	}

	@Test
	void writesEnglishNamesWhateverTheDefaultLocale() {
		Locale saved = Locale.getDefault();
		try {
			Locale.setDefault(Locale.GERMANY);
			assertThat(Ctime.format(LocalDateTime.of(2006, 5, 3, 12, 0, 0))).isEqualTo("Wed May  3 12:00:00 2006");
		}
		finally {
			Locale.setDefault(saved);
		}
	}

}
