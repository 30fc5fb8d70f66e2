package io.spread.config;

import java.util.List;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * A listener's allow-list of client addresses ({@code spread.tcp.allow}, {@code spread.gateway.allow}): CIDR ranges
 * or single addresses, IPv4 or IPv6, matched with Spring Security's {@link IpAddressMatcher}. Empty allows any.
 */
public final class AddressRanges {

	/** What each entry must look like: an address literal (never a host name, which would need a lookup) and an
	 * optional prefix length. */
	public static final String PATTERN = "(\\d{1,3}(\\.\\d{1,3}){3}(/([0-9]|[12][0-9]|3[0-2]))?)"
			+ "|([0-9A-Fa-f]*:[0-9A-Fa-f:.]*(/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))?)";

	public static final String MESSAGE = "must be an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8";

	private final List<IpAddressMatcher> ranges;

	public AddressRanges(List<String> ranges) {
		this.ranges = ranges.stream().map(IpAddressMatcher::new).toList();
	}

	/** Whether a client of that address may connect. */
	public boolean allows(String address) {
		if (this.ranges.isEmpty()) {
			return true;
		}
		for (IpAddressMatcher range : this.ranges) {
			if (range.matches(address)) {
				return true;
			}
		}
		return false;
	}

}
