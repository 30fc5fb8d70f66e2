package io.spread.bench;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The load tool, active with {@code spread.mode=bench}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "bench")
@EnableConfigurationProperties(BenchProperties.class)
public class BenchConfiguration {

	@Bean
	public BenchRunner benchRunner(BenchProperties settings) {
		return new BenchRunner(settings);
	}

}
