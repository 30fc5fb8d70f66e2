package io.spread.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.spread.SpreadMode;
import io.spread.config.SettingsCatalog;
import io.spread.config.SettingsCatalog.Setting;

import org.springframework.boot.SpringBootVersion;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * The jar's own switches, handled before Spring starts: {@code --help} (per mode, from the configuration
 * metadata), {@code --version}, and {@code --check-config} (see {@link ConfigCheck}). Everything else is Spring Boot's
 * {@code --key=value}.
 */
public final class CommandLine {

	/** Exit code: the run was fine. */
	public static final int OK = 0;

	/** Exit code: the process could not start (a bad setting, a port in use); the report says which. */
	public static final int CANNOT_START = 2;

	private static final int WIDTH = 110;

	private final List<String> args;

	private CommandLine(String[] args) {
		this.args = Arrays.asList(args);
	}

	public static CommandLine of(String[] args) {
		return new CommandLine(args);
	}

	public boolean wantsHelp() {
		return this.args.contains("--help") || this.args.contains("-h");
	}

	public boolean wantsVersion() {
		return this.args.contains("--version") || this.args.contains("-V");
	}

	public boolean wantsCheck() {
		return this.args.contains("--check-config") || this.args.contains("-t");
	}

	/** The arguments for Spring: all but this class's switches. */
	public String[] springArgs() {
		return this.args.stream()
			.filter(arg -> !List.of("--help", "-h", "--version", "-V", "--check-config", "-t").contains(arg))
			.toArray(String[]::new);
	}

	/** The mode named on the command line or in the environment ({@code SPREAD_MODE}), else the default. */
	public SpreadMode mode() {
		String named = null;
		for (String arg : this.args) {
			if (arg.startsWith("--spread.mode=")) {
				named = arg.substring("--spread.mode=".length());
			}
		}
		if (named == null) {
			named = System.getenv("SPREAD_MODE");
		}
		if (named == null || named.isBlank()) {
			return SpreadMode.SERVER;
		}
		try {
			return SpreadMode.valueOf(named.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException ex) {
			return SpreadMode.SERVER;
		}
	}

	public void printVersion(PrintStream out) {
		String version = CommandLine.class.getPackage().getImplementationVersion();
		out.printf("spread %s (Spring Boot %s, Spring Integration %s, Java %s)%n",
				(version != null) ? version : "(development build)", SpringBootVersion.getVersion(),
				IntegrationFlow.class.getPackage().getImplementationVersion(), System.getProperty("java.version"));
	}

	public void printHelp(PrintStream out) {
		SpreadMode mode = mode();
		ClassLoader loader = CommandLine.class.getClassLoader();
		out.println("Usage: java -jar spread.jar [--spread.mode=server|client|bench|logger|token] [--<setting>=<value> ...]");
		out.println("       java -jar spread.jar [--spread.mode=...] --help | --version | --check-config");
		out.println();
		out.println(switch (mode) {
			case SERVER -> "spread.mode=server (the default): the hub. Clients connect over TCP; what one sends reaches all the others.";
			case CLIENT -> "spread.mode=client: a client of a hub. Prints each frame it receives, sends each line typed, reconnects.";
			case BENCH -> "spread.mode=bench: the load tool. Runs one scenario against a hub and prints a summary line.";
			case LOGGER -> "spread.mode=logger: the log bot. Writes what it hears on a hub to rolling log files, reconnects.";
			case TOKEN -> "spread.mode=token: prints a signed token for the gateway's HELLO, with the spread.auth.jwt settings.";
		});
		out.println("Other modes: --spread.mode=<mode> --help.");
		out.println();
		out.println("Switches:");
		out.println("  --help, -h           this text, for the mode given");
		out.println("  --version, -V        the version, and those of Spring Boot, Spring Integration and Java");
		out.println("  --check-config, -t   check the settings and exit: 0 when they are valid, 2 (with a report) when not;");
		out.println("                       binds no port and starts nothing");
		out.println();
		if (mode == SpreadMode.TOKEN) {
			printTokenOptions(out);
		}
		out.println("Settings, as --key=value, SPREAD_KEY=value in the environment, or in application.yml:");
		for (String prefix : prefixes(mode)) {
			for (Setting setting : SettingsCatalog.under(prefix, loader)) {
				printSetting(out, setting);
			}
		}
		out.println();
		out.println("Exit codes: 0 done (or stopped by SIGTERM), 1 gave up (client mode: retries used up; bench: failed),");
		out.println("2 could not start (bad setting or port in use), 3 bench run lost frames.");
	}

	private static List<String> prefixes(SpreadMode mode) {
		return switch (mode) {
			case SERVER -> List.of("spread.tcp", "spread.gateway", "spread.hub", "spread.history", "spread.websocket",
					"spread.cluster", "spread.echo", "spread.timestamp", "spread.admin", "spread.auth");
			case CLIENT -> List.of("spread.tcp", "spread.client");
			case BENCH -> List.of("spread.bench");
			case LOGGER -> List.of("spread.logger", "spread.client", "spread.tcp");
			case TOKEN -> List.of("spread.auth");
		};
	}

	private static void printTokenOptions(PrintStream out) {
		out.println("Token options:");
		out.println("  --sub=<name>           the name the token is for (its sub claim); required");
		out.println("  --rooms=<p>,<p>        room patterns the token allows (its rooms claim): lobby, chat-*, sensors.*;");
		out.println("                         left out = every room");
		out.println("  --ttl=<duration>       how long the token is valid: 30m, 8h, 7d (default 1h)");
		out.println("  --private-key=<file>   sign with this RSA or EC private key (PEM) instead of spread.auth.jwt.secret");
		out.println("  --kid=<id>             the key id header, for a hub that checks with a JWK set of several keys");
		out.println();
	}

	private static void printSetting(PrintStream out, Setting setting) {
		String head = "  --" + setting.key() + (setting.defaultValue().isEmpty() ? "" : "=" + setting.defaultValue());
		List<String> lines = wrap(setting.description(), WIDTH - 6);
		out.println(head);
		for (String line : lines) {
			out.println("      " + line);
		}
	}

	private static List<String> wrap(String text, int width) {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (String word : text.split("\\s+")) {
			if (word.isEmpty()) {
				continue;
			}
			if (line.length() > 0 && line.length() + 1 + word.length() > width) {
				lines.add(line.toString());
				line.setLength(0);
			}
			if (line.length() > 0) {
				line.append(' ');
			}
			line.append(word);
		}
		if (line.length() > 0) {
			lines.add(line.toString());
		}
		return lines;
	}

}
