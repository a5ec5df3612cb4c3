package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.CallLogEngine;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.SourceLevel;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.WithOpenSearch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code calllog setup}, run in-process through {@link CallLogCli}, against a real node without plugins. */
@WithOpenSearch
class SetupCommandIT {
    private static final List<String> NO_PLUGINS = List.of(
            "ism_policy calllog skipped: plugin not installed (Index Management, opensearch-index-management)",
            "monitor calllog-critical-events skipped: plugin not installed (Alerting, opensearch-alerting)",
            "monitor calllog-error-rate skipped: plugin not installed (Alerting, opensearch-alerting)",
            "monitor calllog-error-rate-by-agent skipped: plugin not installed (Alerting, opensearch-alerting)",
            "monitor calllog-error-rate-by-account skipped: plugin not installed (Alerting, opensearch-alerting)",
            "security_role calllog_writer skipped: not requested (--role)",
            "security_role calllog_tenant_reader skipped: not requested (--role)",
            "dashboards calllog-dashboards.ndjson skipped: no --dashboards-url");

    private final OpenSearchHttp http;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    SetupCommandIT(OpenSearchHttp http) {
        this.http = http;
    }

    @BeforeEach
    void emptyCluster() {
        // Index templates in use by a data stream cannot be deleted: no call-log stream either.
        http.delete("/_data_stream/calllog-*");
        http.delete("/_index_template/calllog");
        http.delete("/_component_template/calllog-settings");
        http.delete("/_component_template/calllog-mappings");
    }

    private int setup(String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("setup", "--url", http.baseUrl()));
        all.addAll(List.of(args));
        return CallLogCli.standard()
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

    private static List<String> expected(List<String> templates, String summary) {
        List<String> all = new ArrayList<>(templates);
        all.addAll(NO_PLUGINS);
        all.add(summary);
        return all;
    }

    @Test
    void installsTheTemplatesAndSkipsWhatNeedsAbsentPlugins() {
        assertThat(setup()).isZero();

        assertThat(lines())
                .containsExactlyElementsOf(expected(
                        List.of(
                                "component_template calllog-settings created (version 2)",
                                "component_template calllog-mappings created (version 4)",
                                "index_template calllog created (version 1)"),
                        "setup: 3 created, 0 updated, 0 unchanged, 8 skipped, 0 failed"));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(http.get("/_index_template/calllog?filter_path=index_templates.name")
                        .body())
                .isEqualTo("{\"index_templates\":[{\"name\":\"calllog\"}]}");
    }

    @Test
    void runningAgainChangesNothing() {
        assertThat(setup()).isZero();

        assertThat(setup()).isZero();

        assertThat(lines())
                .containsExactlyElementsOf(expected(
                        List.of(
                                "component_template calllog-settings unchanged (version 2)",
                                "component_template calllog-mappings unchanged (version 4)",
                                "index_template calllog unchanged (version 1)"),
                        "setup: 0 created, 0 updated, 3 unchanged, 8 skipped, 0 failed"));
    }

    @Test
    void monitorsAskedForWithoutTheAlertingPluginFail() {
        assertThat(setup("--monitors", "--no-ism")).isEqualTo(1);

        assertThat(lines())
                .contains(
                        "ism_policy calllog skipped: --no-ism",
                        "monitor calllog-critical-events failed: plugin not installed (Alerting, opensearch-alerting)",
                        "setup: 3 created, 0 updated, 0 unchanged, 4 skipped, 4 failed");
    }

    @Test
    void replicasAreChosenAtInstallTimeAndNewStreamsGetThem() {
        assertThat(setup("--replicas", "0")).isZero();
        assertThat(setup("--replicas", "0")).isZero();
        assertThat(lines()).contains("component_template calllog-settings unchanged (version 2)");

        assertThat(http.bulk(
                                "/calllog-setup-replicas/_bulk?refresh=true&filter_path=errors",
                                "{\"create\":{}}\n{\"@timestamp\":\"2026-11-23T18:51:06Z\",\"call_id\":\"c\",\"data\":{}}\n")
                        .body())
                .isEqualTo("{\"errors\":false}");
        assertThat(http.get("/.ds-calllog-setup-replicas-000001/_settings/index.number_of_replicas,"
                                + "index.auto_expand_replicas?flat_settings=true&filter_path=*.settings")
                        .body())
                .isEqualTo("{\".ds-calllog-setup-replicas-000001\":{\"settings\":{"
                        + "\"index.auto_expand_replicas\":\"false\",\"index.number_of_replicas\":\"0\"}}}");

        // Without --replicas, the default (auto-expand 0-1) is back.
        assertThat(setup()).isZero();
        assertThat(lines())
                .contains("component_template calllog-settings updated (version 2, other install parameters)");
    }

    @Test
    void aDryRunChangesNothing() {
        assertThat(setup("--dry-run")).isZero();

        assertThat(lines())
                .startsWith(
                        "component_template calllog-settings would create (version 2)",
                        "component_template calllog-mappings would create (version 4)",
                        "index_template calllog would create (version 1)")
                .endsWith("dry run, nothing changed: 3 created, 0 updated, 0 unchanged, 8 skipped, 0 failed");
        assertThat(http.get("/_index_template/calllog").status()).isEqualTo(404);
        assertThat(http.get("/_component_template/calllog-settings").status()).isEqualTo(404);
    }

    @Test
    void afterAnAppenderStartedOnAnEmptyClusterSetupFindsItsTemplates() {
        CallLogConfig config = new CallLogConfig();
        config.addUrl(http.baseUrl());
        config.setDataStream("calllog-setup-appender");
        config.setLingerMillis(20);
        config.setDeadLetterFile("target/setup-dead-letter.ndjson");
        try (CallLogEngine engine = new CallLogEngine(config, StatusSink.stderr())) {
            assertThat(engine.start()).isTrue();
            engine.append(MonitorSearchIT.seed(SourceLevel.INFO, "call_completed", Instant.now(), "c-1", "a1", "acme"));
            assertThat(engine.flush(30_000)).isTrue();
            assertThat(engine.metrics().delivered()).isEqualTo(1);
        }

        assertThat(setup()).isZero();

        assertThat(lines())
                .startsWith(
                        "component_template calllog-settings unchanged (version 2)",
                        "component_template calllog-mappings unchanged (version 4)",
                        "index_template calllog unchanged (version 1)");
    }
}
