package io.spread.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

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

	/**
	 * A client's TLS context that trusts the test certificate, and shows it as its own client certificate if asked
	 * ({@code withCertificate}).
	 */
	public static SSLContext clientContext(boolean withCertificate) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(dir().resolve("server.p12"))) {
				store.load(in, PASSWORD.toCharArray());
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, PASSWORD.toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(withCertificate ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not make a TLS client context from the test certificate", ex);
		}
	}

	/** A JDK TLS client connected to 127.0.0.1 on {@code port}, reads timing out after 20 s. */
	public static SSLSocket connect(int port, boolean withCertificate) throws IOException {
		SSLSocket socket = (SSLSocket) clientContext(withCertificate).getSocketFactory().createSocket("127.0.0.1", port);
		socket.setSoTimeout(20_000);
		return socket;
	}

	/** OpenSSL's client, quiet: what it receives on its stdout, what it is given on its stdin goes to the hub. */
	public static Process openssl(int port) throws IOException {
		return new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile",
				dir().resolve("server.pem").toString(), "-verify_return_error", "-quiet")
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
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
