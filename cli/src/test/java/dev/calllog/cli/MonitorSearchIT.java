package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.CallLogEngine;
import dev.calllog.core.config.CallLogConfig;
import dev.calllog.core.mapping.SourceLevel;
import dev.calllog.core.setup.AssetManifest;
import dev.calllog.core.setup.AssetManifest.Asset;
import dev.calllog.core.setup.AssetParameters;
import dev.calllog.core.status.StatusSink;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.WithOpenSearch;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs every monitor's search input against seeded call logs on a real node, as the Alerting plugin would at the end of
 * a period ({@code {{period_end}}} filled in with the period's end in epoch milliseconds), and evaluates its trigger
 * condition on the answer, to assert which alerts would fire. The node has no Alerting plugin (nor Painless): the
 * conditions are read with the strict patterns below, which also pin the answer paths they use.
 */
@WithOpenSearch
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorSearchIT {
    /** The end of the period the monitors look at; no other test writes events near it. */
    private static final Instant PERIOD_END = Instant.parse("2030-01-01T00:00:00Z");

    private static final Pattern QUERY_LEVEL = Pattern.compile("ctx\\.results\\[0]\\.hits\\.total\\.value > ([0-9]+)");
    private static final Pattern BUCKET_LEVEL = Pattern.compile("params\\._count > ([0-9]+)");

    private final OpenSearchHttp http;
    private final AssetManifest manifest;

    MonitorSearchIT(OpenSearchHttp http) throws Exception {
        this.http = http;
        this.manifest = AssetManifest.load();
    }

    @BeforeAll
    void seed() {
        http.delete("/_data_stream/calllog-monitors");
        List<SeedEvent> events = new ArrayList<>();
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
        // ERROR before the window.
        for (int i = 0; i < 5; i++) {
            events.add(error(360, "a1", "acme"));
        }
        // Levels the monitors do not count.
        for (int i = 0; i < 4; i++) {
            events.add(new SeedEvent(SourceLevel.WARN, "webhook_response_failed", at(10), "c-warn", "a1", "acme"));
        }
        for (int i = 0; i < 10; i++) {
            events.add(new SeedEvent(SourceLevel.INFO, "call_completed", at(20), "c-info", "a1", "acme"));
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

    private static SeedEvent critical(int secondsBefore, String agent, String account) {
        return new SeedEvent(SourceLevel.ERROR, "call_failed", at(secondsBefore), "c-" + secondsBefore, agent, account);
    }

    private static SeedEvent error(int secondsBefore, String agent, String account) {
        return new SeedEvent(
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
                .replace("{{period_end}}", Long.toString(PERIOD_END.toEpochMilli()));
        OpenSearchHttp.Response answer = http.post("/" + indices + "/_search", query);
        assertThat(answer.ok()).as(answer.toString()).isTrue();
        JsonObject result = FakeCluster.parse(answer.body());

        JsonObject trigger = m.getJsonArray("triggers").getJsonObject(0);
        if (m.getString("monitor_type").equals("query_level_monitor")) {
            String source = trigger.getJsonObject("query_level_trigger")
                    .getJsonObject("condition")
                    .getJsonObject("script")
                    .getString("source");
            Matcher c = QUERY_LEVEL.matcher(source);
            assertThat(c.matches()).as(source).isTrue();
            // ctx.results[0] is the search answer.
            int value = result.getJsonObject("hits").getJsonObject("total").getInt("value");
            assertThat(result.getJsonObject("hits").getJsonObject("total").getString("relation"))
                    .isEqualTo("eq");
            return new Run(value, value > Integer.parseInt(c.group(1)));
        }
        JsonObject condition = trigger.getJsonObject("bucket_level_trigger").getJsonObject("condition");
        Matcher c = BUCKET_LEVEL.matcher(condition.getJsonObject("script").getString("source"));
        assertThat(c.matches()).isTrue();
        assertThat(condition.getJsonObject("buckets_path").getString("_count")).isEqualTo("_count");
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
            int count = bucket.getInt("doc_count"); // params._count, as buckets_path {"_count": "_count"} says
            counts.put(key, count);
            if (count > Integer.parseInt(c.group(1))) {
                fired.add(key);
            }
        }
        return new Run(counts, fired);
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
        assertThat(run("calllog-error-rate", thresholds(0, 5))).isEqualTo(new Run(14, true));
        assertThat(run("calllog-error-rate", thresholds(0, 13))).isEqualTo(new Run(14, true));
        assertThat(run("calllog-error-rate", thresholds(0, 14))).isEqualTo(new Run(14, false));
    }

    @Test
    void perAgentTheBucketsOverTheThresholdFire() throws Exception {
        Map<String, Integer> counts = Map.of("a1", 8, "a2", 4, "a3", 2);
        assertThat(run("calllog-error-rate-by-agent", thresholds(0, 5))).isEqualTo(new Run(counts, List.of("a1")));
        assertThat(run("calllog-error-rate-by-agent", thresholds(0, 3)))
                .isEqualTo(new Run(counts, List.of("a1", "a2")));
        assertThat(run("calllog-error-rate-by-agent", thresholds(0, 8))).isEqualTo(new Run(counts, List.of()));
    }

    @Test
    void perAccountTheBucketsOverTheThresholdFire() throws Exception {
        // a3's events have no account: they are in no bucket.
        Map<String, Integer> counts = Map.of("acme", 8, "globex", 4);
        assertThat(run("calllog-error-rate-by-account", thresholds(0, 5))).isEqualTo(new Run(counts, List.of("acme")));
        assertThat(run("calllog-error-rate-by-account", thresholds(0, 3)))
                .isEqualTo(new Run(counts, List.of("acme", "globex")));
    }
}
