package io.spread.logbot;

import java.time.Clock;

import io.spread.client.ReceivedFrames;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;

/**
 * The log bot ({@code spread.mode=logger}, the seeds' {@code ircLogBot.py}): client mode's connection and
 * reconnects (it only listens, and sends no heartbeat), with what it hears going to {@link LogBotFiles} instead of
 * the console, and a line in the file for each connect and disconnect.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spread.mode", havingValue = "logger")
@EnableConfigurationProperties(LogBotProperties.class)
public class LogBotConfiguration {

	@Bean
	public LogBotFiles logBotFiles(LogBotProperties properties, ObjectProvider<Clock> clock) {
		return new LogBotFiles(properties, clock.getIfUnique(Clock::systemDefaultZone));
	}

	/** What the client receives goes to the files. */
	@Bean
	public ReceivedFrames logBotFrames(LogBotFiles files) {
		return files::heard;
	}

	@Bean
	public Connections logBotConnections(LogBotFiles files) {
		return new Connections(files);
	}

	/** Writes the {@code [connected at ...]} and {@code [disconnected at ...]} lines. */
	public static class Connections {

		private final LogBotFiles files;

		Connections(LogBotFiles files) {
			this.files = files;
		}

		@EventListener
		public void connected(TcpConnectionOpenEvent event) {
			this.files.connected();
		}

		@EventListener
		public void disconnected(TcpConnectionCloseEvent event) {
			this.files.disconnected();
		}

	}

}
