package dev.calllog.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchHttp;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** Reads what a data stream holds, exactly (every document, paged), to count losses and duplicates. */
final class Docs {
    private Docs() {}

    /**
     * The {@code data.n} of the documents of {@code callId} in {@code stream}, one per distinct {@code event_id} (paging
     * by {@code event_id} passes over a second copy of an id: {@link #countCall} counts copies).
     */
    static List<Long> numbers(OpenSearchHttp http, String stream, String callId) {
        refresh(http, stream);
        List<Long> out = new ArrayList<>();
        String after = null;
        while (true) {
            String query = "{\"size\":10000,\"_source\":[\"data.n\"],\"query\":{\"term\":{\"call_id\":\"" + callId
                    + "\"}},\"sort\":[{\"event_id\":\"asc\"}]"
                    + (after == null ? "" : ",\"search_after\":[" + after + "]")
                    + "}";
            OpenSearchHttp.Response res = http.post("/" + stream + "/_search", query);
            assertThat(res.ok()).as(res.toString()).isTrue();
            JsonArray hits = parse(res.body()).getJsonObject("hits").getJsonArray("hits");
            if (hits.isEmpty()) {
                return out;
            }
            for (JsonValue h : hits) {
                JsonObject hit = h.asJsonObject();
                out.add(hit.getJsonObject("_source")
                        .getJsonObject("data")
                        .getJsonNumber("n")
                        .longValue());
                after = hit.getJsonArray("sort").get(0).toString();
            }
        }
    }

    /** Documents of {@code callId} in {@code stream}, copies included; 0 when the stream does not exist. */
    static long countCall(OpenSearchHttp http, String stream, String callId) {
        refresh(http, stream);
        OpenSearchHttp.Response res =
                http.post("/" + stream + "/_count", "{\"query\":{\"term\":{\"call_id\":\"" + callId + "\"}}}");
        if (res.status() == 404) {
            return 0;
        }
        assertThat(res.ok()).as(res.toString()).isTrue();
        return parse(res.body()).getJsonNumber("count").longValue();
    }

    /** Documents in {@code stream}; 0 when it does not exist. */
    static long count(OpenSearchHttp http, String stream) {
        refresh(http, stream);
        OpenSearchHttp.Response res = http.get("/" + stream + "/_count");
        if (res.status() == 404) {
            return 0;
        }
        assertThat(res.ok()).as(res.toString()).isTrue();
        return parse(res.body()).getJsonNumber("count").longValue();
    }

    /** The {@code _source} of every document of {@code callId}, in logging order. */
    static List<JsonObject> sources(OpenSearchHttp http, String stream, String callId) {
        refresh(http, stream);
        OpenSearchHttp.Response res = http.post(
                "/" + stream + "/_search",
                "{\"size\":1000,\"query\":{\"term\":{\"call_id\":\"" + callId + "\"}},\"sort\":[{\"seq\":\"asc\"}]}");
        if (res.status() == 404) {
            return List.of();
        }
        assertThat(res.ok()).as(res.toString()).isTrue();
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue h : parse(res.body()).getJsonObject("hits").getJsonArray("hits")) {
            out.add(h.asJsonObject().getJsonObject("_source"));
        }
        return out;
    }

    private static void refresh(OpenSearchHttp http, String stream) {
        http.post("/" + stream + "/_refresh", "");
    }

    static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }

    /**
     * Sent, indexed (documents, copies included), duplicates (copies beyond the first, of an id or of a number) and
     * lost (numbers {@code 0 .. sent-1} not found).
     */
    record Tally(long sent, long indexed, long duplicates, long lost) {
        static Tally of(long sent, List<Long> numbers, long documents) {
            long distinctNumbers = numbers.stream().distinct().count();
            long lost = sent
                    - numbers.stream()
                            .filter(n -> n >= 0 && n < sent)
                            .distinct()
                            .count();
            return new Tally(sent, documents, documents - distinctNumbers, lost);
        }

        static Tally read(OpenSearchHttp http, String stream, String callId, long sent) {
            return of(sent, numbers(http, stream, callId), countCall(http, stream, callId));
        }

        /**
         * The promise when the node was killed or answered too late: no event is missing without being counted
         * (dropped or dead-lettered). An event counted may still have been indexed only if it was in a request that got
         * no answer (a timeout, a connection reset: the node may have indexed it before it died or answered), and could
         * then neither be sent again nor kept (a full spool, retries used up): such an event is in doubt, and the
         * appender counts it as lost rather than risk a silent loss. So the events counted but indexed are at most the
         * failed requests' events.
         *
         * @param counted events counted as dropped or dead-lettered
         * @param failedRequests requests that failed as a whole (no answer, or 429/5xx)
         * @param batchMaxEvents most events in one request
         * @return the events counted as lost that were indexed after all (in doubt)
         */
        long assertEveryLossCounted(long counted, long failedRequests, int batchMaxEvents) {
            assertThat(lost)
                    .as("events not indexed (%d) are all counted as lost (%d)", lost, counted)
                    .isLessThanOrEqualTo(counted);
            assertThat(counted - lost)
                    .as("events counted as lost but indexed: at most those of the %d failed requests", failedRequests)
                    .isLessThanOrEqualTo(failedRequests * batchMaxEvents);
            return counted - lost;
        }

        Figures into(Figures f) {
            return f.put("sent", sent)
                    .put("indexed", indexed)
                    .put("duplicates", duplicates)
                    .put("lost", lost);
        }
    }
}
