package io.spread.hub;

import java.util.concurrent.atomic.AtomicInteger;

import io.spread.codec.Framing;
import io.spread.connection.HubListener;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Integration's connection interceptors wrap the relay's connections and the hub still admits, welcomes,
 * relays and lets go of them. Regression: the framework publishes a wrapped connection's events from its outermost
 * interceptor, and the session registry took only events whose source was the connection itself, so with an
 * interceptor chain no client was ever admitted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1" })
@Import(InterceptorChainTest.Chain.class)
class InterceptorChainTest extends HubTestSupport {

	static final AtomicInteger BATCHES_SEEN = new AtomicInteger();

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	@Test
	void clientsOfAListenerWithAnInterceptorChainAreServedAsAnyOther() {
		TestClient first = connectWelcomed();
		TestClient second = connectWelcomed();
		int before = BATCHES_SEEN.get();

		first.sendFrame("through the interceptor");

		assertThat(second.readText()).isEqualTo("through the interceptor");
		assertThat(BATCHES_SEEN.get()).as("the interceptor saw the batch").isGreaterThan(before);
		first.close();
		second.close();
		await().until(() -> this.hub.clientCount() == 0);
	}

	/**
	 * An interceptor that counts what it passes on, put on the relay's listener before it starts. It publishes the
	 * connection events, as an interceptor must (the framework publishes them from the outermost one).
	 */
	@TestConfiguration
	static class Chain {

		@Bean
		static BeanPostProcessor interceptRelay(ApplicationEventPublisher events) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessBeforeInitialization(Object bean, String name) {
					if (bean instanceof HubListener listener && name.equals("hubListener")) {
						TcpConnectionInterceptorFactory counting = () -> new TcpConnectionInterceptorSupport(events) {

							@Override
							public void onMessage(Message<?> message) {
								BATCHES_SEEN.incrementAndGet();
								super.onMessage(message);
							}

						};
						TcpConnectionInterceptorFactoryChain chain = new TcpConnectionInterceptorFactoryChain();
						chain.setInterceptor(counting);
						listener.setInterceptorFactoryChain(chain);
					}
					return bean;
				}

			};
		}

	}

}
