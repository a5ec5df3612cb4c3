package dev.calllog.cli;

import dev.calllog.core.internal.config.CallLogConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;

/**
 * The tool's TLS trust: a PEM file of CA certificates ({@code --ca-file}, or a PEM file given to {@code --trust-store}),
 * or a PKCS12 or JKS trust store with or without its password. Each is checked when the command starts, so that a store
 * that cannot be used is a clear usage error naming the option, not a failed handshake later.
 *
 * <p>A PKCS12 store made by {@code keytool} (JDK 17 and later) encrypts its certificates with the store password: read
 * without it, it holds no certificate at all. A JKS store, or a PKCS12 store made with {@code openssl pkcs12 -nomacver
 * -certpbe NONE}, can be read without one.
 */
final class TrustSettings {
    private static final String PEM_BEGIN = "-----BEGIN";

    private TrustSettings() {}

    /**
     * Sets the trust of {@code config} from the options' values.
     *
     * @param trustStore {@code --trust-store}: a PKCS12, JKS or PEM file, or null
     * @param password {@code --trust-store-password}; null or empty for none
     * @param caFile {@code --ca-file}: a PEM file, or null
     */
    static void apply(CallLogConfig config, String trustStore, String password, String caFile) {
        password = password == null || password.isEmpty() ? null : password;
        if (caFile != null && trustStore != null) {
            throw new UsageException("--ca-file and --trust-store both name what to trust: give one of them");
        }
        if (caFile != null) {
            usePem(config, "--ca-file", caFile);
            return;
        }
        if (trustStore == null) {
            return;
        }
        Path path = readable("--trust-store", trustStore);
        if (isPem(path)) {
            usePem(config, "--trust-store", trustStore);
            return;
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(path.toFile(), password == null ? null : password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("--trust-store '" + trustStore + "' cannot be read"
                    + (password == null ? "" : " with that password") + ": " + e.getMessage());
        }
        if (trustedCertificates(store) == 0) {
            throw new UsageException("--trust-store '" + trustStore + "' holds no trusted certificate"
                    + (password == null
                            ? "; a PKCS12 store made by keytool needs its password to show them: set"
                                    + " --trust-store-password or $OPENSEARCH_TRUST_STORE_PASSWORD, or give the CA's PEM"
                                    + " file with --ca-file"
                            : ""));
        }
        config.setTrustStore(trustStore);
        config.setTrustStoreType(store.getType());
        config.setTrustStorePassword(password);
    }

    /**
     * Trusts the certificates of a PEM file: they are put in a JKS store of this run (a file that is deleted when the
     * tool exits), which can be read without a password.
     */
    private static void usePem(CallLogConfig config, String option, String file) {
        Path path = readable(option, file);
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(path)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new UsageException(option + " '" + file + "' is not a PEM file of certificates: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new UsageException(option + " '" + file + "' holds no certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            Path jks = Files.createTempFile("calllog-ca-", ".jks");
            jks.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(jks)) {
                // JKS needs a password to write; reading its certificates needs none.
                store.store(out, "calllog".toCharArray());
            }
            config.setTrustStore(jks.toString());
            config.setTrustStoreType("JKS");
            config.setTrustStorePassword(null);
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException(option + " '" + file + "' cannot be used: " + e.getMessage());
        }
    }

    private static Path readable(String option, String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UsageException(option + " '" + file + "' cannot be read");
        }
        return path;
    }

    private static boolean isPem(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            String head = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
            return head.stripLeading().startsWith(PEM_BEGIN) || head.contains("\n" + PEM_BEGIN);
        } catch (IOException e) {
            return false;
        }
    }

    private static int trustedCertificates(KeyStore store) {
        int n = 0;
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    n++;
                }
            }
        } catch (GeneralSecurityException e) {
            return 0;
        }
        return n;
    }
}
