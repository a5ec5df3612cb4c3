package dev.calllog.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.cli.CallLogCli;
import dev.calllog.core.catalog.EventCatalog;
import dev.calllog.core.catalog.Level;
import dev.calllog.demo.CallSimulator.LoggedEvent;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The terminal view prints exactly what the demo logged, in order, read back from a real node. */
@WithOpenSearch
class DemoTimelineIT {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final EventCatalog CATALOG = EventCatalog.builtIn();

    /** How each of the demo's calls ends. */
    private static final Map<Integer, String> OUTCOMES =
            Map.of(1001, "completed", 1002, "transferred", 1003, "failed", 1004, "completed", 1005, "completed");

    private static DemoCalls calls;

    @BeforeAll
    static void logTheDemosCalls(OpenSearchNode node) throws Exception {
        calls = DemoCalls.load(node);
    }

    private record Run(int code, String out, String err) {}

    private static Run calllog(String... args) {
        return calllogOn(calls.dataStream(), args);
    }

    private static Run calllogOn(String dataStream, String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--url", calls.url(), "--data-stream", dataStream));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CallLogCli.standard()
                .run(
                        line,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The timeline as the call-detail view must show it, written from what the simulator logged. */
    private static String expectedTimeline(int n, boolean withData) {
        String callId = calls.simulator().callId(n);
        List<LoggedEvent> events = calls.of(callId);
        Instant first = calls.instantOf(events.get(0));
        Instant last = calls.instantOf(events.get(events.size() - 1));
        Map<Level, Integer> levels = new EnumMap<>(Level.class);
        events.forEach(e -> levels.merge(e.level(), 1, Integer::sum));
        StringJoiner counts = new StringJoiner(", ");
        levels.forEach((level, count) -> counts.add(count + " " + level));

        StringBuilder text = new StringBuilder()
                .append("Call ")
                .append(callId)
                .append(": ")
                .append(OUTCOMES.get(n))
                .append('\n')
                .append("  agent ")
                .append(events.get(0).agentId())
                .append(", account ")
                .append(events.get(0).accountId())
                .append('\n')
                .append("  ")
                .append(events.size())
                .append(" events from ")
                .append(DAY_TIME.format(first))
                .append(" to ")
                .append(
                        first.truncatedTo(ChronoUnit.DAYS).equals(last.truncatedTo(ChronoUnit.DAYS))
                                ? TIME.format(last)
                                : DAY_TIME.format(last))
                .append(" UTC: ")
                .append(counts)
                .append('\n');
        Map<LoggedEvent, Long> latencies = responseLatencies(events);
        if (!latencies.isEmpty()) {
            List<Long> sorted = latencies.values().stream().sorted().toList();
            text.append(String.format(
                    "  response latency p50 %d ms, p95 %d ms over %d turn%s%n",
                    sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1),
                    sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1),
                    sorted.size(),
                    sorted.size() == 1 ? "" : "s"));
        }
        text.append('\n').append("TIME          LEVEL     CATEGORY      EVENT                           MESSAGE\n");
        for (LoggedEvent e : events) {
            text.append(String.format(
                    "%s  %-8s  %-12s  %-30s  %s%n",
                    TIME.format(calls.instantOf(e)),
                    e.level(),
                    CATALOG.find(e.code()).category(),
                    e.code(),
                    e.message()));
            if (latencies.containsKey(e)) {
                text.append("              response latency ")
                        .append(latencies.get(e))
                        .append(" ms\n");
            }
            if (withData && !e.data().isEmpty()) {
                text.append("              data ")
                        .append(Json.createObjectBuilder(e.data()).build())
                        .append('\n');
            }
        }
        return text.toString();
    }

    /**
     * Each agent start that answers the contact, with the whole milliseconds since the contact last stopped speaking
     * (a contact who starts speaking again has not stopped).
     */
    private static Map<LoggedEvent, Long> responseLatencies(List<LoggedEvent> events) {
        Map<LoggedEvent, Long> latencies = new java.util.IdentityHashMap<>();
        Instant stopped = null;
        for (LoggedEvent e : events) {
            switch (e.code()) {
                case "user_started_speaking" -> stopped = null;
                case "user_stopped_speaking" -> stopped = calls.instantOf(e);
                case "agent_started_speaking" -> {
                    if (stopped != null) {
                        java.time.Duration d = java.time.Duration.between(stopped, calls.instantOf(e));
                        latencies.put(e, Math.round(d.toNanos() / 1_000_000.0));
                        stopped = null;
                    }
                }
                default -> {}
            }
        }
        return latencies;
    }

    @Test
    void timelineOfEveryCallIsWhatTheDemoLoggedInOrder() {
        for (int n = 1001; n <= 1005; n++) {
            Run run = calllog("timeline", calls.simulator().callId(n), "--color", "never");
            assertThat(run.err()).isEmpty();
            assertThat(run.code()).isZero();
            assertThat(run.out()).as("call %d", n).isEqualTo(expectedTimeline(n, false));
        }
    }

    @Test
    void dataOnDemandIsTheEventsKeyValuesAsLogged() {
        Run run =
                calllog("timeline", calls.simulator().callId(CallSimulator.FAILED_CALL), "--data", "--color", "never");
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(expectedTimeline(CallSimulator.FAILED_CALL, true));
        assertThat(run.out())
                .contains("              data {\"tool\":\"crm_lookup\",\"duration_ms\":5003,"
                        + "\"error\":{\"type\":\"SocketTimeoutException\",\"message\":\"Read timed out\"}}\n");
    }

    @Test
    void colourMarksLevelsAndNothingElse() {
        Run run =
                calllog("timeline", calls.simulator().callId(CallSimulator.FAILED_CALL), "--data", "--color", "always");
        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("  \u001b[1;37;41mCRITICAL\u001b[0m  lifecycle     call_failed")
                .contains("  \u001b[33mWARNING\u001b[0m   webhooks");
        assertThat(run.out().replaceAll("\u001b\\[[0-9;]*m", ""))
                .isEqualTo(expectedTimeline(CallSimulator.FAILED_CALL, true));
    }

    @Test
    void anUnknownCallIsReported() {
        Run run = calllog("timeline", "call-that-never-was");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("calllog timeline: no events for call 'call-that-never-was' in 'calllog-demo'\n");
    }

    @Test
    void callsListsTheDemosCallsLatestFirstWithOutcomeAndProblemCounts() {
        Run run = calllog("calls", "--last", "5", "--since", "1d", "--color", "never");
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0).split(" {2,}"))
                .containsExactly(
                        "LAST EVENT (UTC)", "CALL", "OUTCOME", "EVENTS", "WARNING", "ERROR", "CRITICAL", "AGENT");
        List<List<String>> expected = new ArrayList<>();
        for (int n = 1005; n >= 1001; n--) {
            List<LoggedEvent> events = calls.of(calls.simulator().callId(n));
            Instant last = calls.instantOf(events.get(events.size() - 1));
            expected.add(List.of(
                    DAY_TIME.format(last),
                    calls.simulator().callId(n),
                    OUTCOMES.get(n),
                    String.valueOf(events.size()),
                    count(events, Level.WARNING),
                    count(events, Level.ERROR),
                    count(events, Level.CRITICAL),
                    events.get(0).agentId()));
        }
        assertThat(lines.subList(1, lines.size()).stream().map(l -> List.of(l.split(" {2,}"))))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aLongCallIsReadPageByPageInOrder(OpenSearchNode node) {
        // 1,203 events, seven per millisecond, indexed in shuffled order: the order comes from the node's sort, and
        // the page boundary falls inside a millisecond, where seq decides.
        int events = 1203;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(42));
        Instant start = Instant.parse("2026-01-01T10:00:00.000001Z");
        StringBuilder bulk = new StringBuilder();
        for (int i : order) {
            bulk.append("{\"create\":{}}\n")
                    .append(Json.createObjectBuilder()
                            .add("@timestamp", start.plusMillis(i / 7).toString())
                            .add("seq", i)
                            .add("call_id", "call-long")
                            .add("level", "INFO")
                            .add("category", "user")
                            .add("event", "user_message_received")
                            .add("message", "turn " + i)
                            .build())
                    .append('\n');
        }
        assertThat(node.http()
                        .bulk("/calllog-long/_bulk?refresh=true", bulk.toString())
                        .body())
                .contains("\"errors\":false");

        Run run = calllogOn("calllog-long", "timeline", "call-long", "--color", "never");
        assertThat(run.code()).isZero();
        List<String> rows =
                run.out().lines().dropWhile(l -> !l.startsWith("TIME")).skip(1).toList();
        assertThat(rows).hasSize(events);
        for (int i = 0; i < events; i++) {
            assertThat(rows.get(i)).as("row %d", i).endsWith("  turn " + i);
        }
    }

    private static String count(List<LoggedEvent> events, Level level) {
        return String.valueOf(events.stream().filter(e -> e.level() == level).count());
    }
}
