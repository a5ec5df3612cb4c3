package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** Reads what the appender indexed, in timeline order. */
final class NodeQueries {
    private NodeQueries() {}

    /** The documents of one call in {@code @timestamp}, {@code seq} order; {@code callId} null means all. */
    static List<JsonObject> search(OpenSearchNode node, String dataStream, String callId) {
        OpenSearchHttp http = new OpenSearchHttp(node.url());
        assertThat(http.post("/" + dataStream + "/_refresh", "").ok()).isTrue();
        String query = callId == null ? "{\"match_all\":{}}" : "{\"term\":{\"call_id\":\"" + callId + "\"}}";
        OpenSearchHttp.Response res = http.post(
                "/" + dataStream + "/_search",
                "{\"size\":10000,\"query\":" + query + ",\"sort\":[{\"@timestamp\":\"asc\"},{\"seq\":\"asc\"}]}");
        assertThat(res.ok()).as(res.toString()).isTrue();
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue hit : parse(res.body()).getJsonObject("hits").getJsonArray("hits")) {
            out.add(hit.asJsonObject().getJsonObject("_source"));
        }
        return out;
    }

    /** Every document of the data stream, paged with {@code search_after} on the unique {@code event_id}. */
    static List<JsonObject> all(OpenSearchNode node, String dataStream) {
        OpenSearchHttp http = new OpenSearchHttp(node.url());
        assertThat(http.post("/" + dataStream + "/_refresh", "").ok()).isTrue();
        List<JsonObject> out = new ArrayList<>();
        String after = null;
        while (true) {
            OpenSearchHttp.Response res = http.post(
                    "/" + dataStream + "/_search",
                    "{\"size\":5000,\"query\":{\"match_all\":{}},\"sort\":[{\"event_id\":\"asc\"}]"
                            + (after == null ? "" : ",\"search_after\":[\"" + after + "\"]")
                            + "}");
            assertThat(res.ok()).as(res.toString()).isTrue();
            var hits = parse(res.body()).getJsonObject("hits").getJsonArray("hits");
            if (hits.isEmpty()) {
                return out;
            }
            for (JsonValue hit : hits) {
                JsonObject source = hit.asJsonObject().getJsonObject("_source");
                out.add(source);
                after = source.getString("event_id");
            }
        }
    }

    static long count(OpenSearchNode node, String dataStream) {
        OpenSearchHttp http = new OpenSearchHttp(node.url());
        assertThat(http.post("/" + dataStream + "/_refresh", "").ok()).isTrue();
        return parse(http.get("/" + dataStream + "/_count").body())
                .getJsonNumber("count")
                .longValue();
    }

    private static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }
}
