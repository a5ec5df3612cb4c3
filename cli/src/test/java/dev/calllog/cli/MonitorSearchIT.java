package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.CallLogEngine;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.SourceEvent;
import dev.calllog.core.internal.mapping.SourceLevel;
import dev.calllog.core.internal.mapping.TestSourceEvent;
import dev.calllog.core.internal.setup.AssetManifest;
import dev.calllog.core.internal.setup.AssetManifest.Asset;
import dev.calllog.core.internal.setup.AssetParameters;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.WithOpenSearch;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs every monitor's search input against seeded call logs on a real node, as the Alerting plugin would at the end of
 * a period ({@code {{period_end}}} filled in with the period's end in epoch milliseconds), and runs its trigger
 * condition on the real answer with the node's Painless ({@code _scripts/painless/_execute}), as the plugin would, to
 * assert which alerts fire: a query-level condition gets {@code ctx.results[0]} (the search answer), a bucket-level one
 * runs once per bucket of its {@code parent_bucket_path} with the {@code buckets_path} variables as {@code params}. The
 * Alerting plugin itself is not on Maven Central, so it cannot run here.
 *
 * <p>The data: a burst of ERROR and CRITICAL events of agent {@code a1} at account {@code acme} in the minutes before
 * {@link #PERIOD_END}, with fewer of other agents and accounts; and a quiet hour before {@link #QUIET_END}, with INFO
 * and WARNING events and a few errors.
 */
@WithOpenSearch
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorSearchIT {
    /** The end of the period the monitors look at; no other test writes events near it. */
    private static final Instant PERIOD_END = Instant.parse("2030-01-01T00:00:00Z");
    /** The end of a quiet period an hour earlier. */
    private static final Instant QUIET_END = PERIOD_END.minusSeconds(3600);

    private final OpenSearchHttp http;
    private final AssetManifest manifest;

    MonitorSearchIT(OpenSearchHttp http) throws Exception {
        this.http = http;
        this.manifest = AssetManifest.load();
    }

    @BeforeAll
    void seed() {
        http.delete("/_data_stream/calllog-monitors");
        List<SourceEvent> events = new ArrayList<>();
        // CRITICAL: two within the last two minutes, one within five, one older, one after the period.
        events.add(critical(30, "a1", "acme"));
        events.add(critical(90, "a2", "acme"));
        events.add(critical(150, "a1", "globex"));
        events.add(critical(400, "a1", "acme"));
        events.add(critical(-30, "a1", "acme"));
        // ERROR within five minutes: six of a1 at acme, three of a2 at globex, two of a3 without an account.
        for (int s : new int[] {60, 100, 140, 180, 220, 260}) {
            events.add(error(s, "a1", "acme"));
        }
        for (int i = 0; i < 3; i++) {
            events.add(error(120, "a2", "globex"));
        }
        events.add(error(270, "a3", null));
        events.add(error(270, "a3", null));
        // The burst: five more ERROR events of a1 at acme in the last minute.
        for (int i = 0; i < 5; i++) {
            events.add(error(45, "a1", "acme"));
        }
        // ERROR before the window.
        for (int i = 0; i < 5; i++) {
            events.add(error(360, "a1", "acme"));
        }
        // The quiet period: calls completing, a few warnings, two errors of a1 and one of a2; nothing CRITICAL.
        for (int s = 10; s < 3000; s += 100) {
            events.add(
                    seed(SourceLevel.INFO, "call_completed", QUIET_END.minusSeconds(s), "c-quiet-" + s, "a1", "acme"));
        }
        for (int s : new int[] {30, 200, 280}) {
            events.add(seed(
                    SourceLevel.WARN, "webhook_response_failed", QUIET_END.minusSeconds(s), "c-q", "a2", "globex"));
        }
        events.add(
                seed(SourceLevel.ERROR, "integration_tool_failed", QUIET_END.minusSeconds(40), "c-q1", "a1", "acme"));
        events.add(
                seed(SourceLevel.ERROR, "integration_tool_failed", QUIET_END.minusSeconds(100), "c-q2", "a1", "acme"));
        events.add(seed(
                SourceLevel.ERROR, "integration_tool_failed", QUIET_END.minusSeconds(250), "c-q3", "a2", "globex"));
        // Levels the monitors do not count.
        for (int i = 0; i < 4; i++) {
            events.add(seed(SourceLevel.WARN, "webhook_response_failed", at(10), "c-warn", "a1", "acme"));
        }
        for (int i = 0; i < 10; i++) {
            events.add(seed(SourceLevel.INFO, "call_completed", at(20), "c-info", "a1", "acme"));
        }

        CallLogConfig config = new CallLogConfig();
        config.addUrl(http.baseUrl());
        config.setDataStream("calllog-monitors");
        config.setLingerMillis(20);
        config.setDeadLetterFile("target/monitors-dead-letter.ndjson");
        try (CallLogEngine engine = new CallLogEngine(config, StatusSink.stderr())) {
            assertThat(engine.start()).isTrue();
            events.forEach(engine::append);
            assertThat(engine.flush(60_000)).isTrue();
            assertThat(engine.metrics().delivered()).isEqualTo(events.size());
        }
        assertThat(http.post("/calllog-monitors/_refresh", "").ok()).isTrue();
    }

    private static Instant at(int secondsBeforeTheEnd) {
        return PERIOD_END.minusSeconds(secondsBeforeTheEnd);
    }

    /** An event of a call at a chosen time, its message its event code, with the agent and account when given. */
    static SourceEvent seed(
            SourceLevel level, String eventCode, Instant time, String callId, String agentId, String accountId) {
        TestSourceEvent.Builder b =
                TestSourceEvent.call(eventCode, callId).level(level).time(time).message(eventCode);
        if (agentId != null) {
            b.mdc("agent_id", agentId);
        }
        if (accountId != null) {
            b.mdc("account_id", accountId);
        }
        return b.build();
    }

    private static SourceEvent critical(int secondsBefore, String agent, String account) {
        return seed(SourceLevel.ERROR, "call_failed", at(secondsBefore), "c-" + secondsBefore, agent, account);
    }

    private static SourceEvent error(int secondsBefore, String agent, String account) {
        return seed(
                SourceLevel.ERROR, "integration_tool_failed", at(secondsBefore), "c-" + secondsBefore, agent, account);
    }

    /**
     * What a monitor's run at the end of the period finds, and whether it fires.
     *
     * @param count the hit count, or each bucket's count by its key
     * @param fired whether the query-level trigger fires, or the keys of the buckets that fire
     */
    record Run(Object count, Object fired) {}

    private Run run(String monitor, AssetParameters parameters) throws Exception {
        return run(monitor, parameters, PERIOD_END);
    }

    private Run run(String monitor, AssetParameters parameters, Instant periodEnd) throws Exception {
        Asset asset = manifest.assets(AssetManifest.MONITOR).stream()
                .filter(a -> a.name().equals(monitor))
                .findFirst()
                .orElseThrow();
        JsonObject m = FakeCluster.parse(manifest.body(asset, parameters.placeholderValues()));
        JsonObject search = m.getJsonArray("inputs").getJsonObject(0).getJsonObject("search");
        String indices = search.getJsonArray("indices").stream()
                .map(v -> ((JsonString) v).getString())
                .collect(Collectors.joining(","));
        // As the Alerting plugin renders the query before running it.
        String query = search.getJsonObject("query")
                .toString()
                .replace("{{period_end}}", Long.toString(periodEnd.toEpochMilli()));
        OpenSearchHttp.Response answer = http.post("/" + indices + "/_search", query);
        assertThat(answer.ok()).as(answer.toString()).isTrue();
        JsonObject result = FakeCluster.parse(answer.body());

        JsonObject trigger = m.getJsonArray("triggers").getJsonObject(0);
        if (m.getString("monitor_type").equals("query_level_monitor")) {
            String source = trigger.getJsonObject("query_level_trigger")
                    .getJsonObject("condition")
                    .getJsonObject("script")
                    .getString("source");
            // The Alerting plugin binds the trigger's context as ctx; the execute API binds params only.
            JsonObject ctx = Json.createObjectBuilder()
                    .add("results", Json.createArrayBuilder().add(result))
                    .build();
            int value = result.getJsonObject("hits").getJsonObject("total").getInt("value");
            assertThat(result.getJsonObject("hits").getJsonObject("total").getString("relation"))
                    .isEqualTo("eq");
            return new Run(
                    value,
                    execute(
                            "def ctx = params.ctx;\n" + source,
                            Json.createObjectBuilder().add("ctx", ctx).build()));
        }
        JsonObject condition = trigger.getJsonObject("bucket_level_trigger").getJsonObject("condition");
        String source = condition.getJsonObject("script").getString("source");
        JsonObject bucketsPath = condition.getJsonObject("buckets_path");
        JsonObject aggregation =
                result.getJsonObject("aggregations").getJsonObject(condition.getString("parent_bucket_path"));
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> fired = new ArrayList<>();
        for (JsonValue b : aggregation.getJsonArray("buckets")) {
            JsonObject bucket = b.asJsonObject();
            String key = bucket.getJsonObject("key")
                    .values()
                    .iterator()
                    .next()
                    .toString()
                    .replace("\"", "");
            counts.put(key, bucket.getInt("doc_count"));
            // Each buckets_path variable is the bucket's value at that path; "_count" is its document count.
            JsonObjectBuilder params = Json.createObjectBuilder();
            for (Map.Entry<String, JsonValue> variable : bucketsPath.entrySet()) {
                String path = ((JsonString) variable.getValue()).getString();
                params.add(variable.getKey(), path.equals("_count") ? bucket.get("doc_count") : bucket.get(path));
            }
            if (execute(source, params.build())) {
                fired.add(key);
            }
        }
        return new Run(counts, fired);
    }

    /** Runs a trigger condition with the node's Painless; it must compile and return a boolean. */
    private boolean execute(String source, JsonObject params) {
        String request = Json.createObjectBuilder()
                .add(
                        "script",
                        Json.createObjectBuilder()
                                .add("lang", "painless")
                                .add("source", source)
                                .add("params", params))
                .build()
                .toString();
        OpenSearchHttp.Response answer = http.post("/_scripts/painless/_execute", request);
        assertThat(answer.ok()).as("Painless %s answered %s", source, answer).isTrue();
        String result = FakeCluster.parse(answer.body()).getString("result");
        assertThat(result).as(source).isIn("true", "false");
        return Boolean.parseBoolean(result);
    }

    private static AssetParameters thresholds(int critical, int error) {
        return AssetParameters.defaults().criticalThreshold(critical).errorThreshold(error);
    }

    @Test
    void criticalEventsOfTheLastIntervalAndAMinuteFireAtTheDefaultThreshold() throws Exception {
        assertThat(run("calllog-critical-events", AssetParameters.defaults())).isEqualTo(new Run(2, true));
        assertThat(run("calllog-critical-events", thresholds(2, 5))).isEqualTo(new Run(2, false));
        assertThat(run("calllog-critical-events", thresholds(1, 5))).isEqualTo(new Run(2, true));
        // A longer interval looks further back: the CRITICAL event 150 s before the end is then seen too.
        assertThat(run("calllog-critical-events", AssetParameters.defaults().monitorIntervalMinutes(2)))
                .isEqualTo(new Run(3, true));
    }

    @Test
    void errorAndCriticalEventsOfFiveMinutesFireOverTheThreshold() throws Exception {
        assertThat(run("calllog-error-rate", thresholds(0, 5))).isEqualTo(new Run(19, true));
        assertThat(run("calllog-error-rate", thresholds(0, 18))).isEqualTo(new Run(19, true));
        assertThat(run("calllog-error-rate", thresholds(0, 19))).isEqualTo(new Run(19, false));
    }

    @Test
    void perAgentTheBucketsOverTheThresholdFire() throws Exception {
        Map<String, Integer> counts = Map.of("a1", 13, "a2", 4, "a3", 2);
        assertThat(run("calllog-error-rate-by-agent", thresholds(0, 5))).isEqualTo(new Run(counts, List.of("a1")));
        assertThat(run("calllog-error-rate-by-agent", thresholds(0, 3)))
                .isEqualTo(new Run(counts, List.of("a1", "a2")));
        assertThat(run("calllog-error-rate-by-agent", thresholds(0, 13))).isEqualTo(new Run(counts, List.of()));
    }

    @Test
    void perAccountTheBucketsOverTheThresholdFire() throws Exception {
        // a3's events have no account: they are in no bucket.
        Map<String, Integer> counts = Map.of("acme", 13, "globex", 4);
        assertThat(run("calllog-error-rate-by-account", thresholds(0, 5))).isEqualTo(new Run(counts, List.of("acme")));
        assertThat(run("calllog-error-rate-by-account", thresholds(0, 3)))
                .isEqualTo(new Run(counts, List.of("acme", "globex")));
    }

    @Test
    void withTheDefaultsEveryMonitorFiresOnTheBurstForItsAgentAndAccountOnly() throws Exception {
        AssetParameters defaults = AssetParameters.defaults();
        assertThat(run("calllog-critical-events", defaults)).isEqualTo(new Run(2, true));
        assertThat(run("calllog-error-rate", defaults)).isEqualTo(new Run(19, true));
        assertThat(run("calllog-error-rate-by-agent", defaults))
                .isEqualTo(new Run(Map.of("a1", 13, "a2", 4, "a3", 2), List.of("a1")));
        assertThat(run("calllog-error-rate-by-account", defaults))
                .isEqualTo(new Run(Map.of("acme", 13, "globex", 4), List.of("acme")));
    }

    @Test
    void withTheDefaultsNoMonitorFiresInTheQuietPeriod() throws Exception {
        AssetParameters defaults = AssetParameters.defaults();
        assertThat(run("calllog-critical-events", defaults, QUIET_END)).isEqualTo(new Run(0, false));
        assertThat(run("calllog-error-rate", defaults, QUIET_END)).isEqualTo(new Run(3, false));
        assertThat(run("calllog-error-rate-by-agent", defaults, QUIET_END))
                .isEqualTo(new Run(Map.of("a1", 2, "a2", 1), List.of()));
        assertThat(run("calllog-error-rate-by-account", defaults, QUIET_END))
                .isEqualTo(new Run(Map.of("acme", 2, "globex", 1), List.of()));
    }

    @Test
    void aConditionThatDoesNotCompileIsCaught() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> execute("params._count >", JsonValue.EMPTY_JSON_OBJECT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("compile error");
    }
}
