package io.spread;

import io.spread.config.SpreadProperties;

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
	}

}
