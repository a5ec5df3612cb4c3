package dev.calllog.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.cli.CallLogSearch.CallSummary;
import dev.calllog.cli.CallLogSearch.Outcome;
import dev.calllog.cli.CallQuery;
import dev.calllog.core.catalog.Level;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the web view answers, over real HTTP, with a reader standing in for OpenSearch; the browser test is the demo's. */
class UiServerTest {
    static final String HOSTILE = "<script>document.title='owned'</script>\"'&x";
    private static final String PASSWORD = "s3cret-Pa55";

    private final List<CallQuery> queries = new ArrayList<>();
    private IOException failure;
    private UiServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private final CallReader reader = new CallReader() {
        @Override
        public List<CallSummary> calls(CallQuery query) throws IOException {
            queries.add(query);
            if (failure != null) {
                throw failure;
            }
            return List.of(
                    new CallSummary(
                            HOSTILE,
                            "agent-<b>x</b>",
                            Instant.parse("2026-11-23T18:50:00Z"),
                            Instant.parse("2026-11-23T18:51:34.500Z"),
                            4,
                            Map.of(Level.INFO, 3L, Level.ERROR, 1L),
                            Outcome.FAILED),
                    new CallSummary(
                            "call-2",
                            null,
                            Instant.parse("2026-11-23T18:40:00Z"),
                            Instant.parse("2026-11-23T18:40:00.640Z"),
                            1,
                            Map.of(Level.INFO, 1L),
                            Outcome.IN_PROGRESS));
        }

        @Override
        public List<String> agents() {
            return List.of("agent-<b>x</b>", "agent-sales");
        }

        @Override
        public List<JsonObject> timeline(String callId, int max) throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (callId.equals("call-traced")) {
                // One trace for the call, a span per event (the first has none).
                return List.of(
                        doc(
                                "{\"@timestamp\":\"2026-11-23T18:50:00Z\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                                        + "\"level\":\"INFO\",\"category\":\"lifecycle\",\"event\":\"recording_started\"}"),
                        doc(
                                "{\"@timestamp\":\"2026-11-23T18:50:01Z\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                                        + "\"span_id\":\"00f067aa0ba902b7\",\"trace_flags\":\"01\",\"level\":\"INFO\","
                                        + "\"category\":\"agent\",\"event\":\"greeting_sent\"}"));
            }
            if (callId.equals("call-two-traces")) {
                return List.of(
                        doc("{\"@timestamp\":\"2026-11-23T18:50:00Z\",\"trace_id\":\"t-<b>1</b>\","
                                + "\"span_id\":\"s-<i>1</i>\",\"level\":\"INFO\",\"category\":\"lifecycle\","
                                + "\"event\":\"recording_started\"}"),
                        doc("{\"@timestamp\":\"2026-11-23T18:50:01Z\",\"trace_id\":\"t-2\",\"level\":\"INFO\","
                                + "\"category\":\"agent\",\"event\":\"greeting_sent\"}"),
                        doc("{\"@timestamp\":\"2026-11-23T18:50:02Z\",\"level\":\"INFO\",\"category\":\"agent\","
                                + "\"event\":\"agent_started_speaking\"}"));
            }
            if (!callId.equals(HOSTILE)) {
                return List.of();
            }
            return List.of(
                    doc("{\"@timestamp\":\"2026-11-23T18:50:00.000123Z\",\"call_id\":\"x\",\"agent_id\":\"a<i>\","
                            + "\"level\":\"INFO\",\"category\":\"user\",\"event\":\"user_stopped_speaking\","
                            + "\"message\":\"<img src=x onerror=alert(1)>\"}"),
                    doc("{\"@timestamp\":\"2026-11-23T18:50:00.640123Z\",\"level\":\"<b>LOUD</b>\","
                            + "\"category\":\"agent\",\"event\":\"agent_started_speaking\",\"message\":\"hi\","
                            + "\"data\":{\"html\":\"</code><script>x()</script>\"}}"));
        }
    };

    private static JsonObject doc(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @BeforeEach
    void start() throws IOException {
        server = UiServer.start(InetAddress.getLoopbackAddress(), 0, reader, "calllog-events", PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopbackAtTheUrlItGives() {
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void theCallListEscapesEverythingAndLinksEachCallToItsTimeline() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body())
                .doesNotContain("<script", "<b>")
                .contains("<td class=\"call-id\"><a href=\"/call?id=%3Cscript%3Edocument.title%3D%27owned%27"
                        + "%3C%2Fscript%3E%22%27%26x\">&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;"
                        + "&quot;&#39;&amp;x</a></td>")
                .contains(
                        "<td class=\"agent\"><a href=\"/?agent=agent-%3Cb%3Ex%3C%2Fb%3E\">agent-&lt;b&gt;x&lt;/b&gt;</a>")
                .contains("<td class=\"start\">2026-11-23 18:50:00.000</td>")
                .contains("<td class=\"duration num\">1 min 34 s</td>")
                .contains("<td class=\"worst\"><span class=\"level level-ERROR\">ERROR</span></td>")
                .contains("<td class=\"events num\">4</td>")
                .contains("<td class=\"outcome outcome-failed\">failed</td>")
                .contains("<td class=\"duration num\">640 ms</td>")
                .contains("<option value=\"agent-&lt;b&gt;x&lt;/b&gt;\">agent-&lt;b&gt;x&lt;/b&gt;</option>");
        assertThat(queries).containsExactly(CallQuery.recent(UiServer.DEFAULT_LAST, null));
    }

    @Test
    void theSearchFormAsksForWhatItShows() throws Exception {
        HttpResponse<String> page = get("/?call=+10%2A&agent=agent-sales&level=error&since=1h&last=5");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(queries).containsExactly(new CallQuery(5, "1h", "10*", "agent-sales", Level.ERROR));
        assertThat(page.body())
                .contains("name=\"call\" value=\"10*\"")
                .contains("<option value=\"agent-sales\" selected>agent-sales</option>")
                .contains("<option value=\"ERROR\" selected>ERROR or worse</option>")
                .contains("<option value=\"1h\" selected>1h</option>");
    }

    @Test
    void badSearchesAreExplainedNotFailed() throws Exception {
        for (String bad : List.of("/?level=LOUD", "/?since=yesterday", "/?last=0", "/?last=many")) {
            HttpResponse<String> page = get(bad);
            assertThat(page.statusCode()).as(bad).isEqualTo(400);
            assertThat(page.body()).as(bad).contains("<p class=\"problem\">");
        }
        assertThat(get("/?level=LOUD").body()).contains("&#39;LOUD&#39; is not a level");
        // An escape no browser would send (the JDK's client refuses to).
        assertThat(raw("/?call=%ZZ", "localhost")).startsWith("HTTP/1.1 400 ");
        assertThat(queries).isEmpty();
    }

    @Test
    void theTimelineShowsEachEventAsTextWithItsDataAndResponseLatency() throws Exception {
        HttpResponse<String> page = get("/call?id=" + Html.param(HOSTILE));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .doesNotContain("<script", "<img", "<b>", "<i>")
                .contains("<h1>Call <span class=\"call-id\">&lt;script&gt;document.title=&#39;owned&#39;")
                .contains("<td class=\"message\">&lt;img src=x onerror=alert(1)&gt;</td>")
                .contains("<span class=\"level level-other\">&lt;b&gt;LOUD&lt;/b&gt;</span>")
                .contains("<td class=\"latency num\">640 ms</td>")
                .contains("<code>{&quot;html&quot;:&quot;&lt;/code&gt;&lt;script&gt;x()&lt;/script&gt;&quot;}</code>")
                .contains("<dd class=\"latency-summary\">p50 640 ms, p95 640 ms over 1 turn</dd>")
                .contains("<td class=\"time\" title=\"2026-11-23T18:50:00.000123Z\">18:50:00.000</td>");
        // Events logged outside any trace: no trace in the summary, no trace column.
        assertThat(page.body()).doesNotContain("class=\"trace\"", "<th>Trace</th>");
    }

    @Test
    void aTraceTheEventsShareIsInTheSummaryAndEachSpanBesideItsEvent() throws Exception {
        HttpResponse<String> page = get("/call?id=call-traced");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<dt>Trace</dt><dd class=\"trace\">4bf92f3577b34da6a3ce929d0e0e4736</dd>")
                .contains("<th>Data</th><th>Trace</th></tr>")
                .contains(
                        "\"event-code\">recording_started</td><td class=\"message\"></td><td class=\"latency num\"></td>"
                                + "<td class=\"data\"></td><td class=\"trace\"></td></tr>")
                .contains("<td class=\"trace\"><span class=\"span-id\">span 00f067aa0ba902b7</span></td></tr>")
                .doesNotContain("class=\"trace-id\"");
    }

    @Test
    void eventsOfSeveralTracesShowEachTheirOwnBesideTheirSpan() throws Exception {
        HttpResponse<String> page = get("/call?id=call-two-traces");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .doesNotContain("<dd class=\"trace\">", "<b>", "<i>")
                .contains("<td class=\"trace\"><span class=\"trace-id\">trace t-&lt;b&gt;1&lt;/b&gt;</span> "
                        + "<span class=\"span-id\">span s-&lt;i&gt;1&lt;/i&gt;</span></td></tr>")
                .contains("<td class=\"trace\"><span class=\"trace-id\">trace t-2</span></td></tr>")
                .contains("agent_started_speaking</td><td class=\"message\"></td><td class=\"latency num\"></td>"
                        + "<td class=\"data\"></td><td class=\"trace\"></td></tr>");
    }

    @Test
    void anUnknownCallAndAnUnknownPageAreNotFound() throws Exception {
        HttpResponse<String> page = get("/call?id=nope%3Cx%3E");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("No events for call <span class=\"call-id\">nope&lt;x&gt;</span>");
        assertThat(get("/call").statusCode()).isEqualTo(400);
        assertThat(get("/admin").statusCode()).isEqualTo(404);
        assertThat(get("/../etc/passwd").statusCode()).isEqualTo(404);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/call?id=x", "/style.css", "/nowhere", "/?level=LOUD")) {
            HttpResponse<String> page = get(path);
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValue("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                            + "base-uri 'none'; frame-ancestors 'none'");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(page.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
        }
        assertThat(get("/style.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void onlyReading() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(server.url()))
                            .method(method, HttpRequest.BodyPublishers.ofString("x"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(method).isEqualTo(405);
            assertThat(answer.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
        HttpResponse<String> head = http.send(
                HttpRequest.newBuilder(URI.create(server.url()))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(queries).hasSize(1);
    }

    @Test
    void onLoopbackOnlyRequestsAddressedToALoopbackNameAreAnswered() throws Exception {
        assertThat(raw("/", "evil.example:" + server.port())).startsWith("HTTP/1.1 421 ");
        assertThat(raw("/", "attacker.example")).startsWith("HTTP/1.1 421 ");
        assertThat(raw("/", "localhost:" + server.port())).startsWith("HTTP/1.1 200 ");
        assertThat(raw("/", "127.0.0.1:" + server.port())).startsWith("HTTP/1.1 200 ");
        assertThat(UiServer.loopbackHost("[::1]:8642")).isTrue();
        assertThat(UiServer.loopbackHost("127.1.2.3")).isTrue();
        assertThat(UiServer.loopbackHost("localhost.evil.example")).isFalse();
        assertThat(UiServer.loopbackHost("127.0.0.1.evil.example")).isFalse();
        assertThat(UiServer.loopbackHost(null)).isFalse();
    }

    /** The answer to a GET of {@code path} with the given Host header, sent by hand. */
    private String raw(String path, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void whenOpenSearchCannotBeReadThePageSaysSoWithoutThePassword() throws Exception {
        failure = new IOException("search of 'calllog-events' answered 401: bad credentials for " + PASSWORD);
        for (String path : List.of("/", "/call?id=x")) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).isEqualTo(502);
            assertThat(page.body())
                    .contains("OpenSearch could not be read: search of &#39;calllog-events&#39; answered 401: bad "
                            + "credentials for [hidden]")
                    .doesNotContain(PASSWORD);
        }
    }
}
