package dev.calllog.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.core.internal.config.CallLogConfig;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client certificate of mutual TLS from a PKCS12 or JKS {@code keyStore}: a store that can be used makes a TLS
 * context; one that cannot (missing, wrong password, no key) is refused with a message that names the
 * setting and the file, never the password. The plugin tier's {@code MutualTlsIT} presents such a store to a real node.
 */
class ClientKeyStoreTest {
    private static final String PASSWORD = "Client-Store-Pw-1";

    @TempDir
    static Path dir;

    private static Path store;

    @BeforeAll
    static void keyStore() throws Exception {
        store = dir.resolve("client.p12");
        Keytool.selfSigned(store, PASSWORD, "client", "calllog-client");
    }

    private static CallLogConfig config(Path keyStore, String password) {
        CallLogConfig c = new CallLogConfig();
        c.addUrl("https://localhost:9200");
        c.setKeyStore(keyStore.toString());
        c.setKeyStorePassword(password);
        return c;
    }

    @Test
    void aStoreWithItsPasswordMakesTheTlsContextWhateverTheTypeSetting() throws Exception {
        assertThat(config(store, PASSWORD).validate()).isEmpty();
        assertThat(TlsContexts.sslContext(config(store, PASSWORD))).isNotNull();
        CallLogConfig typed = config(store, PASSWORD);
        typed.setKeyStoreType("pkcs12");
        assertThat(TlsContexts.sslContext(typed)).isNotNull();
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheSettingAndNotThePassword() {
        String wrong = "Not-The-Pw-42";
        assertThatThrownBy(() -> OpenSearchHttpTransport.create(config(store, wrong)))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageStartingWith("<keyStore> '" + store + "' cannot be read with its password: ")
                .hasMessageNotContaining(wrong)
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aMissingStoreIsRefusedWhenTheSettingsAreChecked() {
        Path missing = dir.resolve("missing.p12");
        assertThat(config(missing, PASSWORD).validate()).containsExactly("<keyStore> '" + missing + "' cannot be read");
    }

    @Test
    void aStoreWithoutAKeyIsRefusedSayingSo() throws Exception {
        KeyStore trustOnly = KeyStore.getInstance("PKCS12");
        trustOnly.load(null, null);
        try (var in = Files.newInputStream(Keytool.pem(store))) {
            trustOnly.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path file = dir.resolve("trust-only.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trustOnly.store(out, PASSWORD.toCharArray());
        }
        assertThatThrownBy(() -> TlsContexts.sslContext(config(file, PASSWORD)))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("<keyStore> '" + file + "' holds no private key with its certificate");
    }
}
