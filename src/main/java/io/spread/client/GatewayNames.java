package io.spread.client;

import java.util.regex.Pattern;

import io.spread.hub.RelayFrontEnd;

/** Names and rooms as the gateway protocol accepts them: 1-64 characters of A-Z a-z 0-9 . _ - (SPEC section 8). */
final class GatewayNames {

	private static final Pattern NAME = Pattern.compile(ClientProperties.GATEWAY_NAME);

	private GatewayNames() {
	}

	/** Whether the hub accepts this name in {@code HELLO}: not one of the names it gives relay clients either. */
	static boolean isValid(String name) {
		return NAME.matcher(name).matches() && !RelayFrontEnd.isGuestName(name);
	}

	/** A host name made into a valid name: other characters become '-', and it is cut to 64 characters. */
	static String fromHostName(String host) {
		String name = host.replaceAll("[^A-Za-z0-9._-]", "-");
		name = (name.length() > 64) ? name.substring(0, 64) : name;
		return isValid(name) ? name : "client-" + Integer.toHexString(host.hashCode());
	}

}
