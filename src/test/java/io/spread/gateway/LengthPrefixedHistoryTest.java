package io.spread.gateway;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = { "spread.gateway.framing=length-prefixed", "spread.tcp.framing=length-prefixed" })
class LengthPrefixedHistoryTest extends HistoryTest {

}
