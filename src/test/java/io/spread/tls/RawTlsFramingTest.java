package io.spread.tls;

import io.spread.codec.Framing;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "spread.tcp.framing=raw")
class RawTlsFramingTest extends TlsFramingsTest {

	@Override
	Framing framing() {
		return Framing.RAW;
	}

}
