package io.spread.console;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * A hub for the console's tests, in the test's Spring context: HTTP, relay and gateway on free loopback ports. The
 * classes that carry it share one context (Spring's test context cache), so the hub starts once for them all.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.gateway.port=0",
				// the operator's actions are logged at INFO: the log panel shows them
				"logging.level.io.spread.hub.HubOperations=INFO",
				// Selenium's note that Debian's Chromium is newer than its DevTools bindings (which the tests do not use)
				"logging.level.org.openqa.selenium=ERROR" })
@interface ConsoleHubTest {

}
