package dev.calllog.cli;

import dev.calllog.core.catalog.EventCodes;
import dev.calllog.core.catalog.Level;
import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.HttpResult;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
     * @param firstEvent when its earliest event happened (millisecond precision)
     * @param lastEvent when its latest event happened (millisecond precision)
     * @param events how many events it has
     * @param levels how many events it has per level (levels without events are absent)
     * @param outcome how it ended
     */
    public record CallSummary(
            String callId,
            String agentId,
            Instant firstEvent,
            Instant lastEvent,
            long events,
            Map<Level, Long> levels,
            Outcome outcome) {
        public CallSummary {
            levels = Map.copyOf(levels);
        }

        /** The number of events of {@code level}. */
        public long count(Level level) {
            return levels.getOrDefault(level, 0L);
        }

        /** The most severe level among its events, or null when none has a known level. */
        public Level worstLevel() {
            Level worst = null;
            for (Level level : levels.keySet()) {
                worst = worst == null || level.compareTo(worst) > 0 ? level : worst;
            }
            return worst;
        }

        /** The time from its first event to its last. */
        public Duration duration() {
            return Duration.between(firstEvent, lastEvent);
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
        return timeline(callId, Integer.MAX_VALUE);
    }

    /**
     * The first {@code max} events of one call, in the order they happened (see {@link #timeline(String)}).
     *
     * @throws IOException when OpenSearch cannot be reached or refuses the search
     */
    public List<JsonObject> timeline(String callId, int max) throws IOException {
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
                if (events.size() == max) {
                    return events;
                }
                events.add(hit.asJsonObject().getJsonObject("_source"));
            }
            if (hits.size() < PAGE_SIZE || events.size() == max) {
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
        return calls(CallQuery.recent(last, since));
    }

    /**
     * The calls a query selects, latest activity first. When it asks for a level, the calls are found by their events
     * of that level or worse first, and then summarised from all their events (in the period, if one is given).
     *
     * @throws IOException when OpenSearch cannot be reached or refuses the search
     */
    public List<CallSummary> calls(CallQuery q) throws IOException {
        // Built objects, not builders: build() empties a builder, and the filters serve two searches.
        List<JsonObject> filters = new ArrayList<>();
        if (q.since() != null) {
            filters.add(object("range", object("@timestamp", object("gte", "now-" + q.since())))
                    .build());
        }
        if (q.callId() != null) {
            JsonObjectBuilder pattern =
                    object("value", "*" + wildcardLiteral(q.callId()) + "*").add("case_insensitive", true);
            filters.add(object("wildcard", object("call_id", pattern)).build());
        }
        if (q.agentId() != null) {
            filters.add(object("term", object("agent_id", q.agentId())).build());
        }
        if (q.level() != null) {
            List<JsonObject> withLevel = new ArrayList<>(filters);
            JsonObjectBuilder severity =
                    Json.createObjectBuilder().add("gte", q.level().severity());
            withLevel.add(object("range", object("severity", severity)).build());
            JsonObjectBuilder find = Json.createObjectBuilder().add("size", 0).add("query", all(withLevel));
            JsonObjectBuilder latest = Json.createObjectBuilder()
                    .add(
                            "terms",
                            object("field", "call_id").add("size", q.last()).add("order", object("last", "desc")))
                    .add("aggs", object("last", object("max", object("field", "@timestamp"))));
            find.add("aggs", object("calls", latest));
            JsonArrayBuilder ids = Json.createArrayBuilder();
            int found = 0;
            for (JsonValue b : search(find.build())
                    .getJsonObject("aggregations")
                    .getJsonObject("calls")
                    .getJsonArray("buckets")) {
                ids.add(b.asJsonObject().getString("key"));
                found++;
            }
            if (found == 0) {
                return List.of();
            }
            filters.add(object("terms", Json.createObjectBuilder().add("call_id", ids))
                    .build());
        }
        return summaries(filters, q.last());
    }

    /** The agents that have events (in the last {@code since}, when not null), by name; at most {@code max}. */
    public List<String> agents(String since, int max) throws IOException {
        JsonObjectBuilder query = Json.createObjectBuilder().add("size", 0);
        if (since != null) {
            query.add("query", object("range", object("@timestamp", object("gte", "now-" + CallQuery.period(since)))));
        }
        query.add(
                "aggs",
                object(
                        "agents",
                        object(
                                "terms",
                                object("field", "agent_id").add("size", max).add("order", object("_key", "asc")))));
        List<String> agents = new ArrayList<>();
        for (JsonValue b : search(query.build())
                .getJsonObject("aggregations")
                .getJsonObject("agents")
                .getJsonArray("buckets")) {
            agents.add(b.asJsonObject().getString("key"));
        }
        return agents;
    }

    private List<CallSummary> summaries(List<JsonObject> filters, int last) throws IOException {
        JsonObjectBuilder query = Json.createObjectBuilder().add("size", 0);
        if (!filters.isEmpty()) {
            query.add("query", all(filters));
        }
        JsonObjectBuilder outcomes = Json.createObjectBuilder()
                .add("failed", object("term", object("event", EventCodes.CALL_FAILED)))
                .add("transferred", object("term", object("event", EventCodes.TRANSFER_COMPLETED)))
                .add("completed", object("term", object("event", EventCodes.CALL_COMPLETED)));
        JsonObjectBuilder perCall = Json.createObjectBuilder()
                .add("first", object("min", object("field", "@timestamp")))
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
            Instant lastEvent = millis(bucket, "last");
            Instant firstEvent = bucket.containsKey("first") ? millis(bucket, "first") : lastEvent;
            summaries.add(new CallSummary(
                    bucket.getString("key"),
                    agents.isEmpty() ? null : agents.getJsonObject(0).getString("key"),
                    firstEvent,
                    lastEvent,
                    docCount(bucket),
                    levels,
                    Outcome.of(
                            docCount(outcome.getJsonObject("failed")) > 0,
                            docCount(outcome.getJsonObject("transferred")) > 0,
                            docCount(outcome.getJsonObject("completed")) > 0)));
        }
        return summaries;
    }

    private static Instant millis(JsonObject bucket, String metric) {
        return Instant.ofEpochMilli(
                bucket.getJsonObject(metric).getJsonNumber("value").longValue());
    }

    /** The one filter, or all of them in a {@code bool} filter. */
    private static JsonObject all(List<JsonObject> filters) {
        if (filters.size() == 1) {
            return filters.get(0);
        }
        JsonArrayBuilder array = Json.createArrayBuilder();
        filters.forEach(array::add);
        return object("bool", Json.createObjectBuilder().add("filter", array)).build();
    }

    /** The text with the characters a wildcard query treats specially ({@code * ? \}) escaped. */
    static String wildcardLiteral(String text) {
        StringBuilder b = new StringBuilder(text.length() + 4);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
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
