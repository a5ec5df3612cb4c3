package dev.calllog.core.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.setup.TemplateInstaller.Action;
import dev.calllog.core.internal.setup.TemplateInstaller.AssetResult;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.testsupport.http.FakeOpenSearch;
import dev.calllog.testsupport.http.FakeOpenSearch.Answer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemplateInstallerTest {
    private static final String ROOT = "dev/calllog/testtemplates/";
    private static final String COMPONENT = "/_component_template/calllog-test-mappings";
    private static final String INDEX = "/_index_template/calllog-test";

    private FakeOpenSearch node;
    private BulkTransport transport;
    private final List<String> status = new ArrayList<>();
    /** Versions the fake cluster holds, by path. */
    private final Map<String, Long> installed = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        node = new FakeOpenSearch();
        node.handler(this::answer);
        transport = transport(node.url());
    }

    @AfterEach
    void tearDown() throws Exception {
        transport.close();
        node.close();
    }

    private static BulkTransport transport(String url) throws Exception {
        CallLogConfig c = new CallLogConfig();
        c.addUrl(url);
        c.setConnectTimeoutMillis(1_000);
        c.setRequestTimeoutMillis(5_000);
        return OpenSearchHttpTransport.create(c);
    }

    /** GET answers what the cluster holds (with decoy versions elsewhere in the template); PUT stores it. */
    private Answer answer(FakeOpenSearch.Request r) {
        String path = r.path();
        if (r.method().equals("PUT")) {
            installed.put(path, 3L);
            return new Answer(200, "{\"acknowledged\":true}");
        }
        Long v = installed.get(path);
        if (v == null) {
            String kind = path.startsWith("/_component_template/") ? "component" : "index";
            return new Answer(
                    404,
                    "{\"error\":{\"type\":\"resource_not_found_exception\",\"reason\":\"" + kind
                            + " template matching [x] not found\"},\"status\":404}");
        }
        String meta = v < 0 ? "" : ",\"_meta\":{\"version\":" + v + ",\"managed_by\":\"calllog\"}";
        if (path.equals(COMPONENT)) {
            return new Answer(
                    200,
                    "{\"component_templates\":[{\"name\":\"calllog-test-mappings\",\"component_template\":{\"template\":"
                            + "{\"mappings\":{\"_meta\":{\"version\":99}}},\"version\":7" + meta + "}}]}");
        }
        return new Answer(
                200,
                "{\"index_templates\":[{\"name\":\"calllog-test\",\"index_template\":{\"index_patterns\":"
                        + "[\"calllog-test*\"],\"composed_of\":[\"calllog-test-mappings\"],\"version\":7" + meta
                        + "}}]}");
    }

    private TemplateInstaller installer(String root) {
        return new TemplateInstaller(transport, sink(), getClass().getClassLoader(), root);
    }

    private StatusSink sink() {
        return new StatusSink() {
            @Override
            public void info(String message) {
                status.add("INFO " + message);
            }

            @Override
            public void warn(String message, Throwable cause) {
                status.add("WARN " + message);
            }

            @Override
            public void error(String message, Throwable cause) {
                status.add("ERROR " + message);
            }
        };
    }

    private List<String> requestLines() {
        return node.requests().stream().map(r -> r.method() + " " + r.path()).toList();
    }

    private static byte[] resource(String path) throws Exception {
        try (InputStream in = TemplateInstallerTest.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void installsMissingTemplatesInManifestOrder() throws Exception {
        TemplateInstaller.Result result = installer(ROOT).install();

        assertThat(result.ok()).isTrue();
        assertThat(result.assets())
                .containsExactly(
                        new AssetResult("component_template", "calllog-test-mappings", Action.INSTALLED, 3, -1, null),
                        new AssetResult("index_template", "calllog-test", Action.INSTALLED, 3, -1, null));
        assertThat(requestLines())
                .containsExactly("GET " + COMPONENT, "PUT " + COMPONENT, "GET " + INDEX, "PUT " + INDEX);
        List<FakeOpenSearch.Request> requests = node.requests();
        assertThat(requests.get(1).body()).isEqualTo(resource("component/mappings.json"));
        assertThat(requests.get(1).header("Content-Type")).startsWith("application/json");
        assertThat(requests.get(3).body()).isEqualTo(resource("index/calllog-test.json"));
        assertThat(status)
                .containsExactly(
                        "INFO Installed component_template calllog-test-mappings version 3",
                        "INFO Installed index_template calllog-test version 3");
    }

    @Test
    void leavesTheSameVersionAlone() {
        installed.put(COMPONENT, 3L);
        installed.put(INDEX, 3L);

        TemplateInstaller.Result result = installer(ROOT).install();

        assertThat(result.assets()).extracting(AssetResult::action).containsExactly(Action.UNCHANGED, Action.UNCHANGED);
        assertThat(requestLines()).containsExactly("GET " + COMPONENT, "GET " + INDEX);
        assertThat(status).isEmpty();
    }

    @Test
    void upgradesAnOlderVersionOrOneWithoutVersion() {
        installed.put(COMPONENT, 2L);
        installed.put(INDEX, -1L); // exists, without _meta

        TemplateInstaller.Result result = installer(ROOT).install();

        assertThat(result.assets())
                .containsExactly(
                        new AssetResult("component_template", "calllog-test-mappings", Action.UPGRADED, 3, 2, null),
                        new AssetResult("index_template", "calllog-test", Action.UPGRADED, 3, -1, null));
        assertThat(requestLines())
                .containsExactly("GET " + COMPONENT, "PUT " + COMPONENT, "GET " + INDEX, "PUT " + INDEX);
        assertThat(status)
                .containsExactly(
                        "INFO Upgraded component_template calllog-test-mappings from version 2 to 3",
                        "INFO Upgraded index_template calllog-test from version (none) to 3");
    }

    @Test
    void leavesANewerVersionAlone() {
        installed.put(COMPONENT, 5L);
        installed.put(INDEX, 3L);

        TemplateInstaller.Result result = installer(ROOT).install();

        assertThat(result.ok()).isTrue();
        assertThat(result.assets())
                .containsExactly(
                        new AssetResult(
                                "component_template", "calllog-test-mappings", Action.SKIPPED_NEWER, 3, 5, null),
                        new AssetResult("index_template", "calllog-test", Action.UNCHANGED, 3, 3, null));
        assertThat(requestLines()).containsExactly("GET " + COMPONENT, "GET " + INDEX);
        assertThat(status)
                .containsExactly("INFO OpenSearch has component_template calllog-test-mappings version 5, newer than"
                        + " this application's version 3; it was left alone");
    }

    @Test
    void isIdempotent() {
        installer(ROOT).install();
        TemplateInstaller.Result again = installer(ROOT).install();

        assertThat(again.assets()).extracting(AssetResult::action).containsExactly(Action.UNCHANGED, Action.UNCHANGED);
        assertThat(requestLines()).filteredOn(l -> l.startsWith("PUT")).hasSize(2);
    }

    @Test
    void reportsARejectedPutAndGoesOn() {
        node.handler(r -> r.method().equals("PUT") && r.path().equals(COMPONENT)
                ? new Answer(
                        400,
                        "{\"error\":{\"type\":\"illegal_argument_exception\",\"reason\":\"unknown setting [x]\"},"
                                + "\"status\":400}")
                : answer(r));

        TemplateInstaller.Result result = installer(ROOT).install();

        assertThat(result.ok()).isFalse();
        assertThat(result.assets()).extracting(AssetResult::action).containsExactly(Action.FAILED, Action.INSTALLED);
        assertThat(result.assets().get(0).message())
                .isEqualTo("PUT " + COMPONENT + " answered 400: illegal_argument_exception: unknown setting [x]");
        assertThat(status)
                .contains("WARN Could not install component_template calllog-test-mappings: PUT " + COMPONENT
                        + " answered 400: illegal_argument_exception: unknown setting [x]");
    }

    @Test
    void aUserWhoMayNotInstallTemplatesGetsOneWarningAndOneRefusedRequest() {
        node.handler(r -> r.method().equals("PUT")
                ? new Answer(
                        403,
                        "{\"error\":{\"type\":\"security_exception\",\"reason\":\"no permissions for"
                                + " [cluster:admin/component_template/put] and User [name=writer]\"},\"status\":403}")
                : answer(r));

        TemplateInstaller.Result result = installer(ROOT).install();

        assertThat(result.assets()).extracting(AssetResult::action).containsExactly(Action.FAILED, Action.FAILED);
        assertThat(requestLines()).containsExactly("GET " + COMPONENT, "PUT " + COMPONENT);
        assertThat(status)
                .containsExactly("WARN The call-log templates could not be checked or installed: PUT " + COMPONENT
                        + " answered 403: security_exception: no permissions for [cluster:admin/component_template/put]"
                        + " and User [name=writer]. This user may not manage index templates, which is the job of"
                        + " 'calllog setup', run once by a user who may (or set installTemplates to false). Events are"
                        + " shipped meanwhile.");
    }

    @Test
    void aUserWhoMayReadTheInstalledTemplatesHearsNothing() {
        installed.put(COMPONENT, 3L);
        installed.put(INDEX, 3L);
        node.handler(r -> r.method().equals("PUT") ? new Answer(403, "{}") : answer(r));

        assertThat(installer(ROOT).install().ok()).isTrue();
        assertThat(status).isEmpty();
    }

    @Test
    void failsEveryAssetWithOneAttemptWhenTheClusterIsUnreachable() throws Exception {
        int port = node.port();
        node.close();
        transport.close();
        transport = transport("http://127.0.0.1:" + port);

        TemplateInstaller.Result result = installer(ROOT).install();

        assertThat(result.ok()).isFalse();
        assertThat(result.assets()).extracting(AssetResult::action).containsExactly(Action.FAILED, Action.FAILED);
        assertThat(result.assets().get(0).message())
                .matches("OpenSearch could not be reached: (HttpHost)?ConnectException: .*refused.*");
        assertThat(result.assets().get(1).message())
                .isEqualTo(result.assets().get(0).message());
        node = new FakeOpenSearch(); // for tearDown
    }

    @Test
    void reportsAMissingOrBrokenManifest() {
        TemplateInstaller.Result missing = installer("dev/calllog/nothing-here").install();
        TemplateInstaller.Result broken = installer("dev/calllog/badtemplates/").install();

        assertThat(missing.ok()).isFalse();
        assertThat(missing.assets().get(0).message())
                .contains("dev/calllog/nothing-here/manifest.txt is not on the class path");
        assertThat(broken.assets().get(0).message()).contains("line 1 is not");
        assertThat(node.requests()).isEmpty();
    }

    // ---- install-time parameters ----

    private static final String PARAM_ROOT = "dev/calllog/paramtemplates/";
    private static final String SETTINGS = "/_component_template/calllog-test-settings";

    /** A cluster that keeps each PUT body and answers GET with it, as OpenSearch does. */
    private final Map<String, String> stored = new ConcurrentHashMap<>();

    private Answer storing(FakeOpenSearch.Request r) {
        if (r.method().equals("PUT")) {
            stored.put(r.path(), r.bodyText());
            return new Answer(200, "{\"acknowledged\":true}");
        }
        String body = stored.get(r.path());
        return body == null
                ? new Answer(404, "{\"error\":{\"type\":\"resource_not_found_exception\"},\"status\":404}")
                : new Answer(
                        200,
                        "{\"component_templates\":[{\"name\":\"calllog-test-settings\",\"component_template\":" + body
                                + "}]}");
    }

    @Test
    void fillsInTheParametersAndRecordsThemInMeta() {
        node.handler(this::storing);

        TemplateInstaller.Result result = installer(PARAM_ROOT).install();

        assertThat(result.assets())
                .containsExactly(
                        new AssetResult("component_template", "calllog-test-settings", Action.INSTALLED, 4, -1, null));
        assertThat(stored.get(SETTINGS).replaceAll("\\s+", ""))
                .isEqualTo("{\"template\":{\"settings\":{\"index\":{\"number_of_replicas\":1,"
                        + "\"auto_expand_replicas\":\"0-1\"}}},\"_meta\":{\"version\":4,\"managed_by\":\"calllog\","
                        + "\"parameters\":{\"number_of_replicas\":1,\"auto_expand_replicas\":\"0-1\"}}}");
    }

    @Test
    void theSetupReplacesTheSameVersionInstalledWithOtherParametersButTheAppenderDoesNot() {
        node.handler(this::storing);
        installer(PARAM_ROOT).install();
        AssetParameters twoReplicas = AssetParameters.defaults().replicas(2);

        TemplateInstaller.Result setup = installer(PARAM_ROOT).install(twoReplicas, false);
        assertThat(setup.assets()).extracting(AssetResult::action).containsExactly(Action.UPDATED);
        assertThat(stored.get(SETTINGS).replaceAll("\\s+", ""))
                .contains("\"number_of_replicas\":2,\"auto_expand_replicas\":false");

        TemplateInstaller.Result again = installer(PARAM_ROOT).install(twoReplicas, false);
        TemplateInstaller.Result appender = installer(PARAM_ROOT).install();
        assertThat(again.assets()).extracting(AssetResult::action).containsExactly(Action.UNCHANGED);
        assertThat(appender.assets()).extracting(AssetResult::action).containsExactly(Action.UNCHANGED);
        assertThat(stored.get(SETTINGS).replaceAll("\\s+", "")).contains("\"number_of_replicas\":2");
        assertThat(requestLines()).filteredOn(l -> l.startsWith("PUT")).hasSize(2);
    }

    @Test
    void aDryRunOnlyReads() {
        node.handler(this::storing);

        TemplateInstaller.Result result = installer(PARAM_ROOT).install(AssetParameters.defaults(), true);

        assertThat(result.assets()).extracting(AssetResult::action).containsExactly(Action.INSTALLED);
        assertThat(requestLines()).containsExactly("GET " + SETTINGS);
        assertThat(stored).isEmpty();
    }
}
