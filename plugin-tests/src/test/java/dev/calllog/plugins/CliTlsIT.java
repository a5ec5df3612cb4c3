package dev.calllog.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tool's TLS options as the README documents them, against the HTTPS node: a PEM CA file, a PKCS12 store made by
 * keytool (with its password), a JKS store (without one), and the clear error a PKCS12 store without its password gets.
 */
@WithOpenSearch(plugins = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTlsIT {
    private static final String STREAM = "calllog-cli-tls";

    private final SecuredCluster cluster;

    CliTlsIT(OpenSearchNode node, OpenSearchHttp admin) throws Exception {
        this.cluster = SecuredCluster.of(node, admin);
    }

    @BeforeAll
    void seed() {
        cluster.admin.delete("/_data_stream/" + STREAM);
        OpenSearchHttp.Response r = cluster.admin.bulk(
                "/" + STREAM + "/_bulk?refresh=true",
                "{\"create\":{}}\n{\"@timestamp\":\"2026-11-23T18:00:00Z\",\"call_id\":\"call-tls-1\",\"level\":\"INFO\","
                        + "\"severity\":9,\"category\":\"lifecycle\",\"event\":\"call_completed\",\"message\":\"done\"}\n");
        assertThat(r.body()).contains("\"errors\":false");
    }

    private SecuredCluster.Cli calls(List<String> tls, List<String> env) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "calls", "--url", cluster.node.url(), "--user", "admin", "--data-stream", STREAM, "--color", "never"));
        args.addAll(tls);
        List<String> environment = new ArrayList<>(env);
        environment.add("OPENSEARCH_PASSWORD=" + cluster.node.adminPassword());
        return SecuredCluster.cli(args, environment);
    }

    @Test
    void aPemCaFileIsTrusted() throws Exception {
        SecuredCluster.Cli r = calls(List.of("--ca-file", cluster.caPem.toString()), List.of());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("call-tls-1");
        // The same file given as the trust store is recognised as PEM.
        SecuredCluster.Cli asStore = calls(List.of("--trust-store", cluster.caPem.toString()), List.of());
        assertThat(asStore.code()).as(asStore.toString()).isZero();
    }

    @Test
    void aKeytoolPkcs12StoreIsTrustedWithItsPassword() throws Exception {
        SecuredCluster.Cli r = calls(
                List.of("--trust-store", cluster.caP12.toString()),
                List.of("OPENSEARCH_TRUST_STORE_PASSWORD=" + SecuredCluster.STORE_PASSWORD));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("call-tls-1");
    }

    @Test
    void aKeytoolPkcs12StoreWithoutItsPasswordIsAClearUsageError() throws Exception {
        // An empty variable counts as no password.
        SecuredCluster.Cli r =
                calls(List.of("--trust-store", cluster.caP12.toString()), List.of("OPENSEARCH_TRUST_STORE_PASSWORD="));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--trust-store '" + cluster.caP12 + "' holds no trusted certificate")
                .contains("--trust-store-password")
                .doesNotContain("Exception");
    }

    @Test
    void aJksStoreIsTrustedWithoutAPasswordAndAnEmptyPasswordVariableMeansNone() throws Exception {
        SecuredCluster.Cli r = calls(
                List.of(), List.of("OPENSEARCH_TRUST_STORE=" + cluster.caJks, "OPENSEARCH_TRUST_STORE_PASSWORD="));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("call-tls-1");
    }

    @Test
    void withoutTheCaTheCertificateIsNotTrustedAndTheToolSaysSo() throws Exception {
        SecuredCluster.Cli r = calls(List.of(), List.of());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).containsAnyOf("PKIX", "certificate", "SSL").doesNotContain(cluster.node.adminPassword());
    }
}
