package io.spread;

import io.spread.cli.CommandLine;
import io.spread.cli.ConfigCheck;
import io.spread.config.SpreadProperties;
import sun.misc.Signal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
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
		ConfigurableApplicationContext context;
		try {
			context = SpringApplication.run(SpreadApplication.class, command.springArgs());
		}
		catch (RuntimeException ex) {
			// Spring Boot has reported why (a bad setting, a port in use)
			System.exit(CommandLine.CANNOT_START);
			return;
		}
		if (context.getBean(SpreadProperties.class).getMode().exitsWhenDone()) {
			System.exit(SpringApplication.exit(context));
		}
		// SIGTERM is how Kubernetes and init systems stop the hub: after the graceful shutdown it is a clean
		// exit, 0, where the JVM's own handler would end with 143
		Signal.handle(new Signal("TERM"), signal -> System.exit(SpringApplication.exit(context)));
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
