package io.spread.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A URL that may carry a login, {@code http://admin:secret@host:8080/...}: the address without the login (the one
 * the tool reports) and the login as an HTTP Basic {@code Authorization} header, so that the login is sent but never
 * printed. Used for the hub's Prometheus endpoint and for its WebSocket endpoint.
 */
record UrlLogin(URI uri, String authorization) {

	/** @param url a URL, with or without {@code user:password@} (percent-encoded as in any URL) */
	static UrlLogin of(String url) {
		URI given = URI.create(url);
		return new UrlLogin(withoutUserInfo(given), basic(given.getRawUserInfo()));
	}

	/** Whether there is a login to send; {@link #authorization()} is null when not. */
	boolean hasLogin() {
		return this.authorization != null;
	}

	private static URI withoutUserInfo(URI uri) {
		if (uri.getRawUserInfo() == null) {
			return uri;
		}
		String text = uri.toString();
		return URI.create(text.replaceFirst("//" + Pattern.quote(uri.getRawUserInfo()) + "@", "//"));
	}

	/** HTTP Basic for {@code user:password} as written in a URL (percent-encoded), or null. */
	private static String basic(String rawUserInfo) {
		if (rawUserInfo == null) {
			return null;
		}
		String credentials = URLDecoder.decode(rawUserInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	/** The address, never the login. */
	@Override
	public String toString() {
		return this.uri.toString();
	}

}
