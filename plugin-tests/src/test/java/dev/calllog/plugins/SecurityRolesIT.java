package dev.calllog.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The roles {@code calllog setup --role} installs, on a node with the Security plugin: setup is a no-op when run again,
 * the writer may write but neither read nor delete, and a tenant reader sees only the events of the account in its
 * user attribute, by every name the events can be reached through.
 */
@WithOpenSearch(plugins = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityRolesIT {
    private static final String STREAM = "calllog-tenants";

    private final SecuredCluster cluster;

    SecurityRolesIT(OpenSearchNode node, OpenSearchHttp admin) throws Exception {
        this.cluster = SecuredCluster.of(node, admin);
    }

    @BeforeAll
    void seed() {
        cluster.admin.delete("/_data_stream/" + STREAM);
        StringBuilder bulk = new StringBuilder();
        String[] accounts = {"acme", "acme", "acme", "globex", "globex", "initech"};
        for (int i = 0; i < accounts.length; i++) {
            bulk.append("{\"create\":{}}\n{\"@timestamp\":\"2026-11-23T18:00:0")
                    .append(i)
                    .append("Z\",\"call_id\":\"c-")
                    .append(i)
                    .append("\",\"account_id\":\"")
                    .append(accounts[i])
                    .append("\",\"level\":\"INFO\",\"event\":\"call_completed\"}\n");
        }
        // One event without an account.
        bulk.append(
                "{\"create\":{}}\n{\"@timestamp\":\"2026-11-23T18:00:09Z\",\"call_id\":\"c-9\",\"level\":\"INFO\"}\n");
        OpenSearchHttp.Response r = cluster.admin.bulk("/" + STREAM + "/_bulk?refresh=true", bulk.toString());
        assertThat(r.ok() && r.body().contains("\"errors\":false"))
                .as(r.toString())
                .isTrue();
    }

    @Test
    void setupInstalledBothRolesAndChangesNothingWhenRunAgain() throws Exception {
        assertThat(cluster.firstSetup)
                .containsPattern("security_role +calllog_writer +(created|unchanged)")
                .containsPattern("security_role +calllog_tenant_reader +(created|unchanged)");
        SecuredCluster.Cli again = SecuredCluster.cli(
                List.of(
                        "setup",
                        "--role",
                        "--url",
                        cluster.node.url(),
                        "--user",
                        "admin",
                        "--ca-file",
                        cluster.caPem.toString()),
                List.of("OPENSEARCH_PASSWORD=" + cluster.node.adminPassword()));
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out())
                .containsPattern("security_role +calllog_writer +unchanged")
                .containsPattern("security_role +calllog_tenant_reader +unchanged")
                .contains("setup: 0 created, 0 updated, 5 unchanged, 6 skipped, 0 failed");
        assertThat(cluster.admin
                        .get("/_plugins/_security/api/roles/calllog_writer")
                        .body())
                .contains("indices:admin/mapping/put");
    }

    @Test
    void theWriterMayNeitherReadNorDelete() {
        OpenSearchHttp writer = cluster.as(SecuredCluster.WRITER, SecuredCluster.WRITER_PASSWORD);
        String backing = backingIndex();
        assertThat(writer.post("/" + STREAM + "/_search", "{}").status()).isEqualTo(403);
        assertThat(writer.post("/" + backing + "/_search", "{}").status()).isEqualTo(403);
        assertThat(writer.post("/calllog-*/_search", "{}").status()).isEqualTo(403);
        assertThat(writer.get("/" + backing + "/_doc/x").status()).isEqualTo(403);
        assertThat(writer.delete("/" + backing + "/_doc/x").status()).isEqualTo(403);
        assertThat(writer.delete("/_data_stream/" + STREAM).status()).isEqualTo(403);
        assertThat(writer.delete("/" + backing).status()).isEqualTo(403);
        assertThat(writer.put("/_index_template/calllog", "{\"index_patterns\":[\"calllog-*\"]}")
                        .status())
                .isEqualTo(403);
        // What the appender needs of the templates: reading them, to see they are in place.
        assertThat(writer.get("/_index_template/calllog").status()).isEqualTo(200);
        assertThat(writer.get("/_component_template/calllog-mappings").status()).isEqualTo(200);
        assertThat(cluster.admin.get("/" + STREAM + "/_count").body()).contains("\"count\":7");
    }

    @Test
    void aTenantReaderSeesOnlyItsAccountByEveryName() {
        String backing = backingIndex();
        for (String target : List.of(STREAM, backing, "calllog-*", ".ds-calllog-*", "calllog-tenants,calllog-*")) {
            assertThat(accounts("alice", target)).as(target).containsExactly("acme", "acme", "acme");
            assertThat(accounts("bob", target)).as(target).containsExactly("globex", "globex");
            assertThat(accounts("carol", target)).as(target).isEmpty();
        }
        // Counting and fetching by id obey the same rule.
        assertThat(cluster.as("alice", SecuredCluster.READER_PASSWORD)
                        .get("/" + STREAM + "/_count")
                        .body())
                .contains("\"count\":3");
        assertThat(cluster.as("bob", SecuredCluster.READER_PASSWORD)
                        .post("/" + STREAM + "/_search", "{\"query\":{\"term\":{\"account_id\":\"acme\"}}}")
                        .body())
                .contains("\"hits\":[]");
    }

    @Test
    void aTenantReaderMayNotWriteOrDelete() {
        OpenSearchHttp alice = cluster.as("alice", SecuredCluster.READER_PASSWORD);
        assertThat(alice.bulk("/" + STREAM + "/_bulk", "{\"create\":{}}\n{\"@timestamp\":\"2026-11-23T18:00:00Z\"}\n")
                        .body())
                .contains("\"status\":403");
        assertThat(alice.delete("/_data_stream/" + STREAM).status()).isEqualTo(403);
    }

    /** The accounts of the events of this test's stream that {@code user} finds through {@code target}. */
    private List<String> accounts(String user, String target) {
        OpenSearchHttp.Response r = cluster.as(user, SecuredCluster.READER_PASSWORD)
                .post("/" + target + "/_search?size=1000&sort=call_id", "{\"query\":{\"match_all\":{}}}");
        assertThat(r.status()).as(user + " " + target + ": " + r).isEqualTo(200);
        List<String> found = new ArrayList<>();
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            for (JsonValue hit : reader.readObject().getJsonObject("hits").getJsonArray("hits")) {
                JsonObject h = hit.asJsonObject();
                // Other tests' streams are reached by the wildcards too: only this stream's events count here.
                if (h.getString("_index").startsWith(".ds-" + STREAM + "-")) {
                    found.add(h.getJsonObject("_source").getString("account_id", "(none)"));
                }
            }
        }
        return found;
    }

    private String backingIndex() {
        String body = cluster.admin.get("/_data_stream/" + STREAM).body();
        Matcher m = Pattern.compile("\"index_name\":\"([^\"]+)\"").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }
}
