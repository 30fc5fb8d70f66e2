package io.spread.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import java.util.function.Function;

import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * Binds the address and port of every TCP listener once, and lets go of them at once, before any listener starts,
 * and throws {@link ListenerBindException} for the first that cannot be bound. A port in use then stops start-up
 * with the one report naming the port: the listener is never started, so Spring Integration does not try the port on
 * its own thread, where a bind failure is logged at ERROR with its stack trace before {@link ListenerStartupCheck}
 * can see it.
 * <p>
 * Spring Integration starts a listener with the first endpoint that uses it, which can be in the very first phase
 * ({@code Integer.MIN_VALUE}, that of the consumers of subscribable channels). So, beside running in that phase
 * itself, the probe makes every {@link AbstractServerConnectionFactory} bean depend on it once all singletons exist,
 * and the lifecycle processor starts a bean's dependencies before the bean. With {@code --check-config} no
 * lifecycle is started, and nothing is bound.
 * <p>
 * A listener on port 0 (any free port) is not probed, nor one with no inbound endpoint (Spring Integration does not
 * bind those), nor one already running. Should another process take a port in the moment between the probe and the
 * listener's own bind, {@link ListenerStartupCheck} still stops start-up.
 */
public class ListenerPortProbe implements SmartLifecycle, SmartInitializingSingleton, BeanNameAware {

	/** The first phase of all: that of the endpoints that may start a listener. */
	public static final int PHASE = Integer.MIN_VALUE;

	private final ConfigurableListableBeanFactory beanFactory;

	private final Function<String, String> portKeys;

	private String beanName;

	private volatile boolean running;

	/**
	 * @param portKeys the property that sets a listener's port, by bean name; {@code null} if none is known
	 */
	public ListenerPortProbe(ConfigurableListableBeanFactory beanFactory, Function<String, String> portKeys) {
		this.beanFactory = beanFactory;
		this.portKeys = portKeys;
	}

	@Override
	public void setBeanName(String name) {
		this.beanName = name;
	}

	/** Makes every listener bean depend on this one, so that the lifecycle processor starts this one first. */
	@Override
	public void afterSingletonsInstantiated() {
		for (String listener : this.beanFactory.getBeanNamesForType(AbstractServerConnectionFactory.class, false,
				false)) {
			this.beanFactory.registerDependentBean(this.beanName, listener);
		}
	}

	@Override
	public void start() {
		Map<String, AbstractServerConnectionFactory> listeners = this.beanFactory
			.getBeansOfType(AbstractServerConnectionFactory.class, false, false);
		for (Map.Entry<String, AbstractServerConnectionFactory> entry : listeners.entrySet()) {
			AbstractServerConnectionFactory listener = entry.getValue();
			if (listener.getPort() > 0 && listener.getListener() != null && !listener.isRunning()) {
				probe(entry.getKey(), listener);
			}
		}
		this.running = true;
	}

	/** Binds as Spring Integration's listeners bind (a server channel, the wildcard address if none is set). */
	private void probe(String name, AbstractServerConnectionFactory listener) {
		String host = listener.getLocalAddress();
		try (ServerSocketChannel channel = ServerSocketChannel.open()) {
			InetSocketAddress address = (host != null)
					? new InetSocketAddress(InetAddress.getByName(host), listener.getPort())
					: new InetSocketAddress(listener.getPort());
			channel.bind(address, 1);
		}
		catch (IOException ex) {
			throw ListenerStartupCheck.failure(name, listener, this.portKeys.apply(name),
					ListenerStartupCheck.describe(ex), ex);
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
