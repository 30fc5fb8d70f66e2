package io.spread.cluster;

import java.util.ArrayList;
import java.util.List;

import io.spread.SpreadApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Hub replicas in the test's JVM, joined through the Redis on {@code redisPort}, on free loopback ports. */
final class Replicas {

	private Replicas() {
	}

	/** A replica of that id, announcing itself every 200 ms, with {@code settings} added. */
	static ConfigurableApplicationContext start(int redisPort, String id, String... settings) {
		return start(WebApplicationType.NONE, redisPort, id, settings);
	}

	/** As {@link #start(int, String, String...)}, with its HTTP port (WebSocket clients, actuator) on a free port. */
	static ConfigurableApplicationContext startWithHttp(int redisPort, String id, String... settings) {
		List<String> args = new ArrayList<>(List.of(settings));
		args.add("--server.port=0");
		return start(WebApplicationType.SERVLET, redisPort, id, args.toArray(String[]::new));
	}

	private static ConfigurableApplicationContext start(WebApplicationType web, int redisPort, String id,
			String... settings) {
		List<String> args = new ArrayList<>(List.of("--spread.tcp.host=127.0.0.1", "--spread.tcp.port=0",
				"--spread.cluster.enabled=true", "--spread.cluster.replica-id=" + id,
				"--spread.cluster.presence-interval=200ms", "--spring.data.redis.port=" + redisPort));
		args.addAll(List.of(settings));
		return new SpringApplicationBuilder(SpreadApplication.class).web(web)
			.run(args.toArray(String[]::new));
	}

}
