package io.spread.gateway;

import org.springframework.test.context.TestPropertySource;

// history off: these tests expect an emptied room (the lobby too) to be forgotten; the History tests cover history
@TestPropertySource(properties = { "spread.gateway.framing=line", "spread.tcp.framing=line", "spread.history.size=0" })
class LineGatewayRelayTest extends GatewayRelayTest {

}
