package dev.calllog.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.calllog.core.catalog.EventCatalog;
import dev.calllog.core.catalog.Level;
import dev.calllog.demo.CallSimulator.LoggedEvent;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import dev.calllog.testsupport.savedobjects.FieldUse;
import dev.calllog.testsupport.savedobjects.SavedObjectQuery;
import dev.calllog.testsupport.savedobjects.SavedObjects;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every panel of the saved dashboards, run on a real node loaded with the demo's calls: the query each visualization
 * and saved search implies (its own query, the dashboard's, the time range and its aggregations) gives the rows the
 * demo's own data predicts. Call-detail panels run with the query the call id link puts in the dashboard's URL.
 */
@WithOpenSearch
class DemoDashboardsIT {
    private static final SavedObjects OBJECTS =
            SavedObjects.fromClasspath("dev/calllog/dashboards/calllog-dashboards.ndjson");
    private static final SavedObjectQuery QUERIES = new SavedObjectQuery(OBJECTS, "@timestamp");
    private static final EventCatalog CATALOG = EventCatalog.builtIn();

    private static DemoCalls calls;
    private static OpenSearchHttp http;
    private static Instant from;
    private static Instant to;
    private static String failedCall;

    @BeforeAll
    static void logTheDemosCalls(OpenSearchNode node) throws Exception {
        calls = DemoCalls.load(node);
        http = node.http();
        from = calls.instants().get(0).minus(Duration.ofMinutes(1));
        to = calls.instants().get(calls.instants().size() - 1).plus(Duration.ofMinutes(1));
        failedCall = calls.simulator().callId(CallSimulator.FAILED_CALL);
    }

    // ---- what the panels run

    /** The query the call id link opens the call-detail dashboard with. */
    private static String callQuery(String callId) {
        return "call_id:\"" + callId + "\"";
    }

    private static JsonObject search(JsonObject body) {
        OpenSearchHttp.Response response = http.post("/calllog-*/_search", body.toString());
        assertThat(response.ok()).as("%s answered %s", body, response).isTrue();
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static List<List<Object>> rows(String visualization, String dashboardQuery) {
        return QUERIES.rows(visualization, search(QUERIES.visualization(visualization, dashboardQuery, from, to)));
    }

    private static List<LoggedEvent> logged(Predicate<LoggedEvent> which) {
        return calls.logged().stream().filter(which).toList();
    }

    private static Predicate<LoggedEvent> event(String... codes) {
        Set<String> set = Set.of(codes);
        return e -> set.contains(e.code());
    }

    private static double millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    }

    // ---- the mapping of a real node

    private static Map<String, JsonObject> fieldCaps() {
        OpenSearchHttp.Response response = http.get("/calllog-*/_field_caps?fields=*");
        assertThat(response.ok()).as(response.toString()).isTrue();
        Map<String, JsonObject> caps = new HashMap<>();
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            reader.readObject().getJsonObject("fields").forEach((field, types) -> {
                assertThat(types.asJsonObject()).as("one type for %s", field).hasSize(1);
                caps.put(field, types.asJsonObject().values().iterator().next().asJsonObject());
            });
        }
        return caps;
    }

    private static boolean measuresMapped() {
        return fieldCaps().containsKey("measures.latency_ms");
    }

    private static List<String> problems(boolean measures) {
        Map<String, JsonObject> caps = fieldCaps();
        List<String> problems = new ArrayList<>();
        for (FieldUse use : OBJECTS.fieldUses()) {
            if (use.field().startsWith("measures.") != measures) {
                continue;
            }
            JsonObject cap = caps.get(use.field());
            if (cap == null) {
                problems.add(use.where() + ": " + use.field() + " is not in the mapping");
            } else if (!use.use().allows(cap.getString("type"), cap.getBoolean("aggregatable"))) {
                problems.add(use.where() + ": " + use.field() + " " + cap + " cannot be used for " + use.use());
            }
        }
        return problems;
    }

    @Test
    void everyFieldUsedIsInTheInstalledMappingWithATypeThatAllowsItsUse() {
        assertThat(problems(false)).isEmpty();
    }

    @Test
    void everyMeasureUsedIsAnAggregatableNumberOnTheNode() {
        assumeTrue(measuresMapped(), "the installed template maps measures");
        assertThat(problems(true)).isEmpty();
    }

    // ---- Calls overview

    @Test
    void totals() {
        assertThat(rows("calllog-overview-totals", ""))
                .containsExactly(List.of(5.0, (double) calls.logged().size(), 2.0));
    }

    @Test
    void callsAndEventsOverTime() {
        // Per minute (the interval "auto" gets here): the calls with events in it, and the events.
        Map<Instant, List<LoggedEvent>> perMinute = new TreeMap<>();
        calls.logged().forEach(e -> perMinute
                .computeIfAbsent(calls.instantOf(e).truncatedTo(ChronoUnit.MINUTES), k -> new ArrayList<>())
                .add(e));
        List<List<Object>> expected = new ArrayList<>();
        perMinute.forEach((minute, events) -> expected.add(List.of(
                minute,
                (double) events.stream().map(LoggedEvent::callId).distinct().count(),
                (double) events.size())));
        assertThat(rows("calllog-calls-over-time", "").stream()
                        .map(r -> List.of(Instant.parse((String) r.get(0)), r.get(1), r.get(2)))
                        .toList())
                .isEqualTo(expected);
    }

    @Test
    void errorAndCriticalOverTime() {
        Map<List<Object>, Double> expected = new HashMap<>();
        logged(e -> e.level() == Level.ERROR || e.level() == Level.CRITICAL)
                .forEach(e -> expected.merge(
                        List.of(
                                calls.instantOf(e).truncatedTo(ChronoUnit.MINUTES),
                                e.level().name()),
                        1.0,
                        Double::sum));
        assertThat(expected.keySet()).extracting(k -> k.get(1)).contains("ERROR", "CRITICAL");
        Map<List<Object>, Double> actual = new HashMap<>();
        rows("calllog-errors-over-time", "")
                .forEach(r -> actual.put(List.of(Instant.parse((String) r.get(0)), r.get(1)), (Double) r.get(2)));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theFailedCallShowsUpWithItsAgentAndMessage() {
        LoggedEvent failed = logged(event("call_failed")).get(0);
        assertThat(failed.callId()).isEqualTo(failedCall);
        assertThat(rows("calllog-failed-calls", ""))
                .containsExactly(
                        List.of(failedCall, failed.agentId(), failed.message(), millis(calls.instantOf(failed))));
    }

    @Test
    void failingToolsIntegrationsAndWebhooks() {
        // One row per event and tool, integration, webhook and destination it names ("-" for none), as labels.
        Map<List<Object>, List<LoggedEvent>> expected = logged(event(
                        "transfer_tool_failed",
                        "integration_tool_failed",
                        "webhook_response_failed",
                        "webhook_retry_exhausted"))
                .stream()
                .collect(Collectors.groupingBy(
                        e -> List.of(
                                e.code(),
                                label(e, "tool"),
                                label(e, "integration"),
                                label(e, "webhook"),
                                label(e, "destination")),
                        LinkedHashMap::new,
                        Collectors.toList()));
        List<List<Object>> expectedRows = new ArrayList<>();
        expected.forEach((key, events) -> {
            List<Object> row = new ArrayList<>(key);
            row.add((double) events.size());
            row.add((double) events.stream().map(LoggedEvent::callId).distinct().count());
            expectedRows.add(row);
        });
        // The demo's failing integration, webhook (twice, in one call) and transfer destination.
        assertThat(expectedRows)
                .containsExactlyInAnyOrder(
                        List.of("integration_tool_failed", "crm_lookup", "-", "-", "-", 1.0, 1.0),
                        List.of("webhook_response_failed", "-", "-", "call_events", "-", 1.0, 1.0),
                        List.of("webhook_retry_exhausted", "-", "-", "call_events", "-", 1.0, 1.0),
                        List.of("transfer_tool_failed", "-", "-", "-", "sales_queue", 1.0, 1.0));
        assertThat(rows("calllog-failing-tools", "")).containsExactlyInAnyOrderElementsOf(expectedRows);
    }

    /** What a label column shows for {@code key}: the value logged (the demo logs names as strings), or "-". */
    private static String label(LoggedEvent e, String key) {
        Object v = e.data().get(key);
        return v == null ? "-" : (String) v;
    }

    @Test
    void transferOutcomes() {
        Map<String, String> labels = Map.of(
                "Dialing", "human_participant_dialing",
                "Answered", "human_participant_answered",
                "Disconnected", "human_participant_disconnected",
                "Completed", "transfer_completed",
                "Failed", "transfer_tool_failed");
        List<List<Object>> expected = new ArrayList<>();
        labels.forEach((label, code) ->
                expected.add(List.of(label, (double) logged(event(code)).size())));
        assertThat(expected).allMatch(r -> (Double) r.get(1) > 0);
        assertThat(rows("calllog-transfer-outcomes", "")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void interruptionsPerCall() {
        Map<String, Long> perCall = logged(event("agent_interrupted")).stream()
                .collect(Collectors.groupingBy(LoggedEvent::callId, Collectors.counting()));
        assertThat(perCall).hasSize(2);
        List<List<Object>> expected = perCall.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> List.<Object>of(e.getKey(), (double) e.getValue()))
                .toList();
        assertThat(rows("calllog-interruptions", "")).isEqualTo(expected);
    }

    @Test
    void agentResponseLatencyPercentiles() {
        assumeTrue(measuresMapped(), "the installed template maps measures");
        double[] latencies = logged(e -> e.data().containsKey("latency_ms")).stream()
                .mapToDouble(e -> ((Number) e.data().get("latency_ms")).doubleValue())
                .sorted()
                .toArray();
        assertThat(latencies).hasSize(13);
        List<List<Object>> rows = rows("calllog-latency-percentiles", "");
        assertThat(rows).hasSize(1);
        double[] percents = {50, 90, 99};
        for (int i = 0; i < percents.length; i++) {
            assertThat((Double) rows.get(0).get(i))
                    .as("p%s of %s", percents[i], Arrays.toString(latencies))
                    .isCloseTo(tDigestPercentile(latencies, percents[i]), within(1e-6));
        }
    }

    @Test
    void agentResponseLatencyByAgentOverTime() {
        assumeTrue(measuresMapped(), "the installed template maps measures");
        // Per minute (the interval "auto" gets here) and agent: the average of the latencies logged.
        Map<List<Object>, double[]> sums = new HashMap<>();
        logged(e -> e.data().containsKey("latency_ms"))
                .forEach(e -> sums.merge(
                        List.of(calls.instantOf(e).truncatedTo(ChronoUnit.MINUTES), e.agentId()),
                        new double[] {((Number) e.data().get("latency_ms")).doubleValue(), 1},
                        (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]}));
        Map<List<Object>, Double> expected = new HashMap<>();
        sums.forEach((key, sum) -> expected.put(key, sum[0] / sum[1]));
        assertThat(expected.keySet()).extracting(k -> k.get(1)).hasSizeGreaterThan(1);
        Map<List<Object>, Double> actual = new HashMap<>();
        rows("calllog-latency-by-agent", "")
                .forEach(r -> actual.put(List.of(Instant.parse((String) r.get(0)), r.get(1)), (Double) r.get(2)));
        assertThat(actual).containsOnlyKeys(expected.keySet());
        expected.forEach((key, avg) -> assertThat(actual.get(key)).as("%s", key).isCloseTo(avg, within(1e-6)));
    }

    /**
     * The percentile OpenSearch's t-digest gives while every value is its own centroid, which holds for fewer values
     * than its compression (100): linear interpolation between the sorted values at position {@code q * n - 0.5},
     * clamped to the smallest and largest value. (13 values: p50 is the 7th value, p90 lies between the 12th and 13th,
     * p99 is the largest.)
     */
    static double tDigestPercentile(double[] sorted, double percent) {
        double position = percent / 100 * sorted.length - 0.5;
        if (position <= 0) {
            return sorted[0];
        }
        if (position >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        int below = (int) Math.floor(position);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
    }

    @Test
    void errorsSearchListsEveryWarningErrorAndCriticalLatestFirst() {
        List<String> expected = new ArrayList<>();
        logged(e -> e.level().compareTo(Level.WARNING) >= 0).forEach(e -> expected.add(0, e.callId() + " " + e.code()));
        assertThat(expected).hasSizeGreaterThan(5);
        JsonObject answer = search(QUERIES.search("calllog-errors", "", from, to, 500));
        List<String> actual = new ArrayList<>();
        for (JsonValue hit : answer.getJsonObject("hits").getJsonArray("hits")) {
            JsonObject source = hit.asJsonObject().getJsonObject("_source");
            actual.add(source.getString("call_id") + " " + source.getString("event"));
        }
        assertThat(actual).isEqualTo(expected);
    }

    // ---- Call detail, opened on the failed call

    @Test
    void callTimelineIsTheCallsEventsInOrder() {
        JsonObject answer = search(QUERIES.search("calllog-call-timeline", callQuery(failedCall), from, to, 500));
        List<String> actual = new ArrayList<>();
        for (JsonValue hit : answer.getJsonObject("hits").getJsonArray("hits")) {
            JsonObject source = hit.asJsonObject().getJsonObject("_source");
            actual.add(source.getString("level") + " " + source.getString("category") + " " + source.getString("event")
                    + " " + source.getString("message") + " " + source.getJsonObject("data"));
        }
        List<String> expected = calls.of(failedCall).stream()
                .map(e -> e.level() + " " + CATALOG.find(e.code()).category() + " " + e.code() + " " + e.message() + " "
                        + Json.createObjectBuilder(e.data()).build())
                .toList();
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void callEventsByLevelAndCategory() {
        Map<String, Double> levels = new HashMap<>();
        Map<String, Double> categories = new HashMap<>();
        for (LoggedEvent e : calls.of(failedCall)) {
            levels.merge(e.level().name(), 1.0, Double::sum);
            categories.merge(CATALOG.find(e.code()).category(), 1.0, Double::sum);
        }
        assertThat(levels).containsOnlyKeys("INFO", "WARNING", "ERROR", "CRITICAL");
        assertThat(toMap(rows("calllog-call-levels", callQuery(failedCall)))).isEqualTo(levels);
        assertThat(toMap(rows("calllog-call-categories", callQuery(failedCall))))
                .isEqualTo(categories);
    }

    private static Map<String, Double> toMap(List<List<Object>> rows) {
        Map<String, Double> map = new HashMap<>();
        rows.forEach(r -> map.put((String) r.get(0), (Double) r.get(1)));
        return map;
    }

    @Test
    void callDurationOfEveryCall() {
        assumeTrue(measuresMapped(), "the installed template maps measures");
        for (String callId : calls.callIds()) {
            LoggedEvent end = calls.of(callId).stream()
                    .filter(event("call_completed", "call_failed"))
                    .findFirst()
                    .orElseThrow();
            double seconds = ((Number) end.data().get("duration_s")).doubleValue();
            assertThat(rows("calllog-call-duration", callQuery(callId))).containsExactly(List.of(seconds));
        }
    }

    @Test
    void agentResponseLatencyByTurnOfTheCall() {
        assumeTrue(measuresMapped(), "the installed template maps measures");
        List<List<Object>> expected = new ArrayList<>();
        for (LoggedEvent e : calls.of(failedCall)) {
            if (e.data().containsKey("latency_ms")) {
                expected.add(List.of(
                        e.turnId(),
                        e.code(),
                        ((Number) e.data().get("latency_ms")).doubleValue(),
                        millis(calls.instantOf(e))));
            }
        }
        assertThat(expected).hasSize(2);
        assertThat(rows("calllog-call-latency", callQuery(failedCall))).isEqualTo(expected);
    }

    @Test
    void toolIntegrationAndWebhookDurationsOfTheCall() {
        assumeTrue(measuresMapped(), "the installed template maps measures");
        List<List<Object>> expected = new ArrayList<>();
        for (LoggedEvent e : calls.of(failedCall)) {
            Set<String> timed = Set.of("tools", "integrations", "webhooks");
            if (e.data().containsKey("duration_ms")
                    && timed.contains(CATALOG.find(e.code()).category())) {
                Object status = e.data().get("http_status");
                expected.add(Arrays.asList(
                        e.code(),
                        1.0,
                        ((Number) e.data().get("duration_ms")).doubleValue(),
                        status == null ? null : ((Number) status).doubleValue()));
            }
        }
        assertThat(expected).hasSize(2);
        assertThat(rows("calllog-call-durations", callQuery(failedCall))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyVisualizationAndSearchIsCheckedHere() {
        // A new panel needs its expectations above.
        assertThat(OBJECTS.ofType("visualization").stream().map(o -> o.getString("id")))
                .containsExactlyInAnyOrder(
                        "calllog-call-duration",
                        "calllog-call-levels",
                        "calllog-call-categories",
                        "calllog-call-latency",
                        "calllog-call-durations",
                        "calllog-overview-totals",
                        "calllog-calls-over-time",
                        "calllog-errors-over-time",
                        "calllog-failed-calls",
                        "calllog-failing-tools",
                        "calllog-transfer-outcomes",
                        "calllog-latency-percentiles",
                        "calllog-latency-by-agent",
                        "calllog-interruptions");
        assertThat(OBJECTS.ofType("search").stream().map(o -> o.getString("id")))
                .containsExactlyInAnyOrder("calllog-errors", "calllog-call-timeline");
    }
}
