package dev.calllog.core.internal.transport;

import dev.calllog.core.internal.config.CallLogConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of a connection, from the settings:
 *
 * <ul>
 *   <li>what to trust: the certificates of a PEM file ({@code caFile}, or a PEM file given as {@code trustStore}), or a
 *       PKCS12 or JKS trust store, with or without its password; else the JVM's default trust;
 *   <li>what to present (mutual TLS): a PEM certificate chain and its PKCS#8 key ({@code clientCertFile},
 *       {@code clientKeyFile}), or a PKCS12 or JKS key store ({@code keyStore}).
 * </ul>
 *
 * Host names are always verified: the JDK's HTTP client checks the node's certificate against the URL's host, and no
 * setting turns that off. Every problem is a {@link GeneralSecurityException} whose message names the setting and the
 * file, never a password.
 */
final class TlsContexts {
    private TlsContexts() {}

    /** The context for {@code config}: its trust and client certificate, or the JVM's default when it sets neither. */
    public static SSLContext sslContext(CallLogConfig config) throws GeneralSecurityException, IOException {
        TrustManager[] trust = trustManagers(config);
        KeyManager[] keys = keyManagers(config);
        if (trust == null && keys == null) {
            return SSLContext.getDefault();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    private static TrustManager[] trustManagers(CallLogConfig config) throws GeneralSecurityException, IOException {
        KeyStore store;
        if (config.caFile() != null) {
            store = storeOf(PemFiles.certificates(Path.of(config.caFile())));
        } else if (config.trustStore() != null) {
            Path path = Path.of(config.trustStore());
            if (PemFiles.isPem(path)) {
                store = storeOf(PemFiles.certificates(path));
            } else {
                String password = config.trustStorePassword();
                store = load("trustStore", path, config.trustStoreType(), password);
                if (trustedCertificates(store) == 0) {
                    throw new GeneralSecurityException("<trustStore> '" + path + "' holds no trusted certificate"
                            + (password == null
                                    ? ": a PKCS12 store made by keytool needs its password to show them; set"
                                            + " <trustStorePassword>, or give the CA's PEM file as <caFile>"
                                    : ""));
                }
            }
        } else {
            return null;
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    private static KeyManager[] keyManagers(CallLogConfig config) throws GeneralSecurityException, IOException {
        KeyStore store;
        char[] password;
        if (config.keyStore() != null) {
            String p = config.keyStorePassword();
            password = p == null ? new char[0] : p.toCharArray();
            store = load("keyStore", Path.of(config.keyStore()), config.keyStoreType(), p);
            if (!hasKey(store)) {
                throw new GeneralSecurityException(
                        "<keyStore> '" + config.keyStore() + "' holds no private key with its certificate");
            }
        } else if (config.clientCertFile() != null) {
            Path certFile = Path.of(config.clientCertFile());
            Path keyFile = Path.of(config.clientKeyFile());
            List<X509Certificate> chain = PemFiles.certificates(certFile);
            String keyPassword = config.clientKeyPassword();
            PrivateKey key = PemFiles.privateKey(keyFile, keyPassword == null ? null : keyPassword.toCharArray());
            if (!matches(key, chain.get(0))) {
                throw new GeneralSecurityException("<clientKeyFile> '" + keyFile
                        + "' is not the key of the certificate in <clientCertFile> '" + certFile + "'");
            }
            // An in-memory store, locked with a password of this run only.
            password = randomPassword();
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
        } else {
            return null;
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        try {
            kmf.init(store, password);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(
                    "<keyStore> '" + config.keyStore() + "': its key cannot be read with <keyStorePassword> ("
                            + e.getClass().getSimpleName() + ")");
        }
        return kmf.getKeyManagers();
    }

    /** Loads a key or trust store: of {@code type}, or of the type its content shows when {@code type} is null. */
    private static KeyStore load(String setting, Path path, String type, String password)
            throws GeneralSecurityException, IOException {
        char[] chars = password == null ? null : password.toCharArray();
        try {
            if (type == null) {
                return KeyStore.getInstance(path.toFile(), chars);
            }
            KeyStore store = KeyStore.getInstance(type);
            try (InputStream in = Files.newInputStream(path)) {
                store.load(in, chars);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // "keystore password was incorrect", "Unrecognized keystore format"...: never the password itself.
            throw new GeneralSecurityException(
                    "<" + setting + "> '" + path + "' cannot be read" + (password == null ? "" : " with its password")
                            + ": " + e.getMessage(),
                    e);
        }
    }

    private static KeyStore storeOf(List<X509Certificate> certificates) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : certificates) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
    }

    private static int trustedCertificates(KeyStore store) throws GeneralSecurityException {
        int n = 0;
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias)) {
                n++;
            }
        }
        return n;
    }

    private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code key} is the private key of {@code certificate}: a signature made with one verifies with the other. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "DSA" -> "SHA256withDSA";
                    default -> key.getAlgorithm(); // Ed25519, Ed448
                };
        try {
            byte[] probe = "calllog".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] out = new char[24];
        for (int i = 0; i < out.length; i++) {
            out[i] = (char) ('a' + random.nextInt(26));
        }
        return out;
    }
}
