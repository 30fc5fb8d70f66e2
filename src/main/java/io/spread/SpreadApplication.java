package io.spread;

import java.util.concurrent.atomic.AtomicReference;

import io.spread.cli.CommandLine;
import io.spread.cli.ConfigCheck;
import io.spread.config.SpreadProperties;
import sun.misc.Signal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/** Spread: a TCP broadcast hub. Every frame one client sends reaches every other client. */
@SpringBootApplication
@EnableConfigurationProperties(SpreadProperties.class)
public class SpreadApplication {

	public static void main(String[] args) {
		CommandLine command = CommandLine.of(args);
		if (command.wantsHelp()) {
			command.printHelp(System.out);
			System.exit(CommandLine.OK);
		}
		if (command.wantsVersion()) {
			command.printVersion(System.out);
			System.exit(CommandLine.OK);
		}
		if (command.wantsCheck()) {
			System.exit(check(command));
		}
		SpringApplication application = new SpringApplication(SpreadApplication.class);
		AtomicReference<ConfigurableApplicationContext> started = new AtomicReference<>();
		application.addListeners((event) -> {
			if (event instanceof ApplicationStartedEvent startedEvent) {
				started.set(startedEvent.getApplicationContext());
			}
		});
		// SIGTERM is how Kubernetes and init systems stop the jar: in every mode, including client and logger modes
		// that are still in SpringApplication.run (their runner returns only when they are done), it is a graceful
		// shutdown and a clean exit, 0, where the JVM's own handler would end with 143
		Signal.handle(new Signal("TERM"), (signal) -> System.exit(stop(started.get())));
		ConfigurableApplicationContext context;
		try {
			context = application.run(command.springArgs());
		}
		catch (RuntimeException ex) {
			// Spring Boot has reported why (a bad setting, a port in use)
			System.exit(CommandLine.CANNOT_START);
			return;
		}
		if (context.getBean(SpreadProperties.class).getMode().exitsWhenDone()) {
			System.exit(SpringApplication.exit(context));
		}
	}

	/**
	 * On SIGTERM: closes the application, and returns the exit code: the mode's own if it has already decided on
	 * one (a load-tool run that lost frames, say), else 0. Before the application has started, or once it is
	 * closed, there is nothing to close here: the exit runs Spring Boot's shutdown hook, which closes what is open.
	 */
	private static int stop(ConfigurableApplicationContext context) {
		return (context != null && context.isActive()) ? SpringApplication.exit(context) : CommandLine.OK;
	}

	private static int check(CommandLine command) {
		try {
			ConfigCheck.run(SpreadApplication.class, command.springArgs());
		}
		catch (RuntimeException ex) {
			return CommandLine.CANNOT_START;
		}
		System.out.println("Configuration OK for spread.mode=" + command.mode().name().toLowerCase());
		return CommandLine.OK;
	}

}
