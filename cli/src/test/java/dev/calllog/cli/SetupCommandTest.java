package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.http.FakeOpenSearch;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup command against an in-process cluster that has the plugins the test node lacks, and an in-process
 * OpenSearch Dashboards; the same command against a real node is {@code SetupCommandIT}.
 */
class SetupCommandTest {
    private static final String NDJSON = "{\"type\":\"index-pattern\",\"id\":\"calllog\",\"attributes\":{}}\n"
            + "{\"type\":\"dashboard\",\"id\":\"calllog-overview\",\"attributes\":{}}\n";

    private FakeCluster cluster;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ClassLoader resources = SetupCommandTest.class.getClassLoader();

    @TempDir
    Path temp;

    @BeforeEach
    void start() throws IOException {
        cluster = new FakeCluster();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private int setup(String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("setup", "--url", cluster.url()));
        all.addAll(List.of(args));
        return new CallLogCli(List.of(new SetupCommand(Map.of(), resources)))
                .run(
                        all,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8)
                .lines()
                .map(l -> l.replaceAll(" +", " "))
                .toList();
    }

    private List<String> writes() {
        return cluster.requests().stream()
                .filter(r -> !r.method().equals("GET") && !r.path().endsWith("/_search"))
                .map(FakeOpenSearch.Request::line)
                .toList();
    }

    @Test
    void installsEveryAssetOnAClusterWithThePlugins() {
        assertThat(setup("--role")).isZero();

        assertThat(lines())
                .containsExactly(
                        "component_template calllog-settings created (version 2)",
                        "component_template calllog-mappings created (version 4)",
                        "index_template calllog created (version 1)",
                        "ism_policy calllog created (attached to 1 existing backing index)",
                        "monitor calllog-critical-events created (version 1)",
                        "monitor calllog-error-rate created (version 1)",
                        "monitor calllog-error-rate-by-agent created (version 1)",
                        "monitor calllog-error-rate-by-account created (version 1)",
                        "security_role calllog_writer created",
                        "security_role calllog_tenant_reader created",
                        "dashboards calllog-dashboards.ndjson skipped: no --dashboards-url",
                        "setup: 10 created, 0 updated, 0 unchanged, 1 skipped, 0 failed");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(writes())
                .containsExactly(
                        "PUT /_component_template/calllog-settings",
                        "PUT /_component_template/calllog-mappings",
                        "PUT /_index_template/calllog",
                        "PUT /_plugins/_ism/policies/calllog",
                        "POST /_plugins/_ism/add/.ds-calllog-*",
                        "POST /_plugins/_alerting/monitors",
                        "POST /_plugins/_alerting/monitors",
                        "POST /_plugins/_alerting/monitors",
                        "POST /_plugins/_alerting/monitors",
                        "PUT /_plugins/_security/api/roles/calllog_writer",
                        "PUT /_plugins/_security/api/roles/calllog_tenant_reader");
        assertThat(cluster.requests())
                .filteredOn(r -> r.path().startsWith("/_plugins/_ism/add/"))
                .extracting(FakeOpenSearch.Request::bodyText)
                .containsExactly("{\"policy_id\":\"calllog\"}");

        JsonObject policy = cluster.policy;
        assertThat(policy.getJsonArray("states")
                        .getJsonObject(0)
                        .getJsonArray("actions")
                        .getJsonObject(0)
                        .getJsonObject("rollover")
                        .toString())
                .isEqualTo("{\"min_index_age\":\"1d\",\"min_primary_shard_size\":\"30gb\"}");
        assertThat(policy.getJsonArray("states")
                        .getJsonObject(0)
                        .getJsonArray("transitions")
                        .toString())
                .isEqualTo("[{\"state_name\":\"delete\",\"conditions\":{\"min_rollover_age\":\"30d\"}}]");

        assertThat(cluster.monitorNames())
                .containsExactly(
                        "calllog-critical-events",
                        "calllog-error-rate",
                        "calllog-error-rate-by-agent",
                        "calllog-error-rate-by-account");
        JsonObject critical = cluster.monitors.get(cluster.monitorIdsByName().get("calllog-critical-events"));
        assertThat(critical.getJsonObject("schedule").toString())
                .isEqualTo("{\"period\":{\"interval\":1,\"unit\":\"MINUTES\"}}");
        assertThat(critical.getJsonObject("ui_metadata")
                        .getJsonObject("calllog")
                        .getString("digest"))
                .matches("[0-9a-f]{16}");
        assertThat(cluster.roles
                        .get("calllog_tenant_reader")
                        .getJsonArray("index_permissions")
                        .getJsonObject(0)
                        .getString("dls"))
                .isEqualTo("{\"term\": {\"account_id\": \"${attr.internal.account_id}\"}}");
    }

    @Test
    void runningAgainChangesNothing() {
        assertThat(setup("--role")).isZero();
        cluster.clearRequests();

        assertThat(setup("--role")).isZero();

        assertThat(lines())
                .containsExactly(
                        "component_template calllog-settings unchanged (version 2)",
                        "component_template calllog-mappings unchanged (version 4)",
                        "index_template calllog unchanged (version 1)",
                        "ism_policy calllog unchanged",
                        "monitor calllog-critical-events unchanged (version 1)",
                        "monitor calllog-error-rate unchanged (version 1)",
                        "monitor calllog-error-rate-by-agent unchanged (version 1)",
                        "monitor calllog-error-rate-by-account unchanged (version 1)",
                        "security_role calllog_writer unchanged",
                        "security_role calllog_tenant_reader unchanged",
                        "dashboards calllog-dashboards.ndjson skipped: no --dashboards-url",
                        "setup: 0 created, 0 updated, 10 unchanged, 1 skipped, 0 failed");
        // The only request that is not a read: attaching the policy to backing indices without one (none left).
        assertThat(writes()).containsExactly("POST /_plugins/_ism/add/.ds-calllog-*");
    }

    @Test
    void otherParametersUpdateWhatTheyChangeWithTheCurrentSequenceNumbers() {
        assertThat(setup()).isZero();
        long policySeqNo = cluster.policySeqNo;
        String errorRate = cluster.monitorIdsByName().get("calllog-error-rate");
        long monitorSeqNo = cluster.monitorSeqNo.get(errorRate);
        cluster.clearRequests();

        assertThat(setup("--retention-days", "45", "--error-threshold", "20", "--replicas", "2"))
                .isZero();

        assertThat(lines())
                .containsExactly(
                        "component_template calllog-settings updated (version 2, other install parameters)",
                        "component_template calllog-mappings unchanged (version 4)",
                        "index_template calllog unchanged (version 1)",
                        "ism_policy calllog updated",
                        "monitor calllog-critical-events unchanged (version 1)",
                        "monitor calllog-error-rate updated (version 1)",
                        "monitor calllog-error-rate-by-agent updated (version 1)",
                        "monitor calllog-error-rate-by-account updated (version 1)",
                        "security_role calllog_writer skipped: not requested (--role)",
                        "security_role calllog_tenant_reader skipped: not requested (--role)",
                        "dashboards calllog-dashboards.ndjson skipped: no --dashboards-url",
                        "setup: 0 created, 5 updated, 3 unchanged, 3 skipped, 0 failed");
        assertThat(writes())
                .contains(
                        "PUT /_plugins/_ism/policies/calllog?if_seq_no=" + policySeqNo + "&if_primary_term=1",
                        "PUT /_plugins/_alerting/monitors/" + errorRate + "?if_seq_no=" + monitorSeqNo
                                + "&if_primary_term=1");
        assertThat(cluster.policy.toString()).contains("\"min_rollover_age\":\"45d\"");
        assertThat(cluster.monitors.get(errorRate).toString())
                .contains("\"source\":\"ctx.results[0].hits.total.value > 20\"");
        assertThat(cluster.templates
                        .get("/_component_template/calllog-settings")
                        .replaceAll("\\s+", ""))
                .contains("\"number_of_replicas\":2,\"auto_expand_replicas\":false");
        assertThat(cluster.monitors).hasSize(4);
    }

    @Test
    void aMonitorOfANewerVersionIsLeftAlone() {
        assertThat(setup()).isZero();
        String id = cluster.monitorIdsByName().get("calllog-critical-events");
        String newer =
                cluster.monitors.get(id).toString().replace("\"calllog\":{\"version\":1", "\"calllog\":{\"version\":9");
        cluster.monitors.put(id, FakeCluster.parse(newer));
        cluster.clearRequests();

        assertThat(setup("--critical-threshold", "3")).isZero();

        assertThat(lines())
                .contains("monitor calllog-critical-events skipped: version 9 on the cluster is newer than 1");
        assertThat(writes()).noneMatch(w -> w.contains(id));
    }

    @Test
    void notificationsAddedToAMonitorSurviveANewThreshold() {
        assertThat(setup()).isZero();
        String id = cluster.monitorIdsByName().get("calllog-error-rate");
        String action = "{\"id\":\"act-1\",\"name\":\"page the on-call\",\"destination_id\":\"chan-1\","
                + "\"message_template\":{\"source\":\"{{ctx.monitor.name}}\",\"lang\":\"mustache\"}}";
        cluster.monitors.put(
                id,
                FakeCluster.parse(
                        cluster.monitors.get(id).toString().replace("\"actions\":[]", "\"actions\":[" + action + "]")));

        assertThat(setup("--error-threshold", "30")).isZero();

        assertThat(lines()).contains("monitor calllog-error-rate updated (version 1)");
        String stored = cluster.monitors.get(id).toString();
        assertThat(stored)
                .contains("\"source\":\"ctx.results[0].hits.total.value > 30\"")
                .contains("\"actions\":[" + action + "]");
    }

    @Test
    void aMonitorOfTheSameNameNotInstalledBySetupIsLeftAlone() {
        assertThat(setup()).isZero();
        String id = cluster.monitorIdsByName().get("calllog-critical-events");
        JsonObject edited = cluster.monitors.get(id);
        cluster.monitors.put(
                id,
                jakarta.json.Json.createObjectBuilder(edited)
                        .add(
                                "ui_metadata",
                                jakarta.json.Json.createObjectBuilder()
                                        .add(
                                                "search",
                                                jakarta.json.Json.createObjectBuilder()
                                                        .add("searchType", "query")))
                        .build());
        cluster.clearRequests();

        assertThat(setup("--critical-threshold", "5")).isZero();

        assertThat(lines())
                .contains("monitor calllog-critical-events skipped: a monitor of this name not managed by calllog setup"
                        + " (no ui_metadata.calllog) is left alone; delete it to have it re-created");
        assertThat(writes()).noneMatch(w -> w.contains(id));
    }

    @Test
    void aDryRunOnlyReads() {
        assertThat(setup("--dry-run", "--role")).isZero();

        assertThat(lines())
                .containsExactly(
                        "component_template calllog-settings would create (version 2)",
                        "component_template calllog-mappings would create (version 4)",
                        "index_template calllog would create (version 1)",
                        "ism_policy calllog would create",
                        "monitor calllog-critical-events would create (version 1)",
                        "monitor calllog-error-rate would create (version 1)",
                        "monitor calllog-error-rate-by-agent would create (version 1)",
                        "monitor calllog-error-rate-by-account would create (version 1)",
                        "security_role calllog_writer would create",
                        "security_role calllog_tenant_reader would create",
                        "dashboards calllog-dashboards.ndjson skipped: no --dashboards-url",
                        "dry run, nothing changed: 10 created, 0 updated, 0 unchanged, 1 skipped, 0 failed");
        assertThat(writes()).isEmpty();
    }

    @Test
    void absentPluginsSkipTheirAssetsUnlessTheyWereAskedFor() {
        cluster.plugins(Set.of());

        assertThat(setup()).isZero();
        assertThat(lines())
                .contains(
                        "ism_policy calllog skipped: plugin not installed (Index Management, opensearch-index-management)",
                        "monitor calllog-critical-events skipped: plugin not installed (Alerting, opensearch-alerting)",
                        "security_role calllog_writer skipped: not requested (--role)",
                        "security_role calllog_tenant_reader skipped: not requested (--role)");

        assertThat(setup("--ism", "--monitors", "--role")).isEqualTo(1);
        assertThat(lines())
                .contains(
                        "ism_policy calllog failed: plugin not installed (Index Management, opensearch-index-management)",
                        "monitor calllog-error-rate-by-account failed: plugin not installed (Alerting, opensearch-alerting)",
                        "security_role calllog_writer failed: plugin not installed (Security, opensearch-security)",
                        "security_role calllog_tenant_reader failed: plugin not installed (Security, opensearch-security)",
                        "setup: 0 created, 0 updated, 3 unchanged, 1 skipped, 7 failed");
    }

    @Test
    void noIsmAndNoMonitorsSkipThemEvenWithThePlugins() {
        assertThat(setup("--no-ism", "--no-monitors")).isZero();
        assertThat(lines())
                .contains(
                        "ism_policy calllog skipped: --no-ism",
                        "monitor calllog-critical-events skipped: --no-monitors");
        assertThat(writes()).noneMatch(w -> w.contains("_plugins"));
    }

    @Test
    void anUnreachableClusterFailsEveryAssetWithTheReason() {
        cluster.close();

        assertThat(setup()).isEqualTo(1);

        assertThat(lines()).allMatch(l -> l.startsWith("setup:") || l.contains("failed: ") || l.contains("skipped: "));
        assertThat(lines().get(0))
                .startsWith("component_template calllog-settings failed: OpenSearch could not be reached");
        assertThat(lines()).contains("setup: 0 created, 0 updated, 0 unchanged, 3 skipped, 8 failed");
    }

    // ---- dashboards ----

    /** OpenSearch Dashboards servers that answer the import as documented: 200, with success and errors. */
    private final List<FakeOpenSearch> dashboards = new ArrayList<>();

    private String dashboards(int status, String answer) throws IOException {
        FakeOpenSearch server = new FakeOpenSearch().handler(r -> FakeOpenSearch.Answer.of(status, answer));
        dashboards.add(server);
        return server.url() + "/";
    }

    /** The requests the Dashboards servers received: line, xsrf headers, content type, body, authorization. */
    private List<String[]> imports() {
        return dashboards.stream()
                .flatMap(d -> d.requests().stream())
                .map(r -> new String[] {
                    r.line(),
                    r.header("osd-xsrf"),
                    r.header("kbn-xsrf"),
                    r.header("Content-Type"),
                    r.bodyText(),
                    r.header("Authorization")
                })
                .toList();
    }

    @AfterEach
    void stopDashboards() {
        dashboards.forEach(FakeOpenSearch::close);
    }

    private Path ndjson() throws IOException {
        return Files.writeString(temp.resolve("objects.ndjson"), NDJSON);
    }

    @Test
    void importsTheDashboardsAndChecksSuccess() throws IOException {
        String url = dashboards(200, "{\"success\":true,\"successCount\":2}");

        assertThat(setup(
                        "--no-ism",
                        "--no-monitors",
                        "--user",
                        "admin",
                        "--password",
                        "pw",
                        "--dashboards-url",
                        url,
                        "--dashboards-file",
                        ndjson().toString()))
                .isZero();

        assertThat(lines()).contains("dashboards objects.ndjson created (2 saved objects imported)");
        assertThat(imports()).hasSize(1);
        String[] request = imports().get(0);
        assertThat(request[0]).isEqualTo("POST /api/saved_objects/_import?overwrite=true");
        assertThat(request[1]).isEqualTo("true");
        assertThat(request[2]).isEqualTo("true");
        assertThat(request[3]).startsWith("multipart/form-data; boundary=");
        String boundary = request[3].substring(request[3].indexOf('=') + 1);
        assertThat(request[4])
                .isEqualTo("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"objects.ndjson\""
                        + "\r\nContent-Type: application/ndjson\r\n\r\n" + NDJSON + "\r\n--" + boundary + "--\r\n");
        assertThat(request[5]).isEqualTo("Basic YWRtaW46cHc=");
    }

    @Test
    void anImportWithErrorsFailsWithThem() throws IOException {
        String url = dashboards(
                200,
                "{\"success\":false,\"successCount\":1,\"errors\":[{\"id\":\"calllog-overview\",\"type\":\"dashboard\","
                        + "\"title\":\"Overview\",\"error\":{\"type\":\"missing_references\",\"references\":[]}}]}");

        assertThat(setup(
                        "--no-ism", "--no-monitors", "--dashboards-url", url, "--dashboards-file", ndjson().toString()))
                .isEqualTo(1);

        assertThat(lines())
                .contains("dashboards objects.ndjson failed: 1 of 2 saved objects imported; 1 failed: dashboard"
                        + " calllog-overview (missing_references)");
    }

    @Test
    void aRefusedImportFailsWithTheAnswer() throws IOException {
        String url = dashboards(401, "{\"statusCode\":401,\"error\":\"Unauthorized\"}");

        assertThat(setup(
                        "--no-ism", "--no-monitors", "--dashboards-url", url, "--dashboards-file", ndjson().toString()))
                .isEqualTo(1);

        assertThat(lines().stream().filter(l -> l.startsWith("dashboards")))
                .containsExactly(
                        "dashboards objects.ndjson failed: POST " + url
                                + "api/saved_objects/_import?overwrite=true answered 401: {\"statusCode\":401,\"error\":\"Unauthorized\"}");
    }

    @Test
    void theBundledDashboardsAreTakenFromTheClassPath() throws IOException {
        Path dir = temp.resolve("classes");
        Files.createDirectories(dir.resolve("dev/calllog/dashboards"));
        Files.writeString(dir.resolve(SetupCommand.DASHBOARDS_RESOURCE), NDJSON);
        String url = dashboards(200, "{\"success\":true,\"successCount\":2}");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            resources = loader;
            assertThat(setup("--no-ism", "--no-monitors", "--dashboards-url", url))
                    .isZero();
        }
        assertThat(lines()).contains("dashboards calllog-dashboards.ndjson created (2 saved objects imported)");
        assertThat(imports().get(0)[4]).contains(NDJSON);
    }

    @Test
    void withoutBundledDashboardsTheImportFailsWithAHint() throws IOException {
        String url = dashboards(200, "{\"success\":true,\"successCount\":2}");
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            resources = empty;
            assertThat(setup("--no-ism", "--no-monitors", "--dashboards-url", url))
                    .isEqualTo(1);
        }
        assertThat(lines())
                .contains("dashboards calllog-dashboards.ndjson failed: the bundled dashboards"
                        + " (dev/calllog/dashboards/calllog-dashboards.ndjson) are not on the class path: give"
                        + " --dashboards-file");
        assertThat(imports()).isEmpty();
    }

    @Test
    void aDryRunCountsTheObjectsWithoutImporting() throws IOException {
        String url = dashboards(200, "{\"success\":true,\"successCount\":2}");

        assertThat(setup(
                        "--dry-run",
                        "--no-ism",
                        "--no-monitors",
                        "--dashboards-url",
                        url,
                        "--dashboards-file",
                        ndjson().toString()))
                .isZero();

        assertThat(lines()).contains("dashboards objects.ndjson would create 2 saved objects");
        assertThat(imports()).isEmpty();
    }

    // ---- usage ----

    @Test
    void contradictoryOrInvalidOptionsAreUsageErrors() {
        assertThat(setup("--ism", "--no-ism")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("calllog setup: --ism and --no-ism contradict each other\nusage: calllog setup");

        assertThat(setup("--dashboards-file", "x.ndjson")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("calllog setup: --dashboards-file needs --dashboards-url");

        assertThat(setup("--rollover-size", "big", "--retention-days", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("calllog setup: retention days must be 1 or more, not 0; rollover size 'big' is not a size"
                        + " such as 30gb or 500mb");

        assertThat(setup("--data-stream", "events")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith(
                        "calllog setup: --data-stream 'events' is not covered by the templates, which match calllog-*");
        assertThat(cluster.requests()).isEmpty();
    }

    @Test
    void theStandardToolHasTheSetupCommand() {
        out.reset();
        assertThat(CallLogCli.standard()
                        .run(List.of("help", "setup"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: calllog setup [options]");
    }
}
