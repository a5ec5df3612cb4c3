package dev.calllog.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.faults.FaultServer.HalfWritten;
import dev.calllog.faults.FaultServer.Items;
import dev.calllog.faults.FaultServer.Reset;
import dev.calllog.faults.FaultServer.Slow;
import dev.calllog.faults.FaultServer.Whole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * Every outcome of the {@code _bulk} table, injected by an in-process server through the Logback appender: each event
 * must end indexed exactly once, or (400) in the dead-letter file, and nothing may be lost or stall.
 */
class HttpFaultsTest {
    private static final int EVENTS = 300;

    @TempDir
    Path tmp;

    private FaultServer server;
    private LogbackHarness h;

    @BeforeEach
    void setUp() throws Exception {
        server = new FaultServer();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
        server.close();
        MDC.clear();
    }

    private void start(long requestTimeoutMillis) {
        h = LogbackHarness.start(a -> {
            a.addUrl(server.url());
            a.setDataStream("calllog-faults");
            a.setInstallTemplates(false);
            a.setLingerMillis(20);
            a.setInitialBackoffMillis(20);
            a.setMaxBackoffMillis(200);
            a.setRequestTimeoutMillis(requestTimeoutMillis);
            a.setConnectTimeoutMillis(1_000);
            a.setDeadLetterFile(tmp.resolve("dead-letter.ndjson").toString());
        });
    }

    /** Logs the events, waits until all are settled, and reports; returns the milliseconds it took. */
    private long logAndSettle(String name) {
        // No duplicates figure: like a node, the server answers 409 to an _id it holds, so it indexes each once.
        MDC.put("call_id", "faults");
        long t0 = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            h.log.atInfo()
                    .addMarker(MarkerFactory.getMarker("agent_message_sent"))
                    .addKeyValue("n", i)
                    .log("m{}", i);
        }
        assertThat(h.appender.flush(180_000)).as("settled").isTrue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        ShippingMetrics.Snapshot m = h.metrics();
        new Figures("http-" + name)
                .put("sent", EVENTS)
                .put("indexed", server.indexed().size())
                .put("lost", EVENTS - server.indexed().size() - m.deadLettered())
                .put("dead_lettered", m.deadLettered())
                .put("dropped_by_reason", Waits.dropsByReason(m))
                .put("answered_409", m.duplicates())
                .put("retried_items", m.retried())
                .put("failed_requests", m.failedRequests())
                .put("bulk_requests", server.bulkRequests())
                .put("ms", millis)
                .report();
        assertThat(m.droppedTotal()).as(m.toString()).isZero();
        assertThat(m.pending()).isZero();
        return millis;
    }

    @Test
    void items429And503AreRetriedUntilIndexed() {
        server.script((n, ids) -> new Items((id, attempt) -> {
            int k = Math.abs(id.hashCode());
            if (attempt < 2 && k % 3 == 0) {
                return 429;
            }
            return attempt == 0 && k % 5 == 0 ? 503 : 201;
        }));
        start(5_000);
        logAndSettle("item-429-503");
        assertThat(server.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().retried()).isPositive();
        assertThat(h.metrics().delivered()).isEqualTo(EVENTS);
    }

    @Test
    void poisonDocumentsGoToTheDeadLetterFileAndNeverStallTheEventsBehindThem() throws Exception {
        server.script((n, ids) -> new Items((id, attempt) -> ids.indexOf(id) % 10 == 3 ? 400 : 201));
        start(5_000);
        logAndSettle("item-400-poison");

        long poison = h.metrics().deadLettered();
        assertThat(poison).isPositive();
        assertThat(server.indexed().size() + poison).isEqualTo(EVENTS);
        List<String> lines = Files.readAllLines(tmp.resolve("dead-letter.ndjson"));
        assertThat(lines).hasSize((int) poison);
        assertThat(lines.get(0))
                .contains(
                        "\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"injected 400\"}")
                .contains("\"event\":\"agent_message_sent\"");
        assertThat(h.status()).anyMatch(s -> s.contains("OpenSearch rejected a call-log document (400"));
    }

    @Test
    void aRequestAnswered413IsSplitUntilEachPartIsTaken() {
        server.script((n, ids) ->
                ids.size() > 40 ? new Whole(413, "{\"error\":\"too large\"}") : new Items(FaultServer.ALL_CREATED));
        start(5_000);
        logAndSettle("whole-413");
        assertThat(server.indexed()).hasSize(EVENTS);
        assertThat(server.log()).anyMatch(l -> l.endsWith("Whole")).anyMatch(l -> l.endsWith("Items"));
    }

    @Test
    void a429StormIsRiddenOutWithBackoff() {
        server.script((n, ids) -> n < 15
                ? new Whole(429, "{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"storm\"}}")
                : new Items(FaultServer.ALL_CREATED));
        start(5_000);
        logAndSettle("whole-429-storm");
        assertThat(server.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().failedRequests()).isGreaterThanOrEqualTo(15);
        assertThat(h.status()).anyMatch(s -> s.contains("OpenSearch answered 429"));
    }

    @Test
    void wholeRequest5xxAreRetried() {
        int[] statuses = {500, 502, 503, 504};
        server.script((n, ids) -> n < statuses.length
                ? new Whole(statuses[n], "{\"error\":\"injected\"}")
                : new Items(FaultServer.ALL_CREATED));
        start(5_000);
        logAndSettle("whole-5xx");
        assertThat(server.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().failedRequests()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aSlowAnswerTimesOutAndTheRetryIsRecognisedAsAlreadyIndexed() {
        server.script((n, ids) -> n == 0 ? new Slow(2_500) : new Items(FaultServer.ALL_CREATED));
        start(1_000);
        logAndSettle("slow-response");
        assertThat(server.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().duplicates())
                .as("the first batch, indexed before its answer came too late")
                .isPositive();
    }

    @Test
    void connectionResetsAreRetried() {
        server.script((n, ids) -> n < 3 ? new Reset() : new Items(FaultServer.ALL_CREATED));
        start(5_000);
        logAndSettle("connection-reset");
        assertThat(server.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().failedRequests()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void halfWrittenAnswersAreRetriedAndNothingIsIndexedTwice() {
        server.script((n, ids) -> n < 3 ? new HalfWritten() : new Items(FaultServer.ALL_CREATED));
        start(5_000);
        logAndSettle("half-written-response");
        assertThat(server.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().duplicates()).isPositive();
    }
}
