package io.spread.hub;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import io.spread.codec.Framing;
import io.spread.security.AdminLogin;
import io.spread.support.HubTestSupport;
import io.spread.support.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spread.tcp.port=0", "spread.tcp.host=127.0.0.1", "spread.tcp.max-frame-size=1KB",
				"management.endpoints.web.exposure.include=health,sessions,broadcast,prometheus" })
class AdminAndMetricsTest extends HubTestSupport {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int httpPort;

	@Autowired
	MeterRegistry meters;

	@Override
	protected Framing framing() {
		return Framing.LINE;
	}

	private HttpResponse<String> call(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = AdminLogin
			.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)))
			.header("Content-Type", "application/json")
			.method(method, (json == null) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(json));
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private double count(String name, String... tags) {
		return this.meters.get(name).tags(tags).counter().count();
	}

	@Test
	void listsSessionsAndDisconnectsOne() throws Exception {
		TestClient stays = connectWelcomed();
		TestClient goes = connectWelcomed();
		goes.sendFrame("hi");
		assertThat(stays.readText()).isEqualTo("hi");

		await().atMost(WAIT).until(() -> this.hub.sessions().size() == 2);
		HttpResponse<String> list = call("GET", "/actuator/sessions", null);
		assertThat(list.statusCode()).isEqualTo(200);
		String goesId = this.hub.sessions().get(1).id();
		assertThat(list.body()).contains(goesId).contains("\"framesIn\":1").contains("\"remoteAddress\":\"127.0.0.1:");

		HttpResponse<String> disconnect = call("DELETE",
				"/actuator/sessions/" + URLEncoder.encode(goesId, StandardCharsets.UTF_8), null);
		assertThat(disconnect.statusCode()).isEqualTo(200);
		assertThat(goes.readText()).isEqualTo("ERR disconnected-by-operator");
		goes.awaitClosedByServer();
		awaitClientCount(1);
		assertThat(call("DELETE", "/actuator/sessions/no-such-id", null).statusCode()).isEqualTo(404);
	}

	@Test
	void broadcastsAnOperatorsNoticeToEveryClient() throws Exception {
		TestClient first = connectWelcomed();
		TestClient second = connectWelcomed();

		HttpResponse<String> response = call("POST", "/actuator/broadcast", "{\"text\":\"maintenance at noon\"}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"receivers\":2");
		assertThat(first.readText()).isEqualTo("maintenance at noon");
		assertThat(second.readText()).isEqualTo("maintenance at noon");
	}

	/** Regression: a text with a line end went out as two frames, an empty one as an empty frame. */
	@Test
	void refusesABroadcastThatIsNotOneNonEmptyLineWithAJsonError() throws Exception {
		TestClient client = connectWelcomed();

		for (String body : new String[] { "{\"text\":\"two\\nlines\"}", "{\"text\":\"\"}", "{}" }) {
			HttpResponse<String> response = call("POST", "/actuator/broadcast", body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(response.body()).as(body).contains("\"field\":\"text\"").contains("\"error\":\"text ");
		}
		call("POST", "/actuator/broadcast", "{\"text\":\"only this\"}");
		assertThat(client.readText()).isEqualTo("only this");
	}

	@Test
	void metricsMoveAsThingsHappen() throws Exception {
		double opened = count("spread.connections.opened");
		double closedByCommand = count("spread.connections.closed", "reason", "close-command");
		double received = count("spread.frames.received");
		double delivered = count("spread.frames.delivered");
		double oversized = count("spread.frames.dropped", "reason", "oversized");

		TestClient sender = connectWelcomed();
		TestClient receiver = connectWelcomed();
		sender.sendFrame("one");
		sender.sendFrame("x".repeat(2000));
		sender.sendFrame("close");
		assertThat(receiver.readText()).isEqualTo("one");
		assertThat(sender.readText()).startsWith("ERR frame-too-large");
		sender.awaitClosedByServer();
		awaitClientCount(1);

		assertThat(count("spread.connections.opened")).isEqualTo(opened + 2);
		assertThat(count("spread.connections.closed", "reason", "close-command")).isEqualTo(closedByCommand + 1);
		assertThat(count("spread.frames.received")).isEqualTo(received + 1);
		assertThat(count("spread.frames.dropped", "reason", "oversized")).isEqualTo(oversized + 1);
		// welcome x2, "one", the error notice
		await().atMost(WAIT).until(() -> count("spread.frames.delivered") >= delivered + 4);
		assertThat(this.meters.get("spread.connections.active").gauge().value()).isEqualTo(1);
		assertThat(this.meters.get("spread.broadcast.latency").timer().count()).isPositive();

		HttpResponse<String> prometheus = call("GET", "/actuator/prometheus", null);
		assertThat(prometheus.body()).contains("spread_connections_active")
			.contains("spread_frames_dropped_total{reason=\"oversized\"")
			.contains("spread_outbound_buffered_bytes")
			.contains("spread_broadcast_latency_seconds");
	}

	@Test
	void exposesOnlyHealthUnlessConfigured() throws Exception {
		// this context exposes the admin endpoints; the default one (LineHubTest) exposes health alone
		assertThat(call("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/actuator/env", null).statusCode()).isEqualTo(404);
	}

}
