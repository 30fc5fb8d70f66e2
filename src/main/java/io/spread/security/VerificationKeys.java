package io.spread.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import io.spread.config.InvalidSettingException;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;

/**
 * The key that checks token signatures, from {@code spread.auth.jwt.*}, as a Nimbus key selector that also fixes
 * which algorithms are accepted: HMAC ones for a secret, RSA or EC ones for public keys. A token naming any other
 * algorithm ({@code none} included) is refused before its signature is looked at.
 */
final class VerificationKeys {

	private static final Pattern PUBLIC_KEY_PEM = Pattern
		.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

	private static final Set<JWSAlgorithm> PUBLIC_KEY_ALGORITHMS = union(JWSAlgorithm.Family.RSA,
			JWSAlgorithm.Family.EC);

	private VerificationKeys() {
	}

	/**
	 * The selector for the one key configured; throws {@link IllegalStateException} when none, and
	 * {@link InvalidSettingException}, naming the setting, when it cannot be read.
	 */
	static JWSKeySelector<SecurityContext> from(JwtProperties settings) {
		if (!settings.getSecret().isEmpty()) {
			return new JWSVerificationKeySelector<>(JWSAlgorithm.Family.HMAC_SHA,
					new ImmutableSecret<>(settings.getSecret().getBytes(StandardCharsets.UTF_8)));
		}
		if (!settings.getPublicKey().isEmpty()) {
			JWK key = load("spread.auth.jwt.public-key", "a PEM file with an RSA or EC public key or certificate",
					() -> publicKey(settings.getPublicKey()));
			return new JWSVerificationKeySelector<>(PUBLIC_KEY_ALGORITHMS, new ImmutableJWKSet<>(new JWKSet(key)));
		}
		if (!settings.getJwkSet().isEmpty()) {
			JWKSet keys = load("spread.auth.jwt.jwk-set", "a JWK set file with RSA or EC public keys",
					() -> jwkSet(settings.getJwkSet()));
			return new JWSVerificationKeySelector<>(PUBLIC_KEY_ALGORITHMS, new ImmutableJWKSet<>(keys));
		}
		throw new IllegalStateException("No key to check tokens: set spread.auth.jwt.secret, public-key or jwk-set");
	}

	/** What {@code loader} reads from the file a setting names; a failure names the setting and what it must name. */
	private static <T> T load(String key, String wanted, Supplier<T> loader) {
		try {
			return loader.get();
		}
		catch (IllegalStateException ex) {
			throw new InvalidSettingException(key, ex.getMessage(),
					"Set " + key + " to the location of " + wanted + " that the hub can read (a path, or file: or "
							+ "classpath: and a path), or leave it empty.",
					ex);
		}
	}

	/** The public key of a PEM file: a SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}) or a certificate. */
	static JWK publicKey(String location) {
		String pem = read(location);
		try {
			PublicKey key;
			Matcher publicKey = PUBLIC_KEY_PEM.matcher(pem);
			if (publicKey.find()) {
				key = decode(Base64.getMimeDecoder().decode(publicKey.group(1).strip()));
			}
			else {
				List<X509Certificate> certificates = PemContent.of(pem).getCertificates();
				key = certificates.get(0).getPublicKey();
			}
			return jwk(key);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException("Cannot read a public key (RSA or EC, PEM) from " + location, ex);
		}
	}

	private static PublicKey decode(byte[] subjectPublicKeyInfo) throws GeneralSecurityException {
		X509EncodedKeySpec spec = new X509EncodedKeySpec(subjectPublicKeyInfo);
		try {
			return KeyFactory.getInstance("RSA").generatePublic(spec);
		}
		catch (GeneralSecurityException notRsa) {
			return KeyFactory.getInstance("EC").generatePublic(spec);
		}
	}

	private static JWK jwk(PublicKey key) throws GeneralSecurityException {
		if (key instanceof RSAPublicKey rsa) {
			return new RSAKey.Builder(rsa).build();
		}
		if (key instanceof ECPublicKey ec) {
			Curve curve = Curve.forECParameterSpec(ec.getParams());
			if (curve == null) {
				throw new GeneralSecurityException("unsupported EC curve");
			}
			return new ECKey.Builder(curve, ec).build();
		}
		throw new GeneralSecurityException("not an RSA or EC key: " + key.getAlgorithm());
	}

	/** The RSA and EC keys of a JWK set file; fails if it has none. */
	static JWKSet jwkSet(String location) {
		JWKSet keys;
		try {
			keys = JWKSet.parse(read(location));
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Cannot read a JWK set from " + location + ": " + ex.getMessage(), ex);
		}
		JWKSet usable = new JWKSet(keys.getKeys()
			.stream()
			.filter(key -> key.getKeyType().equals(KeyType.RSA) || key.getKeyType().equals(KeyType.EC))
			.map(JWK::toPublicJWK)
			.toList());
		if (usable.isEmpty()) {
			throw new IllegalStateException("No RSA or EC key in the JWK set " + location);
		}
		return usable;
	}

	static String read(String location) {
		Resource resource = ApplicationResourceLoader.get().getResource(location);
		if (!resource.exists()) {
			throw new IllegalStateException("Cannot read " + location + ": there is no such file");
		}
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + location + ": " + ex.getMessage(), ex);
		}
	}

	private static Set<JWSAlgorithm> union(JWSAlgorithm.Family... families) {
		Set<JWSAlgorithm> algorithms = new HashSet<>();
		for (JWSAlgorithm.Family family : families) {
			algorithms.addAll(family);
		}
		return algorithms;
	}

}
