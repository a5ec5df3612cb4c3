package dev.calllog.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.cli.CallLogCli;
import dev.calllog.demo.TrafficSimulator.CallPlan;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The response latency of each turn, read back from a real node: what the simulation planned for every call, and the
 * right value when events arrive late or out of order.
 */
@WithOpenSearch
class DemoLatencyIT {
    private static final Pattern TURN = Pattern.compile("^ {14}response latency ([0-9]+) ms$", Pattern.MULTILINE);
    private static final Pattern SUMMARY = Pattern.compile(
            "^  response latency p50 ([0-9]+) ms, p95 ([0-9]+) ms over ([0-9]+) turns?$", Pattern.MULTILINE);

    private static ManyCalls many;
    private static String url;

    @BeforeAll
    static void logTheCalls(OpenSearchNode node) throws Exception {
        many = ManyCalls.load(node);
        url = node.url();
    }

    private static String timeline(String dataStream, String callId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CallLogCli.standard()
                .run(
                        List.of("timeline", callId, "--color", "never", "--url", url, "--data-stream", dataStream),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as("timeline %s: %s", callId, err).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<Long> turns(String timeline) {
        List<Long> turns = new ArrayList<>();
        Matcher m = TURN.matcher(timeline);
        while (m.find()) {
            turns.add(Long.parseLong(m.group(1)));
        }
        return turns;
    }

    private static long nearestRank(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
    }

    @Test
    void everyTurnOfEverySimulatedCallShowsTheLatencyThatWasPlanned() {
        int turns = 0;
        for (CallPlan plan : many.plans()) {
            String timeline = timeline(many.dataStream(), plan.callId());
            List<Long> planned =
                    plan.responseLatencies().stream().map(Duration::toMillis).toList();
            assertThat(turns(timeline)).as(plan.callId()).containsExactlyElementsOf(planned);
            Matcher summary = SUMMARY.matcher(timeline);
            if (planned.isEmpty()) {
                assertThat(summary.find()).as(plan.callId()).isFalse();
                continue;
            }
            assertThat(summary.find()).as(timeline).isTrue();
            assertThat(Long.parseLong(summary.group(1))).isEqualTo(nearestRank(planned, 50));
            assertThat(Long.parseLong(summary.group(2))).isEqualTo(nearestRank(planned, 95));
            assertThat(Integer.parseInt(summary.group(3))).isEqualTo(planned.size());
            turns += planned.size();
        }
        assertThat(turns).as("turns checked").isGreaterThan(200);
        // The burst shows: the turns that waited for three timed-out lookups take more than 15 s.
        assertThat(many.plans().stream()
                        .filter(CallPlan::inBurst)
                        .flatMap(p -> p.responseLatencies().stream())
                        .anyMatch(d -> d.compareTo(Duration.ofSeconds(15)) > 0))
                .isTrue();
    }

    @Test
    void aLateOrOutOfOrderEventTakesItsPlaceAtTheNextRead(OpenSearchNode node) {
        String stream = "calllog-late";
        Instant t0 = Instant.parse("2026-01-02T10:00:00Z");
        // Three turns: the contact stops, the agent starts 640, 1340 and 905 ms later.
        String[][] events = {
            {"0", "user_stopped_speaking"},
            {"640", "agent_started_speaking"},
            {"5000", "user_started_speaking"},
            {"7000", "user_stopped_speaking"},
            {"8340", "agent_started_speaking"},
            {"12000", "user_started_speaking"},
            {"13000", "user_stopped_speaking"},
            {"13905", "agent_started_speaking"}
        };
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            documents.add(Json.createObjectBuilder()
                    .add(
                            "@timestamp",
                            t0.plusMillis(Long.parseLong(events[i][0])).toString())
                    .add("seq", i)
                    .add("call_id", "call-late")
                    .add("level", "INFO")
                    .add("category", events[i][1].startsWith("user") ? "user" : "agent")
                    .add("event", events[i][1])
                    .build()
                    .toString());
        }
        // The second turn's "stopped speaking" comes late (another service logged it); the rest arrives shuffled.
        String late = documents.remove(3);
        Collections.shuffle(documents, new Random(7));
        assertThat(node.http()
                        .bulk("/" + stream + "/_bulk?refresh=true", bulk(documents))
                        .body())
                .contains("\"errors\":false");
        assertThat(turns(timeline(stream, "call-late"))).containsExactly(640L, 905L);

        assertThat(node.http()
                        .bulk("/" + stream + "/_bulk?refresh=true", bulk(List.of(late)))
                        .body())
                .contains("\"errors\":false");
        String timeline = timeline(stream, "call-late");
        assertThat(turns(timeline)).containsExactly(640L, 1340L, 905L);
        assertThat(timeline).contains("  response latency p50 905 ms, p95 1340 ms over 3 turns\n");
    }

    private static String bulk(List<String> documents) {
        StringBuilder bulk = new StringBuilder();
        for (String d : documents) {
            bulk.append("{\"create\":{}}\n").append(d).append('\n');
        }
        return bulk.toString();
    }
}
