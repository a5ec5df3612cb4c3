package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.cli.CallLogSearch.CallSummary;
import dev.calllog.cli.CallLogSearch.Outcome;
import dev.calllog.core.catalog.Level;
import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.HttpResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** The requests the reader sends and how it reads the answers; the real-node run is the demo's integration test. */
class CallLogSearchTest {

    /** Answers with canned bodies and records every request as {@code METHOD path body}. */
    static final class CannedTransport implements BulkTransport {
        final List<String> requests = new ArrayList<>();
        final Deque<HttpResult> answers = new ArrayDeque<>();

        CannedTransport answer(int status, String body) {
            answers.add(new HttpResult(status, body.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        @Override
        public HttpResult send(String method, String path, byte[] body, int off, int len, Map<String, String> headers) {
            requests.add(method + " " + path
                    + (body == null ? "" : " " + new String(body, off, len, StandardCharsets.UTF_8)));
            return answers.remove();
        }

        @Override
        public void close() {}
    }

    private static String hits(int from, int count) {
        StringJoiner hits = new StringJoiner(",", "{\"hits\":{\"hits\":[", "]}}");
        for (int i = from; i < from + count; i++) {
            hits.add("{\"_source\":{\"seq\":" + i + "},\"sort\":[" + (1_795_470_181_065_000_000L + i) + "," + i + "]}");
        }
        return hits.toString();
    }

    @Test
    void timelineIsSortedByTimestampThenSeqAndReadPageByPage() throws IOException {
        CannedTransport transport = new CannedTransport()
                .answer(200, hits(0, CallLogSearch.PAGE_SIZE))
                .answer(200, hits(CallLogSearch.PAGE_SIZE, 3));

        List<JsonObject> events = new CallLogSearch(transport, "calllog-events").timeline("call-\"7\"");

        assertThat(events).hasSize(CallLogSearch.PAGE_SIZE + 3);
        assertThat(events.get(CallLogSearch.PAGE_SIZE + 2).getInt("seq")).isEqualTo(CallLogSearch.PAGE_SIZE + 2);
        String query =
                "{\"size\":1000,\"track_total_hits\":false,\"query\":{\"term\":{\"call_id\":\"call-\\\"7\\\"\"}},"
                        + "\"sort\":[{\"@timestamp\":\"asc\"},{\"seq\":\"asc\"}]";
        assertThat(transport.requests)
                .containsExactly(
                        "POST /calllog-events/_search " + query + "}",
                        "POST /calllog-events/_search " + query + ",\"search_after\":[1795470181065000999,999]}");
    }

    @Test
    void recentCallsAskForTheLatestAndReadTheirOutcome() throws IOException {
        CannedTransport transport = new CannedTransport().answer(200, """
                        {"aggregations":{"calls":{"buckets":[
                          {"key":"call-3","doc_count":19,"first":{"value":1.795470120003E12},
                           "last":{"value":1.795470181065E12},
                           "agent":{"buckets":[{"key":"agent-support","doc_count":19}]},
                           "levels":{"buckets":[{"key":"INFO","doc_count":14},{"key":"ERROR","doc_count":3},
                                                {"key":"WARNING","doc_count":1},{"key":"CRITICAL","doc_count":1}]},
                           "outcome":{"buckets":{"failed":{"doc_count":1},"transferred":{"doc_count":0},
                                                 "completed":{"doc_count":0}}}},
                          {"key":"call-2","doc_count":30,"first":{"value":1.795470181060E12},
                           "last":{"value":1.795470181060E12},
                           "agent":{"buckets":[]},
                           "levels":{"buckets":[{"key":"INFO","doc_count":30}]},
                           "outcome":{"buckets":{"failed":{"doc_count":0},"transferred":{"doc_count":1},
                                                 "completed":{"doc_count":1}}}}]}}}
                        """);

        List<CallSummary> calls = new CallLogSearch(transport, "calllog-*").recentCalls(2, "1h");

        assertThat(calls)
                .containsExactly(
                        new CallSummary(
                                "call-3",
                                "agent-support",
                                Instant.ofEpochMilli(1_795_470_120_003L),
                                Instant.ofEpochMilli(1_795_470_181_065L),
                                19,
                                Map.of(Level.INFO, 14L, Level.WARNING, 1L, Level.ERROR, 3L, Level.CRITICAL, 1L),
                                Outcome.FAILED),
                        new CallSummary(
                                "call-2",
                                null,
                                Instant.ofEpochMilli(1_795_470_181_060L),
                                Instant.ofEpochMilli(1_795_470_181_060L),
                                30,
                                Map.of(Level.INFO, 30L),
                                Outcome.TRANSFERRED));
        JsonObject query = Json.createReader(
                        new StringReader(transport.requests.get(0).substring("POST /calllog-*/_search ".length())))
                .readObject();
        assertThat(query.getJsonObject("query").toString())
                .isEqualTo("{\"range\":{\"@timestamp\":{\"gte\":\"now-1h\"}}}");
        assertThat(query.getJsonObject("aggs")
                        .getJsonObject("calls")
                        .getJsonObject("terms")
                        .toString())
                .isEqualTo(
                        "{\"field\":\"call_id\",\"size\":2,\"order\":[{\"last\":\"desc\"},{\"last_seq\":\"desc\"}]}");
    }

    @Test
    void aCallSummaryKnowsItsWorstLevelAndDuration() throws IOException {
        CallSummary call = new CallSummary(
                "c",
                null,
                Instant.parse("2026-11-23T18:50:00Z"),
                Instant.parse("2026-11-23T18:51:34.5Z"),
                4,
                Map.of(Level.INFO, 2L, Level.ERROR, 1L, Level.WARNING, 1L),
                Outcome.COMPLETED);
        assertThat(call.worstLevel()).isEqualTo(Level.ERROR);
        assertThat(call.duration()).isEqualTo(java.time.Duration.ofMillis(94_500));
        assertThat(new CallSummary("c", null, Instant.EPOCH, Instant.EPOCH, 0, Map.of(), Outcome.IN_PROGRESS)
                        .worstLevel())
                .isNull();
    }

    @Test
    void callIdAndAgentFilterTheCallsDirectly() throws IOException {
        CannedTransport transport =
                new CannedTransport().answer(200, "{\"aggregations\":{\"calls\":{\"buckets\":[]}}}");
        new CallLogSearch(transport, "calllog-events").calls(new CallQuery(50, "2d", " 10*3? ", "agent-sales", null));
        JsonObject query = Json.createReader(
                        new StringReader(transport.requests.get(0).substring("POST /calllog-events/_search ".length())))
                .readObject();
        assertThat(query.getJsonObject("query").toString())
                .isEqualTo("{\"bool\":{\"filter\":[{\"range\":{\"@timestamp\":{\"gte\":\"now-2d\"}}},"
                        + "{\"wildcard\":{\"call_id\":{\"value\":\"*10\\\\*3\\\\?*\",\"case_insensitive\":true}}},"
                        + "{\"term\":{\"agent_id\":\"agent-sales\"}}]}}");
        assertThat(query.getJsonObject("aggs")
                        .getJsonObject("calls")
                        .getJsonObject("terms")
                        .getInt("size"))
                .isEqualTo(50);
    }

    @Test
    void aLevelFindsTheCallsWithSuchEventsThenSummarisesAllTheirEvents() throws IOException {
        CannedTransport transport = new CannedTransport()
                .answer(200, """
                        {"aggregations":{"calls":{"buckets":[{"key":"call-9","doc_count":2},{"key":"call-4","doc_count":1}]}}}""")
                .answer(200, "{\"aggregations\":{\"calls\":{\"buckets\":[]}}}")
                .answer(200, "{\"aggregations\":{\"calls\":{\"buckets\":[]}}}");
        CallLogSearch search = new CallLogSearch(transport, "calllog-events");
        assertThat(search.calls(new CallQuery(20, null, null, "agent-sales", Level.ERROR)))
                .isEmpty();
        List<JsonObject> queries = transport.requests.stream()
                .map(r -> Json.createReader(new StringReader(r.substring("POST /calllog-events/_search ".length())))
                        .readObject())
                .toList();
        assertThat(queries.get(0).getJsonObject("query").toString())
                .isEqualTo("{\"bool\":{\"filter\":[{\"term\":{\"agent_id\":\"agent-sales\"}},"
                        + "{\"range\":{\"severity\":{\"gte\":17}}}]}}");
        assertThat(queries.get(1).getJsonObject("query").toString())
                .isEqualTo("{\"bool\":{\"filter\":[{\"term\":{\"agent_id\":\"agent-sales\"}},"
                        + "{\"terms\":{\"call_id\":[\"call-9\",\"call-4\"]}}]}}");
        // No call with such events: nothing more is asked.
        CannedTransport none = new CannedTransport().answer(200, "{\"aggregations\":{\"calls\":{\"buckets\":[]}}}");
        assertThat(new CallLogSearch(none, "x").calls(new CallQuery(5, null, null, null, Level.CRITICAL)))
                .isEmpty();
        assertThat(none.requests).hasSize(1);
    }

    @Test
    void periodsAreWholeNumbersWithAUnit() {
        assertThat(List.of("15s", "30m", "1h", "2d", "1w")).allMatch(CallLogSearch::isPeriod);
        assertThat(List.of("", "1", "h", "0h", "1.5h", "1y", "-1h", "now-1h", "1h "))
                .noneMatch(CallLogSearch::isPeriod);
        assertThatThrownBy(() -> new CallLogSearch(new CannedTransport(), "x").recentCalls(1, "1y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingDataStreamAndARefusedSearchAreExplained() {
        CannedTransport transport = new CannedTransport()
                .answer(404, "{\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index\"}}")
                .answer(400, "{\"error\":{\"type\":\"parsing_exception\",\"reason\":\"bad query\"}}");
        CallLogSearch search = new CallLogSearch(transport, "calllog-nope");
        assertThatThrownBy(() -> search.timeline("c"))
                .isInstanceOf(IOException.class)
                .hasMessage("'calllog-nope' does not exist: no call-log events were written there yet");
        assertThatThrownBy(() -> search.recentCalls(5, null))
                .isInstanceOf(IOException.class)
                .hasMessage("search of 'calllog-nope' answered 400: parsing_exception: bad query");
    }
}
