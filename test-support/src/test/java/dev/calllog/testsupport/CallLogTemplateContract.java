package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.CallLogEngine;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.TestSourceEvent;
import dev.calllog.core.internal.setup.AssetManifest;
import dev.calllog.core.internal.setup.AssetParameters;
import dev.calllog.core.internal.setup.TemplateInstaller;
import dev.calllog.core.internal.setup.TemplateInstaller.Action;
import dev.calllog.core.internal.setup.TemplateInstaller.AssetResult;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.core.metrics.ShippingMetrics;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the call-log templates must do on a real node, whatever its version: every OpenSearch line the project supports
 * runs this suite. The templates are installed by the project's own installer, and events reach the node through the
 * core, as the appenders send them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CallLogTemplateContract {
    static final String STREAM = "calllog-test";

    private OpenSearchHttp http;
    private TemplateInstaller.Result firstInstall;

    /** The node to test against, started. */
    abstract OpenSearchHttp connect();

    void disconnect() {}

    @BeforeAll
    final void installTemplates() throws Exception {
        http = connect();
        // Runs again on a node that kept data from an earlier run: start from no stream and no template.
        http.delete("/_data_stream/calllog-*");
        http.delete("/_index_template/calllog");
        http.delete("/_component_template/calllog-settings");
        http.delete("/_component_template/calllog-mappings");
        firstInstall = installer().install();
    }

    @AfterAll
    final void tearDown() {
        disconnect();
    }

    private TemplateInstaller installer() throws Exception {
        CallLogConfig config = new CallLogConfig();
        config.addUrl(http.baseUrl());
        return new TemplateInstaller(OpenSearchHttpTransport.create(config), silent());
    }

    private static List<String> outcomes(TemplateInstaller.Result result) {
        return result.assets().stream()
                .map(a -> a.kind() + " " + a.name() + " " + a.action() + " " + a.version())
                .toList();
    }

    @Test
    void theInstallerPutsEveryTemplateOfTheManifest() {
        assertThat(outcomes(firstInstall))
                .containsExactly(
                        "component_template calllog-settings INSTALLED 2",
                        "component_template calllog-mappings INSTALLED 4",
                        "index_template calllog INSTALLED 1");
        assertThat(http.get("/_index_template/calllog?filter_path=index_templates.index_template._meta.version,"
                                + "index_templates.index_template._meta.managed_by,"
                                + "index_templates.index_template.priority")
                        .body())
                .isEqualTo("{\"index_templates\":[{\"index_template\":{\"priority\":200,"
                        + "\"_meta\":{\"managed_by\":\"calllog\",\"version\":1}}}]}");
        assertThat(json(http.get("/_component_template/calllog-settings?filter_path=component_templates"
                                + ".component_template._meta")
                        .body()))
                .isEqualTo(json("{\"component_templates\":[{\"component_template\":{\"_meta\":{\"version\":2,"
                        + "\"managed_by\":\"calllog\",\"parameters\":{\"number_of_replicas\":1,"
                        + "\"auto_expand_replicas\":\"0-1\"}}}}]}"));
    }

    @Test
    void installingAgainChangesNothing() throws Exception {
        assertThat(outcomes(installer().install()))
                .containsExactly(
                        "component_template calllog-settings UNCHANGED 2",
                        "component_template calllog-mappings UNCHANGED 4",
                        "index_template calllog UNCHANGED 1");
        assertThat(outcomes(installer().install(AssetParameters.defaults(), false)))
                .containsExactly(
                        "component_template calllog-settings UNCHANGED 2",
                        "component_template calllog-mappings UNCHANGED 4",
                        "index_template calllog UNCHANGED 1");
    }

    @Test
    void anOlderVersionNeverOverwritesANewerOne() throws Exception {
        AssetManifest manifest = AssetManifest.load();
        AssetManifest.Asset mappings = manifest.assets().stream()
                .filter(a -> a.name().equals("calllog-mappings"))
                .findFirst()
                .orElseThrow();
        String current = manifest.body(mappings, AssetParameters.defaults().placeholderValues());
        String newer = current.replaceFirst("\"version\": 4", "\"version\": 7");
        assertThat(newer).isNotEqualTo(current);
        assertThat(http.put("/_component_template/calllog-mappings", newer).status())
                .isEqualTo(200);
        try {
            TemplateInstaller.Result appender = installer().install();
            TemplateInstaller.Result setup = installer().install(AssetParameters.defaults(), false);

            for (TemplateInstaller.Result r : List.of(appender, setup)) {
                assertThat(r.assets())
                        .filteredOn(a -> a.name().equals("calllog-mappings"))
                        .containsExactly(new AssetResult(
                                "component_template", "calllog-mappings", Action.SKIPPED_NEWER, 4, 7, null));
            }
            assertThat(http.get("/_component_template/calllog-mappings?filter_path=component_templates"
                                    + ".component_template._meta.version")
                            .body())
                    .isEqualTo("{\"component_templates\":[{\"component_template\":{\"_meta\":{\"version\":7}}}]}");
        } finally {
            assertThat(http.put("/_component_template/calllog-mappings", current)
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void firstWriteCreatesTheDataStreamWithTheTemplateSettings() {
        assertThat(create("ex-1", example("ex-1", "call-example", "2026-11-23T18:51:06.654321Z")))
                .isEqualTo("{\"errors\":false,\"items\":[{\"create\":{\"status\":201}}]}");

        assertThat(http.get("/_data_stream/" + STREAM + "?filter_path=data_streams.indices.index_name,"
                                + "data_streams.template")
                        .body())
                .isEqualTo("{\"data_streams\":[{\"indices\":[{\"index_name\":\".ds-calllog-test-000001\"}],"
                        + "\"template\":\"calllog\"}]}");
        assertThat(http.get("/.ds-calllog-test-000001/_settings/index.codec,index.refresh_interval,"
                                + "index.number_of_shards,index.number_of_replicas,index.auto_expand_replicas"
                                + "?flat_settings=true&filter_path=*.settings")
                        .body())
                .isEqualTo("{\".ds-calllog-test-000001\":{\"settings\":{"
                        + "\"index.auto_expand_replicas\":\"0-1\","
                        + "\"index.codec\":\"best_compression\","
                        + "\"index.number_of_replicas\":\"0\","
                        + "\"index.number_of_shards\":\"1\","
                        + "\"index.refresh_interval\":\"5s\"}}}");
        // One node: the replica expands to none, so the stream is green rather than yellow.
        assertThat(http.get("/_cluster/health/" + STREAM + "?wait_for_status=green&timeout=10s&filter_path=status")
                        .body())
                .isEqualTo("{\"status\":\"green\"}");
    }

    @Test
    void aRetriedCreateWithTheSameIdIsAConflictNotADuplicate() {
        String doc = example("dup-1", "call-dup", "2026-11-23T18:51:07Z");
        assertThat(create("dup-1", doc)).isEqualTo("{\"errors\":false,\"items\":[{\"create\":{\"status\":201}}]}");

        assertThat(create("dup-1", doc))
                .isEqualTo("{\"errors\":true,\"items\":[{\"create\":{\"status\":409,"
                        + "\"error\":{\"type\":\"version_conflict_engine_exception\"}}}]}");
        assertThat(count("{\"term\":{\"call_id\":\"call-dup\"}}")).isEqualTo(1);
    }

    @Test
    void dataTakesNestedObjectsAndArraysAndAnswersTermQueriesOnDottedPaths() {
        String doc = "{\"@timestamp\":\"2026-11-23T18:51:08Z\",\"event_id\":\"flat-1\",\"call_id\":\"call-flat\","
                + "\"event\":\"integration_http_error\",\"data\":{\"http\":{\"status\":503,\"method\":\"POST\"},"
                + "\"attempts\":[1,2,3],\"tags\":[\"crm\",\"retry\"],\"tool\":{\"name\":\"crm_lookup\","
                + "\"args\":{\"phone\":\"+15550100\"}}}}";
        assertThat(create("flat-1", doc)).isEqualTo("{\"errors\":false,\"items\":[{\"create\":{\"status\":201}}]}");
        create("flat-2", example("flat-2", "call-flat", "2026-11-23T18:51:09Z"));

        assertThat(ids("{\"term\":{\"data.http.status\":\"503\"}}", "asc")).containsExactly("flat-1");
        assertThat(ids("{\"term\":{\"data.tags\":\"retry\"}}", "asc")).containsExactly("flat-1");
        assertThat(ids("{\"term\":{\"data.tool.args.phone\":\"+15550100\"}}", "asc"))
                .containsExactly("flat-1");
        assertThat(ids(
                        "{\"bool\":{\"filter\":[{\"term\":{\"call_id\":\"call-flat\"}},"
                                + "{\"term\":{\"data.error.type\":\"SocketTimeoutException\"}}]}}",
                        "asc"))
                .containsExactly("flat-2");
    }

    @Test
    void dataThatIsNotAnObjectCanNeverBeIndexed() {
        String doc = "{\"@timestamp\":\"2026-11-23T18:51:10Z\",\"call_id\":\"call-bad\",\"data\":\"not an object\"}";
        assertThat(create("bad-1", doc))
                .isEqualTo("{\"errors\":true,\"items\":[{\"create\":{\"status\":400,"
                        + "\"error\":{\"type\":\"mapper_parsing_exception\"}}}]}");
    }

    @Test
    void timestampsKeepTheirNanosecondsAndSortByThem() {
        create("ns-nano", example("ns-nano", "call-ns", "2026-11-23T18:51:06.123456789Z"));
        create("ns-micro-before", example("ns-micro-before", "call-ns", "2026-11-23T18:51:06.123456Z"));
        create("ns-micro-after", example("ns-micro-after", "call-ns", "2026-11-23T18:51:06.123457Z"));

        String query = "{\"term\":{\"call_id\":\"call-ns\"}}";
        assertThat(ids(query, "asc")).containsExactly("ns-micro-before", "ns-nano", "ns-micro-after");
        assertThat(ids(query, "desc")).containsExactly("ns-micro-after", "ns-nano", "ns-micro-before");
        assertThat(http.post(
                                "/" + STREAM + "/_search?filter_path=hits.hits._source.@timestamp,hits.hits.sort",
                                "{\"query\":{\"term\":{\"event_id\":\"ns-nano\"}},\"sort\":[{\"@timestamp\":\"asc\"}]}")
                        .body())
                .isEqualTo("{\"hits\":{\"hits\":[{\"_source\":{\"@timestamp\":\"2026-11-23T18:51:06.123456789Z\"},"
                        + "\"sort\":[1795459866123456789]}]}}");
    }

    @Test
    void messageIsFullTextWithAnExactKeyword() {
        create("msg-1", example("msg-1", "call-msg", "2026-11-23T18:51:11Z"));

        assertThat(ids(
                        "{\"bool\":{\"filter\":[{\"term\":{\"call_id\":\"call-msg\"}},"
                                + "{\"match\":{\"message\":\"lookup crm\"}}]}}",
                        "asc"))
                .containsExactly("msg-1");
        assertThat(ids("{\"term\":{\"message.keyword\":\"CRM lookup failed\"}}", "asc"))
                .contains("msg-1");
        assertThat(ids("{\"term\":{\"message\":\"CRM lookup failed\"}}", "asc")).isEmpty();
    }

    @Test
    void unmappedFieldsStayInTheSourceButAreNotIndexed() {
        String doc = "{\"@timestamp\":\"2026-11-23T18:51:12Z\",\"event_id\":\"extra-1\",\"call_id\":\"call-extra\","
                + "\"surprise\":\"kept\"}";
        assertThat(create("extra-1", doc)).isEqualTo("{\"errors\":false,\"items\":[{\"create\":{\"status\":201}}]}");

        assertThat(ids("{\"term\":{\"surprise\":\"kept\"}}", "asc")).isEmpty();
        assertThat(http.post(
                                "/" + STREAM + "/_search?filter_path=hits.hits._source.surprise",
                                "{\"query\":{\"term\":{\"event_id\":\"extra-1\"}}}")
                        .body())
                .isEqualTo("{\"hits\":{\"hits\":[{\"_source\":{\"surprise\":\"kept\"}}]}}");
        assertThat(http.get("/" + STREAM + "/_mapping/field/surprise").body()).doesNotContain("surprise");
    }

    // ---- measures: numbers in data that aggregate ----

    @Test
    void measuresAggregateToTheValuesComputedFromTheSentData() {
        String stream = "calllog-test-measures";
        List<TestSourceEvent.Builder> events = new ArrayList<>();
        // 60 answers at 200 ms and 40 at 900 ms, interleaved: the 50th and 95th percentiles are exact whatever
        // estimator the node uses, because both fall inside a run of equal values.
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double latency = i % 5 < 3 ? 200 : 900;
            latencies.add(latency);
            events.add(event("agent_message_sent", "call-measures").kv("latency_ms", (long) latency));
        }
        double[] durations = {12.5, 30, 47.25, 181, 3.75};
        for (double d : durations) {
            events.add(
                    event("call_completed", "call-measures").kv("duration_s", d).kv("tokens", (int) (d * 10)));
        }
        // Not numbers: in data only, and the documents are accepted all the same.
        events.add(event("agent_message_sent", "call-measures").kv("latency_ms", "slow"));
        events.add(event("agent_message_sent", "call-measures").kv("latency_ms", Map.of("p50", 3)));

        ShippingMetrics.Snapshot m =
                ship(stream, c -> c.addMeasureKey(CallLogConfig.DEFAULT_MEASURE_KEYS + ",tokens"), events);
        assertThat(m.delivered()).isEqualTo(events.size());

        JsonObject aggs = json(http.post(
                                "/" + stream + "/_search?filter_path=aggregations",
                                "{\"size\":0,\"aggs\":{"
                                        + "\"latency\":{\"percentiles\":{\"field\":\"measures.latency_ms\",\"percents\":[50,95]}},"
                                        + "\"latency_avg\":{\"avg\":{\"field\":\"measures.latency_ms\"}},"
                                        + "\"duration\":{\"stats\":{\"field\":\"measures.duration_s\"}},"
                                        + "\"tokens\":{\"sum\":{\"field\":\"measures.tokens\"}}}}")
                        .body())
                .getJsonObject("aggregations");

        List<Double> sorted = latencies.stream().sorted().toList();
        JsonObject percentiles = aggs.getJsonObject("latency").getJsonObject("values");
        assertThat(percentiles.getJsonNumber("50.0").doubleValue()).isEqualTo(nearestRank(sorted, 50));
        assertThat(percentiles.getJsonNumber("95.0").doubleValue()).isEqualTo(nearestRank(sorted, 95));
        assertThat(percentiles.getJsonNumber("50.0").doubleValue()).isEqualTo(200);
        assertThat(percentiles.getJsonNumber("95.0").doubleValue()).isEqualTo(900);
        assertThat(aggs.getJsonObject("latency_avg").getJsonNumber("value").doubleValue())
                .isEqualTo(latencies.stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow());
        JsonObject stats = aggs.getJsonObject("duration");
        assertThat(stats.getInt("count")).isEqualTo(durations.length);
        assertThat(stats.getJsonNumber("min").doubleValue())
                .isEqualTo(Arrays.stream(durations).min().orElseThrow());
        assertThat(stats.getJsonNumber("max").doubleValue())
                .isEqualTo(Arrays.stream(durations).max().orElseThrow());
        assertThat(stats.getJsonNumber("sum").doubleValue())
                .isEqualTo(Arrays.stream(durations).sum());
        assertThat(aggs.getJsonObject("tokens").getJsonNumber("value").doubleValue())
                .isEqualTo(Arrays.stream(durations).map(d -> (int) (d * 10)).sum());

        // A measure key outside the template's list is mapped as a double by the dynamic template.
        assertThat(json(http.get("/" + stream + "/_mapping/field/measures.tokens,measures.latency_ms")
                                .body())
                        .getJsonObject(".ds-" + stream + "-000001")
                        .getJsonObject("mappings")
                        .toString())
                .isEqualTo("{\"measures.latency_ms\":{\"full_name\":\"measures.latency_ms\",\"mapping\":"
                        + "{\"latency_ms\":{\"type\":\"double\",\"ignore_malformed\":true}}},"
                        + "\"measures.tokens\":{\"full_name\":\"measures.tokens\",\"mapping\":"
                        + "{\"tokens\":{\"type\":\"double\",\"ignore_malformed\":true}}}}");
        // The values that were not numbers are still in data, searchable.
        assertThat(count(stream, "{\"term\":{\"data.latency_ms\":\"slow\"}}")).isEqualTo(1);
        assertThat(count(stream, "{\"exists\":{\"field\":\"measures.latency_ms\"}}"))
                .isEqualTo(100);
    }

    @Test
    void numericStringsAreMeasuresToo() {
        String stream = "calllog-test-numeric-strings";
        List<TestSourceEvent.Builder> events = new ArrayList<>();
        for (String latency : List.of("640", "1250.5", "-0", "2e2", "1e400", "+5", " 7", "0x10", "NaN", "12ms")) {
            events.add(event("agent_message_sent", "call-numeric-strings").kv("latency_ms", latency));
        }

        ShippingMetrics.Snapshot m = ship(stream, c -> {}, events);
        assertThat(m.delivered()).as(m.toString()).isEqualTo(events.size());

        JsonObject stats = json(http.post(
                                "/" + stream + "/_search?filter_path=aggregations",
                                "{\"size\":0,\"aggs\":{\"latency\":{\"stats\":{\"field\":\"measures.latency_ms\"}}}}")
                        .body())
                .getJsonObject("aggregations")
                .getJsonObject("latency");
        // The four plain JSON numbers that are finite as doubles; the others stay strings in data only.
        assertThat(stats.getInt("count")).isEqualTo(4);
        assertThat(stats.getJsonNumber("sum").doubleValue()).isEqualTo(640 + 1250.5 + 0 + 200);
        assertThat(count(stream, "{\"term\":{\"data.latency_ms\":\"0x10\"}}")).isEqualTo(1);
    }

    // ---- labels: strings in data that aggregate ----

    @Test
    void labelsAggregateAsKeywords() {
        String stream = "calllog-test-labels";
        List<TestSourceEvent.Builder> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(event("integration_tool_failed", "call-labels").kv("tool", "crm_lookup"));
        }
        events.add(event("integration_tool_failed", "call-labels").kv("tool", "order_lookup"));
        String longName = "t".repeat(300);
        events.add(event("integration_tool_failed", "call-labels").kv("tool", longName));
        // Not labels: a number with a fraction and a map stay in data only.
        events.add(event("integration_tool_failed", "call-labels").kv("tool", 2.5));
        events.add(event("integration_tool_failed", "call-labels").kv("tool", Map.of("name", "x")));
        // A label key outside the template's list, with a boolean and a whole number.
        events.add(event("webhook_response_failed", "call-labels").kv("region", true));
        events.add(event("webhook_response_failed", "call-labels").kv("region", 7));

        ShippingMetrics.Snapshot m =
                ship(stream, c -> c.addLabelKey(CallLogConfig.DEFAULT_LABEL_KEYS + ",region"), events);
        assertThat(m.deadLettered()).as(m.toString()).isZero();
        assertThat(m.delivered()).as(m.toString()).isEqualTo(events.size());

        JsonObject aggs = json(http.post(
                                "/" + stream + "/_search?filter_path=aggregations",
                                "{\"size\":0,\"aggs\":{"
                                        + "\"tools\":{\"terms\":{\"field\":\"labels.tool\"}},"
                                        + "\"regions\":{\"terms\":{\"field\":\"labels.region\",\"order\":{\"_key\":\"asc\"}}}}}")
                        .body())
                .getJsonObject("aggregations");
        assertThat(aggs.getJsonObject("tools").getJsonArray("buckets").toString())
                .isEqualTo("[{\"key\":\"crm_lookup\",\"doc_count\":3},{\"key\":\"order_lookup\",\"doc_count\":1},"
                        + "{\"key\":\"" + "t".repeat(256) + "\",\"doc_count\":1}]");
        assertThat(aggs.getJsonObject("regions").getJsonArray("buckets").toString())
                .isEqualTo("[{\"key\":\"7\",\"doc_count\":1},{\"key\":\"true\",\"doc_count\":1}]");

        // A label key outside the template's list is mapped as a keyword by the dynamic template.
        JsonObject mappings = json(http.get("/" + stream + "/_mapping/field/labels.tool,labels.region")
                        .body())
                .getJsonObject(".ds-" + stream + "-000001")
                .getJsonObject("mappings");
        assertThat(mappings.keySet()).containsExactlyInAnyOrder("labels.tool", "labels.region");
        for (String name : List.of("tool", "region")) {
            assertThat(mappings.getJsonObject("labels." + name)
                            .getJsonObject("mapping")
                            .toString())
                    .isEqualTo("{\"" + name + "\":{\"type\":\"keyword\",\"ignore_above\":256}}");
        }
        // The whole long name is still in data.
        assertThat(count(stream, "{\"term\":{\"data.tool\":\"" + longName + "\"}}"))
                .isEqualTo(1);
    }

    /** The value at rank ceil(p/100 * n) of sorted values. */
    private static double nearestRank(List<Double> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    // ---- data of any shape ----

    @Test
    void dataOfAnyShapeIsAcceptedAndSearchableWithoutGrowingTheMapping() {
        String stream = "calllog-test-odd";
        List<TestSourceEvent.Builder> events = new ArrayList<>();
        // The same key with a different type in each event.
        Object[] conflicting = {
            5, "five", 5.5, true, null, Map.of("n", 5), List.of(5, "five"), List.of(Map.of("n", 5)), List.of()
        };
        for (Object v : conflicting) {
            events.add(event("integration_tool_completed", "call-odd-types")
                    .kv("value", v)
                    .kv("http_status", v));
        }
        // Hundreds of distinct keys: 500 in one event, and one new key in each of 300 more.
        TestSourceEvent.Builder wide = event("integration_tool_completed", "call-odd-wide");
        for (int i = 0; i < 500; i++) {
            wide.kv("k" + i, "v" + i);
        }
        events.add(wide);
        for (int i = 0; i < 300; i++) {
            events.add(event("webhook_sent", "call-odd-keys").kv("key_" + i, i));
        }
        // Deep nesting: 15 levels, and 20, which the core cuts at 16.
        events.add(event("path_transition", "call-odd-deep").kv("deep", nested(15, "bottom")));
        events.add(event("path_transition", "call-odd-deeper").kv("deep", nested(20, "lost")));
        // Arrays of every kind, odd key names, and an object where another event has a dotted key.
        Map<String, Object> odd = new LinkedHashMap<>();
        odd.put("matrix", List.of(List.of(1, 2), List.of("a", List.of(true))));
        odd.put("mixed", Arrays.asList(1, "two", null, Map.of("three", 3), List.of()));
        odd.put("nulls", Arrays.asList(null, null));
        odd.put("empty", Map.of());
        odd.put("http.status", 503);
        odd.put("ünïcødé kéy", "ok");
        odd.put("a..b", "dots");
        odd.put("trailing.", "dot");
        odd.put("", "empty key");
        TestSourceEvent.Builder shapes = event("webhook_response_failed", "call-odd-shapes");
        odd.forEach(shapes::kv);
        events.add(shapes);
        events.add(event("webhook_response_failed", "call-odd-shapes").kv("http", Map.of("status", "503")));

        ShippingMetrics.Snapshot m = ship(stream, c -> {}, events);

        assertThat(m.deadLettered()).as(m.toString()).isZero();
        assertThat(m.delivered()).as(m.toString()).isEqualTo(events.size());
        assertThat(count(stream, "{\"match_all\":{}}")).isEqualTo(events.size());
        assertThat(count(stream, "{\"term\":{\"data.value\":\"five\"}}")).isEqualTo(2);
        assertThat(count(stream, "{\"term\":{\"data.value.n\":\"5\"}}")).isEqualTo(2);
        assertThat(count(stream, "{\"term\":{\"data.k499\":\"v499\"}}")).isEqualTo(1);
        assertThat(count(stream, "{\"term\":{\"data.key_299\":\"299\"}}")).isEqualTo(1);
        assertThat(count(
                        stream,
                        "{\"term\":{\"data.deep.l1.l2.l3.l4.l5.l6.l7.l8.l9.l10.l11.l12.l13.l14.l15\":\"bottom\"}}"))
                .isEqualTo(1);
        assertThat(count(stream, "{\"term\":{\"data.http.status\":\"503\"}}")).isEqualTo(2);
        assertThat(count(stream, "{\"term\":{\"data.matrix\":\"a\"}}")).isEqualTo(1);
        // Only numbers became measures: the numeric http_status values, once each.
        assertThat(count(stream, "{\"exists\":{\"field\":\"measures.http_status\"}}"))
                .isEqualTo(2);

        // However many keys and shapes arrived, the mapping is the template's: data is one flat_object field.
        JsonObject properties = json(http.get("/" + stream + "/_mapping").body())
                .getJsonObject(".ds-" + stream + "-000001")
                .getJsonObject("mappings")
                .getJsonObject("properties");
        assertThat(properties.getJsonObject("data").toString()).isEqualTo("{\"type\":\"flat_object\"}");
        assertThat(properties.keySet())
                .containsExactlyInAnyOrder(
                        "@timestamp",
                        "event_id",
                        "seq",
                        "call_id",
                        "agent_id",
                        "account_id",
                        "trace_id",
                        "span_id",
                        "trace_flags",
                        "turn_id",
                        "level",
                        "severity",
                        "category",
                        "event",
                        "message",
                        "data",
                        "measures",
                        "labels");
        assertThat(properties
                        .getJsonObject("measures")
                        .getJsonObject("properties")
                        .keySet())
                .containsExactlyInAnyOrder(CallLogConfig.DEFAULT_MEASURE_KEYS.split(","));
        assertThat(properties
                        .getJsonObject("labels")
                        .getJsonObject("properties")
                        .keySet())
                .containsExactlyInAnyOrder(CallLogConfig.DEFAULT_LABEL_KEYS.split(","));
    }

    /** {@code {"l1":{"l2":...{"l<depth>": leaf}}}} */
    private static Object nested(int depth, Object leaf) {
        Object v = leaf;
        for (int i = depth; i >= 1; i--) {
            v = Map.of("l" + i, v);
        }
        return v;
    }

    /** An INFO event of a call, logged now, as an adapter hands it to the core: an event code, ids and key-values. */
    private static TestSourceEvent.Builder event(String eventCode, String callId) {
        return TestSourceEvent.call(eventCode, callId).time(Instant.now());
    }

    /** Ships {@code events} through the core into {@code stream} and returns the shipping counters once settled. */
    private ShippingMetrics.Snapshot ship(
            String stream, Consumer<CallLogConfig> settings, List<TestSourceEvent.Builder> events) {
        CallLogConfig config = new CallLogConfig();
        config.addUrl(http.baseUrl());
        config.setDataStream(stream);
        config.setLingerMillis(20);
        config.setDeadLetterFile("target/" + stream + "-dead-letter.ndjson");
        settings.accept(config);
        try (CallLogEngine engine = new CallLogEngine(config, silent())) {
            assertThat(engine.start()).isTrue();
            events.forEach(e -> engine.append(e.build()));
            assertThat(engine.flush(60_000)).as("delivered in time").isTrue();
            ShippingMetrics.Snapshot m = engine.metrics();
            assertThat(http.post("/" + stream + "/_refresh", "").ok()).isTrue();
            return m;
        }
    }

    long count(String stream, String query) {
        String body = http.post("/" + stream + "/_count?filter_path=count", "{\"query\":" + query + "}")
                .body();
        return Long.parseLong(body.replaceAll("\\D", ""));
    }

    static JsonObject json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    static StatusSink silent() {
        return new StatusSink() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message, Throwable cause) {}

            @Override
            public void error(String message, Throwable cause) {}
        };
    }

    /** The document the appender writes, as in the project's documentation. */
    static String example(String eventId, String callId, String timestamp) {
        return "{\"@timestamp\":\"" + timestamp + "\",\"event_id\":\"" + eventId + "\",\"seq\":42,"
                + "\"call_id\":\"" + callId + "\",\"agent_id\":\"a-7\",\"account_id\":\"acme\",\"level\":\"ERROR\","
                + "\"severity\":17,\"category\":\"integrations\",\"event\":\"integration_tool_failed\","
                + "\"message\":\"CRM lookup failed\",\"data\":{\"tool\":\"crm_lookup\",\"duration_ms\":5003,"
                + "\"error\":{\"type\":\"SocketTimeoutException\",\"message\":\"Read timed out\"}}}";
    }

    /** One {@code create} through {@code _bulk}, refreshed; the answer reduced to errors, statuses and error types. */
    String create(String id, String document) {
        return http.bulk(
                        "/" + STREAM + "/_bulk?refresh=true&filter_path=errors,items.*.status,items.*.error.type",
                        "{\"create\":{\"_id\":\"" + id + "\"}}\n" + document + "\n")
                .body();
    }

    /** The ids of the documents matching {@code query}, by {@code @timestamp}. */
    List<String> ids(String query, String order) {
        String body = http.post(
                        "/" + STREAM + "/_search?filter_path=hits.hits._id",
                        "{\"size\":100,\"query\":" + query + ",\"sort\":[{\"@timestamp\":\"" + order + "\"}]}")
                .body();
        return java.util.regex.Pattern.compile("\"_id\":\"([^\"]+)\"")
                .matcher(body)
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    long count(String query) {
        return count(STREAM, query);
    }
}
