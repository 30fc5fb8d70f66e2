package io.spread.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the hub's own counters by reason from its Prometheus endpoint ({@code spread.bench.hub-metrics-url}), so
 * that a summary can set what the hub counted next to what the receivers saw. The hub's actuator login goes in the
 * URL, {@code http://admin:secret@host:8080/actuator/prometheus}, and is sent as HTTP Basic; it is left out of the
 * address this reader reports.
 */
final class HubMetricsReader {

	static final String FRAMES_DROPPED = "spread_frames_dropped_total";

	static final String CONNECTIONS_CLOSED = "spread_connections_closed_total";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** The endpoint without its login, and the login as HTTP Basic. */
	private final UrlLogin endpoint;

	private final HttpClient client;

	HubMetricsReader(String url) {
		this.endpoint = UrlLogin.of(url);
		this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
	}

	URI uri() {
		return this.endpoint.uri();
	}

	/** Reads the counters now: metric name to reason to value. */
	Map<String, Map<String, Double>> read() throws IOException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri()).timeout(TIMEOUT).GET();
		if (this.endpoint.hasLogin()) {
			builder.header("Authorization", this.endpoint.authorization());
		}
		HttpRequest request = builder.build();
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode() + " from " + uri());
			}
			return parse(response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	/**
	 * The samples of {@link #FRAMES_DROPPED} and {@link #CONNECTIONS_CLOSED} in Prometheus text format, summed by
	 * their {@code reason} label.
	 */
	static Map<String, Map<String, Double>> parse(String exposition) {
		Map<String, Map<String, Double>> counters = new HashMap<>();
		for (String line : exposition.split("\n")) {
			String name = sampleName(line);
			if (!name.equals(FRAMES_DROPPED) && !name.equals(CONNECTIONS_CLOSED)) {
				continue;
			}
			int labelsEnd = line.indexOf('}');
			String reason = label(line.substring(name.length(), Math.max(labelsEnd, name.length())), "reason");
			String[] rest = line.substring((labelsEnd < 0) ? name.length() : labelsEnd + 1).trim().split("\\s+");
			try {
				double value = Double.parseDouble(rest[0]);
				counters.computeIfAbsent(name, n -> new TreeMap<>()).merge(reason, value, Double::sum);
			}
			catch (NumberFormatException ex) {
				// not a sample
			}
		}
		return counters;
	}

	/** How much each reason of {@code metric} grew from {@code before} to {@code after}; reasons that did not left out. */
	static Map<String, Long> growth(Map<String, Map<String, Double>> before, Map<String, Map<String, Double>> after,
			String metric) {
		Map<String, Double> earlier = before.getOrDefault(metric, Map.of());
		Map<String, Long> growth = new TreeMap<>();
		after.getOrDefault(metric, Map.of()).forEach((reason, value) -> {
			long grew = Math.round(value - earlier.getOrDefault(reason, 0.0));
			if (grew > 0) {
				growth.put(reason, grew);
			}
		});
		return growth;
	}

	private static String sampleName(String line) {
		if (line.startsWith("#")) {
			return "";
		}
		int end = 0;
		while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
			end++;
		}
		return line.substring(0, end);
	}

	/** The value of {@code name="..."} among the labels, or {@code "none"}. */
	private static String label(String labels, String name) {
		String key = name + "=\"";
		int at = labels.indexOf(key);
		while (at > 0 && labels.charAt(at - 1) != '{' && labels.charAt(at - 1) != ',' && labels.charAt(at - 1) != ' ') {
			at = labels.indexOf(key, at + 1);
		}
		if (at < 0) {
			return "none";
		}
		int start = at + key.length();
		int end = labels.indexOf('"', start);
		return (end < 0) ? "none" : labels.substring(start, end);
	}

}
