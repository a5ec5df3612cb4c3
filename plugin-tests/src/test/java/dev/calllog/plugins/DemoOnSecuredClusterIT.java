package dev.calllog.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo against the HTTPS cluster, with the settings a user would export: as the admin with the CA in a trust store
 * it runs through; as the writer, who may not read, it writes and then says what it lacks, without a stack trace.
 */
@WithOpenSearch(plugins = true)
class DemoOnSecuredClusterIT {
    private static final Pattern LOGGED = Pattern.compile("Logged ([0-9]+) call-log events");

    private final SecuredCluster cluster;

    DemoOnSecuredClusterIT(OpenSearchNode node, OpenSearchHttp admin) throws Exception {
        this.cluster = SecuredCluster.of(node, admin);
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out + err;
        }
    }

    private Run demo(String stream, List<String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // The demo's own configuration, not this module's test configuration.
                "-Dlogback.configurationFile="
                        + DemoOnSecuredClusterIT.class
                                .getClassLoader()
                                .getResource("logback.xml")
                                .toExternalForm(),
                "-Dcalllog.dataStream=" + stream,
                "dev.calllog.demo.DemoMain",
                "--no-data"));
        ProcessBuilder builder = new ProcessBuilder(command);
        List.of(
                        "OPENSEARCH_USERNAME",
                        "OPENSEARCH_PASSWORD",
                        "OPENSEARCH_TRUST_STORE",
                        "OPENSEARCH_TRUST_STORE_PASSWORD",
                        "OPENSEARCH_CA_FILE")
                .forEach(builder.environment()::remove);
        builder.environment().put("OPENSEARCH_URL", cluster.node.url());
        for (String e : env) {
            int eq = e.indexOf('=');
            builder.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        Path err = Files.createTempFile("calllog-demo-", ".err");
        builder.redirectError(err.toFile());
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String errText = Files.readString(err);
        Files.delete(err);
        return new Run(p.exitValue(), out, errText);
    }

    @Test
    void asTheAdminWithAPkcs12TrustStoreTheDemoRunsThrough() throws Exception {
        Run run = demo(
                "calllog-demo-admin",
                List.of(
                        "OPENSEARCH_USERNAME=admin",
                        "OPENSEARCH_PASSWORD=" + cluster.node.adminPassword(),
                        "OPENSEARCH_TRUST_STORE=" + cluster.caP12,
                        "OPENSEARCH_TRUST_STORE_PASSWORD=" + SecuredCluster.STORE_PASSWORD));
        assertThat(run.code()).as(run.toString()).isZero();
        Matcher logged = LOGGED.matcher(run.out());
        assertThat(logged.find()).as(run.out()).isTrue();
        assertThat(run.out()).contains("Read back " + logged.group(1) + " of " + logged.group(1) + " events");
    }

    @Test
    void asTheWriterTheDemoWritesThenSaysItMayNotRead() throws Exception {
        String stream = "calllog-demo-writer";
        Run run = demo(
                stream,
                List.of(
                        "OPENSEARCH_USERNAME=" + SecuredCluster.WRITER,
                        "OPENSEARCH_PASSWORD=" + SecuredCluster.WRITER_PASSWORD,
                        "OPENSEARCH_CA_FILE=" + cluster.caPem));
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.err())
                .contains("The events were written, but the demo cannot read them back: OpenSearch answered 403")
                .contains("User '" + SecuredCluster.WRITER + "' may not read call logs")
                .doesNotContain("\tat ")
                .doesNotContain(SecuredCluster.WRITER_PASSWORD);
        Matcher logged = LOGGED.matcher(run.out());
        assertThat(logged.find()).as(run.out()).isTrue();
        cluster.admin.post("/" + stream + "/_refresh", "");
        assertThat(cluster.admin.get("/" + stream + "/_count").body()).contains("\"count\":" + logged.group(1) + ",");
    }
}
