package io.spread.config;

import java.util.Locale;

import io.spread.connection.ListenerTls;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * TLS on a listener ({@code spread.tcp.ssl.*}, {@code spread.gateway.ssl.*}): the Spring Boot SSL bundle
 * ({@code spring.ssl.bundle.pem.<name>} or {@code spring.ssl.bundle.jks.<name>}) whose key and certificate it serves,
 * and whether clients must show a certificate (checked against the bundle's trust material).
 */
public class ListenerSsl {

	/** Name of the SSL bundle (spring.ssl.bundle.*.<name>) to serve TLS with; empty serves plain TCP. */
	@NotNull
	private String bundle = "";

	/** Client certificates: none, want (asked for, checked if given) or need (a client without one is refused). */
	@NotNull
	private ListenerTls.ClientAuth clientAuth = ListenerTls.ClientAuth.NONE;

	public String getBundle() {
		return this.bundle;
	}

	public void setBundle(String bundle) {
		this.bundle = bundle;
	}

	public ListenerTls.ClientAuth getClientAuth() {
		return this.clientAuth;
	}

	public void setClientAuth(ListenerTls.ClientAuth clientAuth) {
		this.clientAuth = clientAuth;
	}

	/**
	 * The SSL bundle of that name; if there is none, start-up stops with one message naming {@code key}, the
	 * setting that named it.
	 */
	public static SslBundle named(SslBundles bundles, String name, String key) {
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidSettingException(key, "there is no SSL bundle named '" + name + "'",
					"Define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name + ", or set "
							+ key + " to one that is defined (empty: plain TCP).",
					ex);
		}
	}

	/**
	 * The listener's TLS, made from its bundle, or null when it has none.
	 * @param key the settings' prefix ({@code spread.tcp.ssl}), named when they cannot work together
	 */
	public ListenerTls tls(SslBundles bundles, String key) {
		if (this.bundle.isEmpty()) {
			return null;
		}
		SslBundle ssl = named(bundles, this.bundle, key + ".bundle");
		if (this.clientAuth != ListenerTls.ClientAuth.NONE && ssl.getStores().getTrustStore() == null) {
			// without one the JDK's own CAs would vouch for any client certificate they signed
			throw new InvalidSettingException(key + ".client-auth",
					this.clientAuth.name().toLowerCase(Locale.ROOT) + " needs a trust store in SSL bundle "
							+ this.bundle + " to check client certificates against",
					"Add spring.ssl.bundle.*." + this.bundle + ".truststore.*, or set " + key
							+ ".client-auth to none.",
					null);
		}
		SslOptions options = ssl.getOptions();
		return new ListenerTls(ssl.createSslContext(), options.getEnabledProtocols(), options.getCiphers(),
				this.clientAuth);
	}

}
