package io.spread.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by the JDK's keytool once per test JVM: a PKCS12 key
 * store ({@code server.p12}, which also serves as the trust store of both ends) and the certificate as PEM
 * ({@code server.pem}, for OpenSSL).
 */
public final class TestCertificates {

	public static final String PASSWORD = "changeit";

	private static Path dir;

	private TestCertificates() {
	}

	public static synchronized Path dir() {
		if (dir == null) {
			dir = make();
		}
		return dir;
	}

	/** The settings of a Spring Boot SSL bundle of that name with the key store as key and trust material. */
	public static Map<String, String> bundle(String name) {
		String store = "file:" + dir().resolve("server.p12");
		Map<String, String> settings = new LinkedHashMap<>();
		for (String part : new String[] { "keystore", "truststore" }) {
			String prefix = "spring.ssl.bundle.jks." + name + "." + part + ".";
			settings.put(prefix + "location", store);
			settings.put(prefix + "password", PASSWORD);
			settings.put(prefix + "type", "PKCS12");
		}
		return settings;
	}

	private static Path make() {
		try {
			Path made = Files.createTempDirectory("spread-tls");
			run(made, "keytool", "-genkeypair", "-alias", "spread", "-keyalg", "EC", "-groupname", "secp256r1",
					"-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore",
					"server.p12", "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
			run(made, "keytool", "-exportcert", "-rfc", "-alias", "spread", "-keystore", "server.p12", "-storepass",
					PASSWORD, "-file", "server.pem");
			return made;
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException("Could not make a test certificate with keytool", ex);
		}
	}

	private static void run(Path dir, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + output);
		}
	}

}
