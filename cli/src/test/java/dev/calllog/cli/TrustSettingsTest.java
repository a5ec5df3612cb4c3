package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.core.internal.config.CallLogConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool's trust options, with stores made by keytool as the README shows. */
class TrustSettingsTest {
    @TempDir
    static Path dir;

    static Path pem;
    static Path p12;
    static Path jks;

    @BeforeAll
    static void stores() throws Exception {
        Path key = dir.resolve("ca-key.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-dname",
                "CN=calllog test CA",
                "-keystore",
                key.toString(),
                "-storepass",
                "secret1",
                "-ext",
                "bc:c");
        pem = dir.resolve("root-ca.pem");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                key.toString(),
                "-storepass",
                "secret1",
                "-file",
                pem.toString());
        p12 = dir.resolve("ca.p12");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "opensearch-ca",
                "-file",
                pem.toString(),
                "-keystore",
                p12.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        jks = dir.resolve("ca.jks");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "opensearch-ca",
                "-file",
                pem.toString(),
                "-keystore",
                jks.toString(),
                "-storetype",
                "JKS",
                "-storepass",
                "changeit");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static CallLogConfig apply(String store, String password, String caFile) {
        CallLogConfig config = new CallLogConfig();
        TrustSettings.apply(config, store, password, caFile);
        return config;
    }

    @Test
    void aPkcs12StoreMadeByKeytoolIsUsedWithItsPassword() {
        CallLogConfig c = apply(p12.toString(), "changeit", null);
        assertThat(c.trustStore()).isEqualTo(p12.toString());
        assertThat(c.trustStoreType()).isEqualTo("PKCS12");
        assertThat(c.trustStorePassword()).isEqualTo("changeit");
    }

    @Test
    void aPkcs12StoreWithoutItsPasswordIsRefusedWithTheReason() {
        for (String none : new String[] {null, ""}) {
            assertThatThrownBy(() -> apply(p12.toString(), none, null))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--trust-store '" + p12 + "' holds no trusted certificate; a PKCS12 store made by"
                            + " keytool needs its password to show them: set --trust-store-password or"
                            + " $OPENSEARCH_TRUST_STORE_PASSWORD, or give the CA's PEM file with --ca-file");
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> apply(p12.toString(), "wrong-one", null))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--trust-store '" + p12 + "' cannot be read with that password")
                .hasMessageNotContaining("wrong-one");
    }

    @Test
    void aJksStoreNeedsNoPasswordAndAnEmptyOneMeansNone() {
        CallLogConfig c = apply(jks.toString(), "", null);
        assertThat(c.trustStoreType()).isEqualTo("JKS");
        assertThat(c.trustStorePassword()).isNull();
    }

    @Test
    void aPemFileIsTrustedThroughEitherOption() throws Exception {
        for (CallLogConfig c : List.of(apply(null, null, pem.toString()), apply(pem.toString(), null, null))) {
            assertThat(c.trustStoreType()).isEqualTo("JKS");
            assertThat(c.trustStorePassword()).isNull();
            java.security.KeyStore store =
                    java.security.KeyStore.getInstance(Path.of(c.trustStore()).toFile(), (char[]) null);
            assertThat(java.util.Collections.list(store.aliases())).hasSize(1);
        }
    }

    @Test
    void unusableFilesAreClearUsageErrors() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
        assertThatThrownBy(() -> apply(null, null, text.toString()))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--ca-file '" + text + "' is not a PEM file of certificates");
        assertThatThrownBy(() -> apply(dir.resolve("missing.p12").toString(), null, null))
                .hasMessage("--trust-store '" + dir.resolve("missing.p12") + "' cannot be read");
        assertThatThrownBy(() -> apply(p12.toString(), "changeit", pem.toString()))
                .hasMessage("--ca-file and --trust-store both name what to trust: give one of them");
    }
}
