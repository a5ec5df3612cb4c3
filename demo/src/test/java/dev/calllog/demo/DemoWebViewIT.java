package dev.calllog.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.catalog.EventCatalog;
import dev.calllog.core.catalog.Level;
import dev.calllog.demo.CallSimulator.LoggedEvent;
import dev.calllog.demo.TrafficSimulator.CallPlan;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import dev.calllog.testsupport.browser.HeadlessChromium;
import dev.calllog.testsupport.browser.HeadlessChromium.Tab;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web view in a real browser (headless Chromium), on the demo's calls in a real node: {@code calllog ui} started
 * as a user starts it, pages loaded, links followed and the search form submitted as a person would, and what the
 * page shows read from its DOM. Skipped when no Chromium is installed.
 */
@WithOpenSearch
class DemoWebViewIT {
    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final EventCatalog CATALOG = EventCatalog.builtIn();
    private static final Map<Integer, String> OUTCOMES =
            Map.of(1001, "completed", 1002, "transferred", 1003, "failed", 1004, "completed", 1005, "completed");

    /** A call id a browser would run as markup if it were not escaped. */
    static final String HOSTILE_ID =
            "call-<script>document.title='owned'</script>\"><img src=x " + "onerror=\"document.title='owned'\">";

    private static DemoCalls calls;
    private static OpenSearchNode node;
    private static HeadlessChromium browser;
    private static WebView demoView;

    @BeforeAll
    static void start(OpenSearchNode shared) throws Exception {
        node = shared;
        calls = DemoCalls.load(node);
        browser = HeadlessChromium.startOrSkip();
        demoView = new WebView(calls.url(), calls.dataStream());
    }

    @AfterAll
    static void stop() throws Exception {
        if (demoView != null) {
            demoView.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    // ---- reading pages

    private static List<List<String>> rows(Tab tab, String table) throws IOException {
        JsonValue value = tab.evaluate("[...document.querySelectorAll('table." + table + " tbody tr')]"
                + ".map(tr => [...tr.cells].map(td => td.textContent))");
        List<List<String>> rows = new ArrayList<>();
        for (JsonValue row : value.asJsonArray()) {
            rows.add(row.asJsonArray().getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString)
                    .toList());
        }
        return rows;
    }

    private static String text(Tab tab, String expression) throws IOException {
        JsonValue value = tab.evaluate(expression);
        return value instanceof JsonString s ? s.getString() : String.valueOf(value);
    }

    private static int count(Tab tab, String selector) throws IOException {
        return Integer.parseInt(text(tab, "document.querySelectorAll(" + quote(selector) + ").length"));
    }

    private static String quote(String s) {
        return Json.createValue(s).toString();
    }

    /** What the page reported that a user would see as a problem: errors and policy violations. */
    private static List<String> problems(Tab tab) {
        return tab.console().stream()
                .filter(l -> l.startsWith("error") || l.contains("Content Security Policy"))
                .toList();
    }

    // ---- the demo's calls

    @Test
    void theCallListShowsTheDemosCallsLatestFirst() throws IOException {
        Tab tab = browser.open(demoView.url(), 1400, 900);
        assertThat(text(tab, "document.title")).isEqualTo("Calls · Call log");
        List<List<String>> expected = new ArrayList<>();
        for (int n = 1005; n >= 1001; n--) {
            List<LoggedEvent> events = calls.of(calls.simulator().callId(n));
            Instant first = calls.instantOf(events.get(0)).truncatedTo(ChronoUnit.MILLIS);
            Instant last = calls.instantOf(events.get(events.size() - 1)).truncatedTo(ChronoUnit.MILLIS);
            long ms = Duration.between(first, last).toMillis();
            assertThat(ms).as("the demo's calls last less than a second").isLessThan(1000);
            Level worst = events.stream()
                    .map(LoggedEvent::level)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            expected.add(List.of(
                    calls.simulator().callId(n),
                    events.get(0).agentId(),
                    DAY_TIME.format(first),
                    ms + " ms",
                    worst.name(),
                    String.valueOf(events.size()),
                    OUTCOMES.get(n)));
        }
        assertThat(rows(tab, "calls")).containsExactlyElementsOf(expected);
        assertThat(problems(tab)).isEmpty();
        tab.close();
    }

    @Test
    void theSearchFormNarrowsTheListByAgentAndLevel() throws IOException {
        Tab tab = browser.open(demoView.url(), 1400, 900);
        tab.andWaitForTheNextPage("document.querySelector('select[name=agent]').value = 'agent-support';"
                + "document.querySelector('select[name=level]').value = 'ERROR';"
                + "document.querySelector('form.search').submit()");
        assertThat(text(tab, "location.search")).isEqualTo("?call=&agent=agent-support&level=ERROR&since=");
        assertThat(rows(tab, "calls"))
                .extracting(row -> row.get(0))
                .containsExactly(calls.simulator().callId(CallSimulator.FAILED_CALL));
        // The form shows what was asked.
        assertThat(text(tab, "document.querySelector('select[name=agent]').value"))
                .isEqualTo("agent-support");
        assertThat(text(tab, "document.querySelector('select[name=level]').value"))
                .isEqualTo("ERROR");

        tab.andWaitForTheNextPage("document.querySelector('input[name=call]').value = '"
                + calls.simulator().callId(1002).substring(5).toUpperCase() + "';"
                + "document.querySelector('select[name=agent]').value = '';"
                + "document.querySelector('select[name=level]').value = '';"
                + "document.querySelector('form.search').submit()");
        assertThat(rows(tab, "calls"))
                .extracting(row -> row.get(0))
                .containsExactly(calls.simulator().callId(1002));
        tab.close();
    }

    @Test
    void theTimelineOfACallIsWhatOpenSearchHoldsInOrder() throws IOException {
        String callId = calls.simulator().callId(CallSimulator.FAILED_CALL);
        Tab tab = browser.open(demoView.url(), 1400, 900);
        tab.andWaitForTheNextPage("[...document.querySelectorAll('td.call-id a')]" + ".find(a => a.textContent === "
                + quote(callId) + ").click()");
        assertThat(text(tab, "document.querySelector('h1 .call-id').textContent"))
                .isEqualTo(callId);
        assertThat(text(tab, "document.querySelector('h1 .outcome').textContent"))
                .isEqualTo("failed");

        // What the node holds, in the order of the call-detail view.
        String query = "{\"size\":100,\"query\":{\"term\":{\"call_id\":" + quote(callId) + "}},"
                + "\"sort\":[{\"@timestamp\":\"asc\"},{\"seq\":\"asc\"}]}";
        List<JsonObject> held = new ArrayList<>();
        try (JsonReader reader = Json.createReader(new StringReader(
                node.http().post("/" + calls.dataStream() + "/_search", query).body()))) {
            for (JsonValue hit : reader.readObject().getJsonObject("hits").getJsonArray("hits")) {
                held.add(hit.asJsonObject().getJsonObject("_source"));
            }
        }
        assertThat(held).hasSize(calls.of(callId).size());

        JsonValue shown = tab.evaluate("[...document.querySelectorAll('table.timeline tbody tr')].map(tr => ({"
                + "timestamp: tr.cells[0].title, level: tr.cells[1].textContent, category: tr.cells[2].textContent,"
                + "event: tr.cells[3].textContent, message: tr.cells[4].textContent,"
                + "latency: tr.cells[5].textContent, data: tr.cells[6].textContent}))");
        assertThat(shown.asJsonArray()).hasSize(held.size());
        for (int i = 0; i < held.size(); i++) {
            JsonObject doc = held.get(i);
            JsonObject row = shown.asJsonArray().getJsonObject(i);
            assertThat(row.getString("timestamp")).as("row %d", i).isEqualTo(doc.getString("@timestamp"));
            assertThat(row.getString("level")).as("row %d", i).isEqualTo(doc.getString("level"));
            assertThat(row.getString("category")).as("row %d", i).isEqualTo(doc.getString("category"));
            assertThat(row.getString("event")).as("row %d", i).isEqualTo(doc.getString("event"));
            assertThat(row.getString("message")).as("row %d", i).isEqualTo(doc.getString("message", ""));
            JsonObject data = doc.containsKey("data") ? doc.getJsonObject("data") : JsonValue.EMPTY_JSON_OBJECT;
            if (data.isEmpty()) {
                assertThat(row.getString("data")).as("row %d", i).isEmpty();
            } else {
                try (JsonReader reader = Json.createReader(new StringReader(row.getString("data")))) {
                    assertThat(reader.readObject()).as("row %d", i).isEqualTo(data);
                }
            }
            assertThat(CATALOG.find(doc.getString("event")).category()).isEqualTo(doc.getString("category"));
        }
        assertThat(text(tab, "document.querySelector('dd.counts').textContent"))
                .isEqualTo("19: 14 INFO, 1 WARNING, 3 ERROR, 1 CRITICAL");
        // The demo logs each call in one trace (MDC trace_id) and no span: the trace once, in the summary.
        assertThat(held).extracting(doc -> doc.getString("trace_id")).containsOnly("trace-" + callId.substring(5));
        assertThat(text(tab, "document.querySelector('dd.trace').textContent"))
                .isEqualTo("trace-" + callId.substring(5));
        assertThat(count(tab, "table.timeline td.trace")).isZero();

        // The agent links back to the list of that agent's calls.
        tab.andWaitForTheNextPage("document.querySelector('dd.agent a').click()");
        assertThat(rows(tab, "calls"))
                .extracting(row -> row.get(1))
                .containsOnly("agent-support")
                .hasSize(2);
        assertThat(problems(tab)).isEmpty();
        tab.close();
    }

    @Test
    void markupInACallIdAMessageOrAnAgentIsShownAsText() throws Exception {
        String stream = "calllog-hostile";
        StringBuilder bulk = new StringBuilder();
        String[][] events = {
            {"2026-11-23T18:50:00.000Z", "recording_started", "lifecycle", "<b>bold</b> & <i>not</i>", "<i>t1</i>"},
            {"2026-11-23T18:50:01.000Z", "call_completed", "lifecycle", "</td></tr></table><script>x()</script>", "t2"}
        };
        for (String[] e : events) {
            bulk.append("{\"create\":{}}\n")
                    .append(Json.createObjectBuilder()
                            .add("@timestamp", e[0])
                            .add("call_id", HOSTILE_ID)
                            .add("agent_id", "agent-<u>x</u>")
                            .add("level", "INFO")
                            .add("severity", 9)
                            .add("category", e[2])
                            .add("event", e[1])
                            .add("message", e[3])
                            .add("trace_id", e[4])
                            .add("span_id", "<b>s</b>")
                            .add("data", Json.createObjectBuilder().add("html", "<svg onload=alert(1)>"))
                            .build())
                    .append('\n');
        }
        assertThat(node.http()
                        .bulk("/" + stream + "/_bulk?refresh=true", bulk.toString())
                        .body())
                .contains("\"errors\":false");

        try (WebView view = new WebView(calls.url(), stream)) {
            Tab tab = browser.open(view.url(), 1400, 900);
            assertThat(text(tab, "document.querySelector('td.call-id').textContent"))
                    .isEqualTo(HOSTILE_ID);
            assertThat(text(tab, "document.querySelector('td.agent').textContent"))
                    .isEqualTo("agent-<u>x</u>");
            assertThat(count(tab, "script, img, svg, u")).isZero();
            assertThat(text(tab, "document.title")).isEqualTo("Calls · Call log");

            tab.andWaitForTheNextPage("document.querySelector('td.call-id a').click()");
            assertThat(text(tab, "document.querySelector('h1 .call-id').textContent"))
                    .isEqualTo(HOSTILE_ID);
            assertThat(text(tab, "document.title")).isEqualTo("Call " + HOSTILE_ID + " · Call log");
            assertThat(rows(tab, "timeline"))
                    .extracting(row -> row.get(4))
                    .containsExactly("<b>bold</b> & <i>not</i>", "</td></tr></table><script>x()</script>");
            assertThat(rows(tab, "timeline"))
                    .extracting(row -> row.get(6))
                    .containsOnly("{\"html\":\"<svg onload=alert(1)>\"}");
            // Two traces in one call: each event shows its own beside its span, as text.
            assertThat(count(tab, "dd.trace")).isZero();
            assertThat(rows(tab, "timeline"))
                    .extracting(row -> row.get(7))
                    .containsExactly("trace <i>t1</i> span <b>s</b>", "trace t2 span <b>s</b>");
            assertThat(count(tab, "script, img, svg, b, i, u")).isZero();
            assertThat(text(tab, "location.search"))
                    .isEqualTo("?id=" + URLEncoder.encode(HOSTILE_ID, StandardCharsets.UTF_8));
            assertThat(problems(tab)).isEmpty();
            tab.close();
        }
    }

    // ---- many calls over time, and the screenshots of the README

    @Test
    void manyCallsOverTimeWithTheirResponseLatenciesAndScreenshots() throws Exception {
        ManyCalls many = ManyCalls.load(node);
        try (WebView view = new WebView(many.url(), many.dataStream())) {
            Tab tab = browser.open(view.url() + "?last=25", 1400, 900);
            assertThat(rows(tab, "calls")).hasSize(25);
            tab.screenshot(Path.of("target", "web-view", "web-view-calls.png"), 1400);

            // A call of the burst that the agent survived: a turn waits for three timed-out lookups.
            CallPlan burst = many.plans().stream()
                    .filter(p -> p.inBurst()
                            && p.outcome().equals("completed")
                            && p.responseLatencies().size() > 3)
                    .findFirst()
                    .orElseThrow();
            tab.navigate(view.url() + "call?id=" + URLEncoder.encode(burst.callId(), StandardCharsets.UTF_8));
            List<String> latencies = rows(tab, "timeline").stream()
                    .map(row -> row.get(5))
                    .filter(s -> !s.isEmpty())
                    .toList();
            assertThat(latencies)
                    .containsExactlyElementsOf(burst.responseLatencies().stream()
                            .map(d -> d.toMillis() + " ms")
                            .toList());
            assertThat(burst.responseLatencies()).anySatisfy(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(15)));
            tab.screenshot(Path.of("target", "web-view", "web-view-timeline.png"), 1600);
            assertThat(problems(tab)).isEmpty();
            tab.close();
        }
    }
}
