package io.spread.tls;

import io.spread.codec.Framing;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "spread.tcp.framing=length-prefixed")
class LengthPrefixedTlsFramingTest extends TlsFramingsTest {

	@Override
	Framing framing() {
		return Framing.LENGTH_PREFIXED;
	}

}
