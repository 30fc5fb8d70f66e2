package io.spread;

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
		ConfigurableApplicationContext context = SpringApplication.run(SpreadApplication.class, args);
		if (context.getBean(SpreadProperties.class).getMode().exitsWhenDone()) {
			System.exit(SpringApplication.exit(context));
		}
		// SIGTERM is how Kubernetes and init systems stop the hub: after the graceful shutdown it is a clean
		// exit, 0, where the JVM's own handler would end with 143
		Signal.handle(new Signal("TERM"), signal -> System.exit(SpringApplication.exit(context)));
	}

}
