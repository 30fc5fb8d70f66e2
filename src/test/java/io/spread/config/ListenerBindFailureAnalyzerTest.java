package io.spread.config;

import java.net.BindException;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextException;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up failure report for a listener that did not bind, found under the context's own exception. */
class ListenerBindFailureAnalyzerTest {

	private final ListenerBindFailureAnalyzer analyzer = new ListenerBindFailureAnalyzer();

	@Test
	void portInUseNamesThePortAndTheKey() {
		FailureAnalysis analysis = analyze(new ListenerBindException("hubListener", "0.0.0.0", 8007, "spread.tcp.port",
				"Address already in use", new BindException("Address already in use")));
		assertThat(analysis.getDescription()).isEqualTo("TCP port 8007 (spread.tcp.port) on 0.0.0.0 is already in use.");
		assertThat(analysis.getAction()).contains("set spread.tcp.port to a free port");
	}

	@Test
	void otherBindFailuresGiveTheReason() {
		FailureAnalysis analysis = analyze(new ListenerBindException("hubListener", "192.0.2.1", 8007, "spread.tcp.port",
				"Cannot assign requested address", new BindException("Cannot assign requested address")));
		assertThat(analysis.getDescription())
			.isEqualTo("TCP port 8007 (spread.tcp.port) on 192.0.2.1 could not be bound: Cannot assign requested address.");
	}

	@Test
	void aListenerWithoutAKeyIsNamedByItsBean() {
		FailureAnalysis analysis = analyze(new ListenerBindException("gatewayListener", "0.0.0.0", 9000, null,
				"not listening after 10000 ms", null));
		assertThat(analysis.getDescription())
			.isEqualTo("TCP port 9000 on 0.0.0.0 for listener 'gatewayListener' was not listening after 10000 ms.");
	}

	private FailureAnalysis analyze(ListenerBindException exception) {
		return this.analyzer.analyze(new ApplicationContextException("Failed to start bean", exception));
	}

}
