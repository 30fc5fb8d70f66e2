package io.spread.bench;

import javax.net.ssl.SSLContext;

import io.spread.config.ListenerSsl;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The load tool, active with {@code spread.mode=bench}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "bench")
@EnableConfigurationProperties(BenchProperties.class)
public class BenchConfiguration {

	@Bean
	public BenchRunner benchRunner(BenchProperties settings, SslBundles sslBundles) {
		SSLContext tls = settings.getSslBundle().isEmpty() ? null
				: ListenerSsl.named(sslBundles, settings.getSslBundle(), "spread.bench.ssl-bundle").createSslContext();
		return new BenchRunner(settings, tls);
	}

}
