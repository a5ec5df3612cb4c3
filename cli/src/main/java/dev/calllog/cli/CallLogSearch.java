package dev.calllog.cli;

import dev.calllog.core.catalog.EventCodes;
import dev.calllog.core.catalog.Level;
import dev.calllog.core.transport.BulkTransport;
import dev.calllog.core.transport.HttpResult;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads call-log documents back from OpenSearch: one call's timeline, and a summary of recent calls. Queries go through
 * the core transport, so reading uses the same URLs, credentials and trust store as writing.
 */
public final class CallLogSearch {
    /** Documents fetched per request while reading a timeline. */
    static final int PAGE_SIZE = 1000;

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final Pattern SINCE = Pattern.compile("[1-9][0-9]{0,8}[smhdw]");

    private final BulkTransport transport;
    private final String index;

    /**
     * @param transport where to send the searches
     * @param index the data stream, index or pattern to read (e.g. {@code calllog-events} or {@code calllog-*})
     */
    public CallLogSearch(BulkTransport transport, String index) {
        this.transport = transport;
        this.index = index;
    }

    /** How a call ended, as far as its events tell. */
    public enum Outcome {
        /** It has a {@code call_failed} event. */
        FAILED("failed"),
        /** It was handed to a human: a {@code transfer_completed} event, and no {@code call_failed}. */
        TRANSFERRED("transferred"),
        /** It has a {@code call_completed} event and none of the above. */
        COMPLETED("completed"),
        /** None of the above yet. */
        IN_PROGRESS("in progress");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** The word the terminal view prints. */
        public String label() {
            return label;
        }

        /** The outcome of a call whose events include the given codes. */
        public static Outcome of(boolean failed, boolean transferred, boolean completed) {
            return failed ? FAILED : transferred ? TRANSFERRED : completed ? COMPLETED : IN_PROGRESS;
        }
    }

    /**
     * One call, summarised.
     *
     * @param callId the call's id
     * @param agentId the agent that handled it, or null when its events carry none
     * @param lastEvent when its latest event happened (millisecond precision)
     * @param events how many events it has
     * @param levels how many events it has per level (levels without events are absent)
     * @param outcome how it ended
     */
    public record CallSummary(
            String callId, String agentId, Instant lastEvent, long events, Map<Level, Long> levels, Outcome outcome) {
        public CallSummary {
            levels = Map.copyOf(levels);
        }

        /** The number of events of {@code level}. */
        public long count(Level level) {
            return levels.getOrDefault(level, 0L);
        }
    }

    /** Whether {@code period} is a period {@link #recentCalls} accepts: {@code 30m}, {@code 1h}, {@code 2d}... */
    public static boolean isPeriod(String period) {
        return SINCE.matcher(period).matches();
    }

    /** Makes every document written so far visible to searches. */
    public void refresh() throws IOException {
        check(transport.send("POST", "/" + index + "/_refresh"), "refresh");
    }

    /**
     * Every event of one call, in the order they happened: by {@code @timestamp}, then by {@code seq}. Long calls are
     * read page by page.
     *
     * @return the documents' sources; empty when the call has no events
     * @throws IOException when OpenSearch cannot be reached or refuses the search
     */
    public List<JsonObject> timeline(String callId) throws IOException {
        List<JsonObject> events = new ArrayList<>();
        JsonArray after = null;
        while (true) {
            JsonObjectBuilder query = Json.createObjectBuilder()
                    .add("size", PAGE_SIZE)
                    .add("track_total_hits", false)
                    .add("query", object("term", object("call_id", callId)))
                    .add(
                            "sort",
                            Json.createArrayBuilder()
                                    .add(object("@timestamp", "asc"))
                                    .add(object("seq", "asc")));
            if (after != null) {
                query.add("search_after", after);
            }
            JsonArray hits = search(query.build()).getJsonObject("hits").getJsonArray("hits");
            for (JsonValue hit : hits) {
                events.add(hit.asJsonObject().getJsonObject("_source"));
            }
            if (hits.size() < PAGE_SIZE) {
                return events;
            }
            after = hits.getJsonObject(hits.size() - 1).getJsonArray("sort");
        }
    }

    /**
     * The calls with the most recent activity, latest first.
     *
     * @param last how many calls, at most
     * @param since only calls with events in this last period, e.g. {@code 30m}, {@code 1h}, {@code 2d} (units
     *     {@code s m h d w}); null for no limit
     * @throws IllegalArgumentException when {@code since} is not such a period
     * @throws IOException when OpenSearch cannot be reached or refuses the search
     */
    public List<CallSummary> recentCalls(int last, String since) throws IOException {
        JsonObjectBuilder query = Json.createObjectBuilder().add("size", 0);
        if (since != null) {
            if (!isPeriod(since)) {
                throw new IllegalArgumentException(
                        "'" + since + "' is not a period such as 30m, 1h or 2d (units: s, m, h, d, w)");
            }
            query.add("query", object("range", object("@timestamp", object("gte", "now-" + since))));
        }
        JsonObjectBuilder outcomes = Json.createObjectBuilder()
                .add("failed", object("term", object("event", EventCodes.CALL_FAILED)))
                .add("transferred", object("term", object("event", EventCodes.TRANSFER_COMPLETED)))
                .add("completed", object("term", object("event", EventCodes.CALL_COMPLETED)));
        JsonObjectBuilder perCall = Json.createObjectBuilder()
                .add("last", object("max", object("field", "@timestamp")))
                .add("last_seq", object("max", object("field", "seq")))
                .add("agent", object("terms", object("field", "agent_id").add("size", 1)))
                .add("levels", object("terms", object("field", "level").add("size", 10)))
                .add("outcome", object("filters", object("filters", outcomes)));
        // Latest activity first; the per-JVM sequence number breaks ties within one millisecond.
        JsonObjectBuilder calls = Json.createObjectBuilder()
                .add(
                        "terms",
                        object("field", "call_id")
                                .add("size", last)
                                .add(
                                        "order",
                                        Json.createArrayBuilder()
                                                .add(object("last", "desc"))
                                                .add(object("last_seq", "desc"))))
                .add("aggs", perCall);
        query.add("aggs", object("calls", calls));

        JsonArray buckets = search(query.build())
                .getJsonObject("aggregations")
                .getJsonObject("calls")
                .getJsonArray("buckets");
        List<CallSummary> summaries = new ArrayList<>();
        for (JsonValue value : buckets) {
            JsonObject bucket = value.asJsonObject();
            JsonArray agents = bucket.getJsonObject("agent").getJsonArray("buckets");
            Map<Level, Long> levels = new EnumMap<>(Level.class);
            for (JsonValue l : bucket.getJsonObject("levels").getJsonArray("buckets")) {
                Level level = Level.parse(l.asJsonObject().getString("key"));
                if (level != null) {
                    levels.put(level, docCount(l.asJsonObject()));
                }
            }
            JsonObject outcome = bucket.getJsonObject("outcome").getJsonObject("buckets");
            summaries.add(new CallSummary(
                    bucket.getString("key"),
                    agents.isEmpty() ? null : agents.getJsonObject(0).getString("key"),
                    Instant.ofEpochMilli(
                            bucket.getJsonObject("last").getJsonNumber("value").longValue()),
                    docCount(bucket),
                    levels,
                    Outcome.of(
                            docCount(outcome.getJsonObject("failed")) > 0,
                            docCount(outcome.getJsonObject("transferred")) > 0,
                            docCount(outcome.getJsonObject("completed")) > 0)));
        }
        return summaries;
    }

    private static JsonObjectBuilder object(String key, String value) {
        return Json.createObjectBuilder().add(key, value);
    }

    private static JsonObjectBuilder object(String key, JsonObjectBuilder value) {
        return Json.createObjectBuilder().add(key, value);
    }

    private static long docCount(JsonObject bucket) {
        JsonNumber n = bucket.getJsonNumber("doc_count");
        return n == null ? 0 : n.longValue();
    }

    private JsonObject search(JsonObject query) throws IOException {
        byte[] body = query.toString().getBytes(StandardCharsets.UTF_8);
        HttpResult result = transport.send("POST", "/" + index + "/_search", body, 0, body.length, JSON);
        check(result, "search");
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(result.body()))) {
            return reader.readObject();
        } catch (JsonParsingException e) {
            throw new IOException("the " + index + " search answered with something that is not JSON", e);
        }
    }

    private void check(HttpResult result, String what) throws IOException {
        if (result.status() == 404) {
            throw new IOException("'" + index + "' does not exist: no call-log events were written there yet");
        }
        if (!result.isSuccess()) {
            throw new IOException(
                    what + " of '" + index + "' answered " + result.status() + ": " + result.errorText(300));
        }
    }
}
