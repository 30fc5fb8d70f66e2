package io.spread.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code --spread.mode=token}: prints one signed token for the gateway's HELLO on stdout, for development and for
 * README's examples, and lets the jar exit (0, or 1 with a {@code FAIL: ...} line on stderr). Options:
 * {@code --sub=<name>} (required), {@code --rooms=<pattern>,<pattern>} (the {@code rooms} claim; left out = every
 * room), {@code --ttl=<duration>} (1h unless given: 30m, 8h, 7d), {@code --private-key=<PEM file>} (sign with an RSA
 * or EC key instead of {@code spread.auth.jwt.secret}) and {@code --kid=<key id>}. Issuer and audience are the
 * configured ones, so the hub accepts the token under the same settings.
 */
public class TokenCommand implements ApplicationRunner, ExitCodeGenerator {

	/** The exit code when no token could be made (a missing option, no key). */
	public static final int FAILED_EXIT_CODE = 1;

	static final Set<String> OPTIONS = Set.of("sub", "rooms", "ttl", "private-key", "kid");

	private static final Duration DEFAULT_TTL = Duration.ofHours(1);

	private final JwtProperties settings;

	private volatile boolean failed;

	public TokenCommand(JwtProperties settings) {
		this.settings = settings;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			System.out.println(mint(args, Clock.systemUTC()));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			this.failed = true;
			System.err.println("FAIL: " + ex.getMessage());
		}
	}

	String mint(ApplicationArguments args, Clock clock) {
		for (String name : args.getOptionNames()) {
			// settings have dots (spread.auth.jwt.secret, logging.level.x); a bare word is meant for this command
			if (!name.contains(".") && !OPTIONS.contains(name)) {
				throw new IllegalArgumentException("unknown option --" + name + "; the token command takes --sub, "
						+ "--rooms, --ttl, --private-key and --kid");
			}
		}
		String subject = option(args, "sub");
		if (subject == null || subject.isBlank()) {
			throw new IllegalArgumentException("--sub=<name> is required: the name the token is for");
		}
		String rooms = option(args, "rooms");
		String ttl = option(args, "ttl");
		Duration lifetime = (ttl != null) ? DurationStyle.detectAndParse(ttl) : DEFAULT_TTL;
		if (lifetime.isNegative() || lifetime.isZero()) {
			throw new IllegalArgumentException("--ttl must be positive");
		}
		String privateKey = option(args, "private-key");
		TokenMinter minter = (privateKey != null)
				? TokenMinter.withPrivateKey(privateKey, option(args, "kid"), this.settings, clock)
				: TokenMinter.withSecret(this.settings, clock);
		return minter.mint(subject, (rooms != null) ? RoomPatterns.of(patterns(rooms)) : null, lifetime);
	}

	private static List<String> patterns(String rooms) {
		return Arrays.stream(rooms.split(",")).map(String::strip).filter(pattern -> !pattern.isEmpty()).toList();
	}

	private static String option(ApplicationArguments args, String name) {
		List<String> values = args.getOptionValues(name);
		return (values == null || values.isEmpty()) ? null : values.get(values.size() - 1);
	}

	@Override
	public int getExitCode() {
		return this.failed ? FAILED_EXIT_CODE : 0;
	}

}
