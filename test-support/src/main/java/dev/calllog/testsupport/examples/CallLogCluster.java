package dev.calllog.testsupport.examples;

import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The cluster an example writes to: the one at {@code OPENSEARCH_URL} (with {@code OPENSEARCH_USERNAME} and
 * {@code OPENSEARCH_PASSWORD}) when that variable is set, else a local node started through the harness. Reads the
 * documents back.
 */
public final class CallLogCluster implements AutoCloseable {
    /** The README's configurations write to this data stream. */
    public static final String DATA_STREAM = "calllog-events";

    private final OpenSearchNode node;
    private final String url;
    private final OpenSearchHttp http;

    private CallLogCluster(OpenSearchNode node, String url, OpenSearchHttp http) {
        this.node = node;
        this.url = url;
        this.http = http;
    }

    /** The cluster at {@code OPENSEARCH_URL}, or a local node, started now. */
    public static CallLogCluster start() {
        String url = System.getenv("OPENSEARCH_URL");
        if (url != null && !url.isBlank()) {
            String first = url.split(",")[0].trim();
            String user = System.getenv("OPENSEARCH_USERNAME");
            OpenSearchHttp http = new OpenSearchHttp(
                    first,
                    Duration.ofSeconds(60),
                    null,
                    user == null || user.isEmpty() ? null : user,
                    System.getenv("OPENSEARCH_PASSWORD"));
            return new CallLogCluster(null, url, http);
        }
        OpenSearchNode node = OpenSearchNode.builder().name("calllog-example").build();
        try {
            node.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return new CallLogCluster(node, node.url(), node.http());
    }

    /** What {@code OPENSEARCH_URL} must say for the application to write here. */
    public String url() {
        return url;
    }

    /** The user name to write with, empty for none. */
    public String username() {
        return nullToEmpty(System.getenv("OPENSEARCH_USERNAME"));
    }

    /** The password to write with, empty for none. */
    public String password() {
        return nullToEmpty(System.getenv("OPENSEARCH_PASSWORD"));
    }

    /** The environment that points the README's configurations at this cluster. */
    public Map<String, String> environment() {
        return Map.of("OPENSEARCH_URL", url, "OPENSEARCH_USERNAME", username(), "OPENSEARCH_PASSWORD", password());
    }

    /**
     * Every document whose call id starts with {@code prefix + "-"}, in the order the README promises is the logging
     * order: {@code @timestamp}, then {@code seq}.
     */
    public List<JsonObject> documents(String prefix) {
        OpenSearchHttp.Response refresh = http.post("/" + DATA_STREAM + "/_refresh", "");
        if (refresh.status() == 404) {
            return List.of(); // nothing was ever written
        }
        if (!refresh.ok()) {
            throw new IllegalStateException("refresh failed: " + refresh);
        }
        String query = Json.createObjectBuilder()
                .add("size", 1000)
                .add(
                        "query",
                        Json.createObjectBuilder()
                                .add("prefix", Json.createObjectBuilder().add("call_id", prefix + "-")))
                .add(
                        "sort",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("@timestamp", "asc"))
                                .add(Json.createObjectBuilder().add("seq", "asc")))
                .build()
                .toString();
        OpenSearchHttp.Response response = http.post("/" + DATA_STREAM + "/_search", query);
        if (!response.ok()) {
            throw new IllegalStateException("search failed: " + response);
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject().getJsonObject("hits").getJsonArray("hits").stream()
                    .map(JsonValue::asJsonObject)
                    .map(hit -> hit.getJsonObject("_source"))
                    .toList();
        }
    }

    /**
     * The documents of {@code prefix} once there are at least {@code count} of them, for an application that keeps
     * running while it ships; what there is after {@code timeout} otherwise.
     */
    public List<JsonObject> documents(String prefix, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonObject> docs = documents(prefix);
        while (docs.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(200); // polling a condition: the next search
            docs = documents(prefix);
        }
        return docs;
    }

    /** Keeps the local node's logs under {@code target/opensearch-logs} (for a failed run). */
    public void keepLogs() {
        if (node != null) {
            node.stop();
            System.err.println("OpenSearch logs kept in " + node.copyLogsTo(Path.of("target", "opensearch-logs")));
        }
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
