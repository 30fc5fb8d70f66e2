package io.spread.config;

import org.springframework.util.Assert;

/**
 * Which setting chooses the port of a TCP listener bean, so that a listener that cannot bind is reported with the key
 * to change. Whoever defines an {@code AbstractServerConnectionFactory} bean can declare one of these next to it; the
 * hub's own is in {@link ListenerStartupConfiguration}.
 *
 * @param listenerBeanName the name of the {@code AbstractServerConnectionFactory} bean
 * @param portKey the property that sets its port, such as {@code spread.tcp.port}
 */
public record ListenerPortKey(String listenerBeanName, String portKey) {

	public ListenerPortKey {
		Assert.hasText(listenerBeanName, "listenerBeanName must not be empty");
		Assert.hasText(portKey, "portKey must not be empty");
	}

}
