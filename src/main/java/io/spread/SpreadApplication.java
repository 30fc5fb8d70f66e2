package io.spread;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Spread: a TCP broadcast hub. Every frame one client sends reaches every other client. */
@SpringBootApplication
public class SpreadApplication {

	public static void main(String[] args) {
		SpringApplication.run(SpreadApplication.class, args);
	}

}
