package io.spread.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A hub whose TCP listener cannot bind does not start: {@link ListenerPortProbe} tries each listener's port before
 * the listeners start, and {@link ListenerStartupCheck} waits until they listen. The hub's listener is
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
	public ListenerPortProbe listenerPortProbe(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<ListenerPortKey> portKeys) {
		return new ListenerPortProbe(beanFactory, keyOf(portKeys));
	}

	@Bean
	public ListenerStartupCheck listenerStartupCheck(ListableBeanFactory beanFactory,
			ObjectProvider<ListenerPortKey> portKeys) {
		return new ListenerStartupCheck(beanFactory, keyOf(portKeys), BIND_TIMEOUT);
	}

	/** The port's setting of a listener bean, from the {@link ListenerPortKey} beans; {@code null} if none names it. */
	private static Function<String, String> keyOf(ObjectProvider<ListenerPortKey> portKeys) {
		return (beanName) -> {
			Map<String, String> keys = portKeys.stream()
				.collect(Collectors.toMap(ListenerPortKey::listenerBeanName, ListenerPortKey::portKey,
						(first, second) -> first));
			return keys.get(beanName);
		};
	}

}
