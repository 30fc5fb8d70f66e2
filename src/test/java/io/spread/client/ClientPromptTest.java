package io.spread.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.spread.SpreadApplication;
import io.spread.cli.ConfigCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client mode with {@code spread.client.prompt=true}, the seed's interactive timestamp client: a prompt, the reply,
 * an empty line to leave. Against the timestamp server (clock fixed) and the hub, in this test's application.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.timestamp.enabled=true",
				"spread.timestamp.port=0", "spread.timestamp.host=127.0.0.1" })
class ClientPromptTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@TestConfiguration(proxyBeanMethods = false)
	static class FixedClock {

		@Bean
		Clock clock() {
			return Clock.fixed(Instant.parse("2006-04-19T03:53:09Z"), ZoneId.of("America/New_York"));
		}

	}

	@Autowired
	@Qualifier("timestampListener")
	AbstractServerConnectionFactory timestampListener;

	@Autowired
	TcpNioServerConnectionFactory hubListener;

	private final List<Prompted> clients = new ArrayList<>();

	@AfterEach
	void endClients() throws IOException {
		for (Prompted client : this.clients) {
			client.keyboard.close();
			client.exitCode.completeOnTimeout(-1, 20, TimeUnit.SECONDS).join();
		}
	}

	@Test
	void promptsPrintsTheReplyAndClosesOnAnEmptyLine() throws Exception {
		Prompted client = start(port(this.timestampListener));

		client.type("hello");
		assertThat(client.nextLine()).isEqualTo("> [Tue Apr 18 23:53:09 2006] hello");
		client.type("and again");
		assertThat(client.nextLine()).isEqualTo("> [Tue Apr 18 23:53:09 2006] and again");
		client.type("");

		assertThat(client.exitCode.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
		assertThat(client.printed()).endsWith("> ");
	}

	@Test
	void showsThePromptAgainAfterAFrameThatArrivesWhileItWaits() throws Exception {
		Prompted client = start(port(this.hubListener));

		// the welcome may come before the first prompt is shown, or after it
		assertThat(client.nextLine()).matches("(> )?Welcome to Spread Site, you are client #1!");
		await().atMost(WAIT).until(() -> client.printed().endsWith("!\n> "));
		client.type("");

		assertThat(client.exitCode.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
	}

	/** Regression: --check-config builds client mode without the client, which the printing flow then needs. */
	@Test
	void checkConfigBuildsClientModeWithThePrompt() {
		ConfigCheck.run(SpreadApplication.class, new String[] { "--spread.mode=client", "--spread.client.prompt=true" });
	}

	private static int port(AbstractServerConnectionFactory listener) {
		await().atMost(WAIT).until(listener::isListening);
		return listener.getPort();
	}

	private Prompted start(int port) {
		Prompted client = new Prompted();
		String[] args = { "--spread.mode=client", "--spread.client.host=127.0.0.1", "--spread.client.port=" + port,
				"--spread.client.prompt=true", "--spread.client.heartbeat-interval=0" };
		client.exitCode = CompletableFuture.supplyAsync(() -> {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(SpreadApplication.class)
				.initializers(ctx -> ctx.getBeanFactory().registerSingleton("clientConsole", client.console))
				.run(args);
			return SpringApplication.exit(context);
		});
		this.clients.add(client);
		return client;
	}

	/** A client in its own application context, its console piped to the test. */
	static final class Prompted {

		final PipedOutputStream keyboard = new PipedOutputStream();

		final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		final StringBuffer all = new StringBuffer();

		final ClientConsole console;

		CompletableFuture<Integer> exitCode;

		Prompted() {
			try {
				this.console = new ClientConsole(new PipedInputStream(this.keyboard),
						new PrintStream(new Screen(), true, StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		void type(String line) throws IOException {
			this.keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			this.keyboard.flush();
		}

		String nextLine() throws InterruptedException {
			String line = this.lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(line).as("a line printed by the client; so far: %s", this.all).isNotNull();
			return line;
		}

		String printed() {
			return this.all.toString();
		}

		/** What the client prints: all of it, and its complete lines one by one. */
		final class Screen extends OutputStream {

			private final StringBuilder line = new StringBuilder();

			@Override
			public synchronized void write(int b) {
				Prompted.this.all.append((char) b);
				if (b == '\n') {
					Prompted.this.lines.add(this.line.toString());
					this.line.setLength(0);
				}
				else {
					this.line.append((char) b);
				}
			}

		}

	}

}
