package dev.calllog.demo;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads call-log documents back from OpenSearch: one call's timeline, and counts by a field. */
public final class CallLogReader {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String dataStream;
    private final String authorization;

    public CallLogReader(String baseUrl, String dataStream, String username, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.dataStream = dataStream;
        this.authorization = username == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((username + ":" + (password == null ? "" : password))
                                        .getBytes(StandardCharsets.UTF_8));
    }

    /** Makes what was written so far visible to search. */
    public void refresh() throws IOException, InterruptedException {
        send("POST", "/" + dataStream + "/_refresh", null);
    }

    /** One call's events, ordered by {@code @timestamp} then {@code seq}. */
    public List<JsonObject> timeline(String callId) throws IOException, InterruptedException {
        String query = "{\"size\":1000,\"query\":{\"term\":{\"call_id\":" + quote(callId) + "}},"
                + "\"sort\":[{\"@timestamp\":\"asc\"},{\"seq\":\"asc\"}]}";
        JsonObject res = send("POST", "/" + dataStream + "/_search", query);
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue hit : res.getJsonObject("hits").getJsonArray("hits")) {
            out.add(hit.asJsonObject().getJsonObject("_source"));
        }
        return out;
    }

    /** Number of documents per value of a keyword field, for the given call (or all calls when null). */
    public Map<String, Long> countBy(String field, String callId) throws IOException, InterruptedException {
        String filter = callId == null ? "{\"match_all\":{}}" : "{\"term\":{\"call_id\":" + quote(callId) + "}}";
        String query = "{\"size\":0,\"query\":" + filter + ",\"aggs\":{\"by\":{\"terms\":{\"field\":" + quote(field)
                + ",\"size\":100}}}}";
        JsonObject res = send("POST", "/" + dataStream + "/_search", query);
        Map<String, Long> out = new LinkedHashMap<>();
        JsonArray buckets =
                res.getJsonObject("aggregations").getJsonObject("by").getJsonArray("buckets");
        for (JsonValue b : buckets) {
            JsonObject o = b.asJsonObject();
            out.put(o.getString("key"), o.getJsonNumber("doc_count").longValue());
        }
        return out;
    }

    /** Number of documents of the data stream. */
    public long count() throws IOException, InterruptedException {
        return send("GET", "/" + dataStream + "/_count", null)
                .getJsonNumber("count")
                .longValue();
    }

    private JsonObject send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (res.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered " + res.statusCode() + ": " + res.body());
        }
        try (JsonReader r = Json.createReader(new StringReader(res.body()))) {
            return r.readObject();
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
