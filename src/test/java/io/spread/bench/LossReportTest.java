package io.spread.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces the load tool explains loss with: hub notices, the hub's Prometheus counters, counts by reason. */
class LossReportTest {

	@Test
	void hubNoticesAreTheFramesThatStartWithErrAndASpace() {
		assertThat(isNotice("ERR slow-consumer")).isTrue();
		assertThat(isNotice("ERR dropped 12")).isTrue();
		assertThat(isNotice("ERR")).isFalse();
		assertThat(isNotice("ERROR slow")).isFalse();
		assertThat(isNotice("B0:1:2:xx")).isFalse();
	}

	@Test
	void aNoticesKindIsItsFirstWordAfterErr() {
		assertThat(kind("ERR slow-consumer")).isEqualTo("slow-consumer");
		assertThat(kind("ERR dropped 12")).isEqualTo("dropped");
		assertThat(kind("ERR frame-too-large max=65536")).isEqualTo("frame-too-large");
		assertThat(kind("ERR ")).isEqualTo("unknown");
		assertThat(kind("ERR a=b,c:d")).isEqualTo("a_b_c_d");
		assertThat(kind("ERR " + "k".repeat(100))).hasSize(HubNotice.MAX_KIND_LENGTH);
	}

	@Test
	void aDroppedNoticeCarriesItsCount() {
		assertThat(count("ERR dropped 12")).isEqualTo(12);
		assertThat(count("ERR dropped 12 more")).isEqualTo(12);
		assertThat(count("ERR dropped")).isEqualTo(-1);
		assertThat(count("ERR dropped x")).isEqualTo(-1);
		assertThat(count("ERR dropped 12x")).isEqualTo(-1);
		assertThat(count("ERR dropped 99999999999999999999999")).isEqualTo(-1);
	}

	@Test
	void theHubsCountersAreReadByReasonAndComparedBeforeAndAfter() {
		String before = """
				# HELP spread_frames_dropped_total Frames not delivered, by reason
				# TYPE spread_frames_dropped_total counter
				spread_frames_dropped_total{application="spread",reason="slow-consumer"} 10.0
				spread_frames_dropped_total{reason="closed"} 5.0
				spread_connections_closed_total{reason="slow-consumer"} 0.0
				spread_frames_received_total 7.0
				""";
		String after = """
				spread_frames_dropped_total{application="spread",reason="slow-consumer"} 1.23456E6
				spread_frames_dropped_total{reason="closed"} 5.0
				spread_connections_closed_total{reason="slow-consumer"} 71.0
				spread_connections_closed_total{reason="client"} 1.0
				""";
		Map<String, Map<String, Double>> earlier = HubMetricsReader.parse(before);
		Map<String, Map<String, Double>> later = HubMetricsReader.parse(after);

		assertThat(HubMetricsReader.growth(earlier, later, HubMetricsReader.FRAMES_DROPPED))
			.containsExactly(Map.entry("slow-consumer", 1_234_550L));
		assertThat(HubMetricsReader.growth(earlier, later, HubMetricsReader.CONNECTIONS_CLOSED))
			.containsExactly(Map.entry("client", 1L), Map.entry("slow-consumer", 71L));
	}

	@Test
	void countsByReasonPrintAsOneWordInTheLineAndAsAnObjectInJson() {
		Map<String, Integer> reasons = new TreeMap<>(Map.of("slow-consumer", 70, "eof", 1));
		BenchResult result = new BenchResult().put("lost", 5).put("disconnect_reasons", reasons).put("notices", Map.of());

		assertThat(result.toText()).isEqualTo("spread-bench lost=5 disconnect_reasons=eof:1,slow-consumer:70 notices=none");
		assertThat(result.toJson())
			.isEqualTo("{\"lost\":5,\"disconnect_reasons\":{\"eof\":1,\"slow-consumer\":70},\"notices\":{}}");
	}

	private static boolean isNotice(String payload) {
		byte[] bytes = bytes(payload);
		return HubNotice.isNotice(bytes, 1, bytes.length - 2);
	}

	private static String kind(String payload) {
		byte[] bytes = bytes(payload);
		return HubNotice.kind(bytes, 1, bytes.length - 2);
	}

	private static long count(String payload) {
		byte[] bytes = bytes(payload);
		return HubNotice.count(bytes, 1, bytes.length - 2);
	}

	/** The payload inside other bytes, as a frame scanner hands it over. */
	private static byte[] bytes(String payload) {
		return ("#" + payload + "\n").getBytes(StandardCharsets.US_ASCII);
	}

}
