package io.spread.config;

import io.spread.codec.FrameCodec;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The framing both ends of a connection speak, from {@code spread.tcp.*}: shared by the hub and the client. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TcpProperties.class)
public class WireConfiguration {

	/** A bean, so that it publishes Spring Integration's deserialization events. */
	@Bean
	public FrameCodec frameCodec(TcpProperties tcp) {
		return tcp.getFraming().codec((int) tcp.getMaxFrameSize().toBytes(), tcp.getLineTerminator());
	}

}
