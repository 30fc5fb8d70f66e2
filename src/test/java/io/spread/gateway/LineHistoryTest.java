package io.spread.gateway;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = { "spread.gateway.framing=line", "spread.tcp.framing=line" })
class LineHistoryTest extends HistoryTest {

}
