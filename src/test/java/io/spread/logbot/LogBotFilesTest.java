package io.spread.logbot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The log bot's file lines, through Logback's rolling appender, each on disk as soon as it is written. */
class LogBotFilesTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2006-04-08T23:53:09Z"), ZoneId.of("UTC"));

	@TempDir
	Path directory;

	@Test
	void writesEachLineAsItComesInTheSeedsFormat() throws Exception {
		LogBotProperties properties = new LogBotProperties();
		properties.setDirectory(this.directory.resolve("logs").toString());
		LogBotFiles files = new LogBotFiles(properties, CLOCK);
		Path relay = this.directory.resolve("logs/relay.log");

		files.connected();
		files.heard("hello, anyone there?".getBytes(StandardCharsets.UTF_8));
		// read before anything is closed: each line is flushed as it is written
		assertThat(Files.readAllLines(relay)).containsExactly("[connected at Sat Apr  8 23:53:09 2006]",
				"[23:53:09] hello, anyone there?");

		files.disconnected();
		files.destroy();
		assertThat(Files.readAllLines(relay)).last().isEqualTo("[disconnected at Sat Apr  8 23:53:09 2006]");
	}

}
