package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the call-log templates must do on a real node, whatever its version: every OpenSearch line the project supports
 * runs this suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CallLogTemplateContract {
    static final String STREAM = "calllog-test";

    private OpenSearchHttp http;
    private List<String> installAnswers;

    /** The node to test against, started. */
    abstract OpenSearchHttp connect();

    void disconnect() {}

    @BeforeAll
    final void installTemplates() {
        http = connect();
        // Runs again on a node that kept data from an earlier run: start from no stream.
        http.delete("/_data_stream/" + STREAM);
        installAnswers = CallLogAssets.install(http);
    }

    @AfterAll
    final void tearDown() {
        disconnect();
    }

    @Test
    void acceptsEveryAssetOfTheManifest() {
        assertThat(installAnswers)
                .containsExactly(
                        "/_component_template/calllog-settings 200 {\"acknowledged\":true}",
                        "/_component_template/calllog-mappings 200 {\"acknowledged\":true}",
                        "/_index_template/calllog 200 {\"acknowledged\":true}");
        assertThat(http.get("/_index_template/calllog?filter_path=index_templates.index_template._meta.version,"
                                + "index_templates.index_template._meta.managed_by,"
                                + "index_templates.index_template.priority")
                        .body())
                .isEqualTo("{\"index_templates\":[{\"index_template\":{\"priority\":200,"
                        + "\"_meta\":{\"managed_by\":\"calllog\",\"version\":1}}}]}");
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
        String body = http.post("/" + STREAM + "/_count?filter_path=count", "{\"query\":" + query + "}")
                .body();
        return Long.parseLong(body.replaceAll("\\D", ""));
    }
}
