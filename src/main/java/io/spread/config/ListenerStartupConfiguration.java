package io.spread.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A hub whose TCP listener cannot bind does not start: see {@link ListenerStartupCheck}. The hub's listener is
 * {@code hubListener}, on {@code spread.tcp.port}; a configuration that adds a listener declares its own
 * {@link ListenerPortKey} bean.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "server", matchIfMissing = true)
public class ListenerStartupConfiguration {

	/** How long start-up waits for each listener to bind. */
	static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

	@Bean
	public ListenerPortKey hubListenerPortKey() {
		return new ListenerPortKey("hubListener", "spread.tcp.port");
	}

	@Bean
	public ListenerStartupCheck listenerStartupCheck(ListableBeanFactory beanFactory,
			ObjectProvider<ListenerPortKey> portKeys) {
		Function<String, String> keyOf = (beanName) -> {
			Map<String, String> keys = portKeys.stream()
				.collect(Collectors.toMap(ListenerPortKey::listenerBeanName, ListenerPortKey::portKey,
						(first, second) -> first));
			return keys.get(beanName);
		};
		return new ListenerStartupCheck(beanFactory, keyOf, BIND_TIMEOUT);
	}

}
