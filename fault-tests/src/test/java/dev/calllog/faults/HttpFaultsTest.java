package dev.calllog.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.http.FakeIndex;
import dev.calllog.testsupport.http.FakeIndex.HalfWritten;
import dev.calllog.testsupport.http.FakeIndex.IndexedUnanswered;
import dev.calllog.testsupport.http.FakeIndex.Items;
import dev.calllog.testsupport.http.FakeIndex.Reset;
import dev.calllog.testsupport.http.FakeIndex.Whole;
import dev.calllog.testsupport.http.FakeOpenSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
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

    private FakeOpenSearch node;
    /** What the node indexed, and the script of its answers. */
    private final FakeIndex index = new FakeIndex();

    private LogbackHarness h;

    @BeforeEach
    void setUp() throws Exception {
        node = new FakeOpenSearch().keepRequests(false).handler(index);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
        node.close();
        MDC.clear();
    }

    private void start(long requestTimeoutMillis) {
        start(requestTimeoutMillis, null);
    }

    private void start(long requestTimeoutMillis, Path spoolDir) {
        h = LogbackHarness.start(a -> {
            if (spoolDir != null) {
                a.setSpoolDir(spoolDir.toString());
            }
            a.addUrl(node.url());
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

    /** Logs the events, waits until all are settled, and reports. */
    private void logAndSettle(String name) {
        // No duplicates figure: like a node, the server answers 409 to an _id it holds, so it indexes each once.
        MDC.put("call_id", "faults");
        for (int i = 0; i < EVENTS; i++) {
            h.log.atInfo()
                    .addMarker(MarkerFactory.getMarker("agent_message_sent"))
                    .addKeyValue("n", i)
                    .log("m{}", i);
        }
        assertThat(h.appender.flush(180_000)).as("settled").isTrue();
        try {
            // With a spool, what it took is settled too: wait until it is read back and sent.
            Waits.untilSettled("every event settled and the spool empty", Duration.ofMinutes(3), h::metrics);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        ShippingMetrics.Snapshot m = h.metrics();
        new Figures("http-" + name)
                .put("sent", EVENTS)
                .put("indexed", index.indexed().size())
                .put("lost", EVENTS - index.indexed().size() - m.deadLettered())
                .put("dead_lettered", m.deadLettered())
                .put("dropped_by_reason", Waits.dropsByReason(m))
                .put("answered_409", m.duplicates())
                .put("retried_items", m.retried())
                .put("failed_requests", m.failedRequests())
                .put("bulk_requests", index.bulkRequests())
                .report();
        assertThat(m.droppedTotal()).as(m.toString()).isZero();
        assertThat(m.pending()).isZero();
    }

    @Test
    void items429And503AreRetriedUntilIndexed() {
        index.script((n, ids) -> new Items((id, attempt) -> {
            int k = Math.abs(id.hashCode());
            if (attempt < 2 && k % 3 == 0) {
                return 429;
            }
            return attempt == 0 && k % 5 == 0 ? 503 : 201;
        }));
        start(5_000);
        logAndSettle("item-429-503");
        assertThat(index.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().retried()).isPositive();
        assertThat(h.metrics().delivered()).isEqualTo(EVENTS);
    }

    @Test
    void poisonDocumentsGoToTheDeadLetterFileAndNeverStallTheEventsBehindThem() throws Exception {
        index.script((n, ids) -> new Items((id, attempt) -> ids.indexOf(id) % 10 == 3 ? 400 : 201));
        start(5_000);
        logAndSettle("item-400-poison");

        long poison = h.metrics().deadLettered();
        assertThat(poison).isPositive();
        assertThat(index.indexed().size() + poison).isEqualTo(EVENTS);
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
        index.script((n, ids) ->
                ids.size() > 40 ? new Whole(413, "{\"error\":\"too large\"}") : new Items(FakeIndex.ALL_CREATED));
        start(5_000);
        logAndSettle("whole-413");
        assertThat(index.indexed()).hasSize(EVENTS);
        assertThat(index.log()).anyMatch(r -> r.step() instanceof Whole).anyMatch(r -> r.step() instanceof Items);
    }

    @Test
    void a429StormIsRiddenOutWithBackoff() {
        index.script((n, ids) -> n < 15
                ? new Whole(429, "{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"storm\"}}")
                : new Items(FakeIndex.ALL_CREATED));
        start(5_000);
        logAndSettle("whole-429-storm");
        assertThat(index.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().failedRequests()).isGreaterThanOrEqualTo(15);
        assertThat(h.status()).anyMatch(s -> s.contains("OpenSearch answered 429"));
    }

    @Test
    void wholeRequest5xxAreRetried() {
        int[] statuses = {500, 502, 503, 504};
        index.script((n, ids) -> n < statuses.length
                ? new Whole(statuses[n], "{\"error\":\"injected\"}")
                : new Items(FakeIndex.ALL_CREATED));
        start(5_000);
        logAndSettle("whole-5xx");
        assertThat(index.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().failedRequests()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aSlowAnswerTimesOutAndTheRetryIsRecognisedAsAlreadyIndexed() {
        index.script((n, ids) -> n == 0 ? new IndexedUnanswered() : new Items(FakeIndex.ALL_CREATED));
        start(1_000);
        logAndSettle("slow-response");
        assertThat(index.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().duplicates())
                .as("the first batch, indexed before its answer came too late")
                .isPositive();
    }

    /**
     * A node that cannot index a whole batch within the request timeout (here: it never answers a request of more than
     * 40 items) still gets every event: a request that timed out is followed by smaller ones, down to what the node
     * answers in time.
     */
    @Test
    void aNodeTooSlowForAWholeBatchIsSentSmallerRequests() {
        index.script((n, ids) -> ids.size() > 40 ? new FakeIndex.Unanswered() : new Items(FakeIndex.ALL_CREATED));
        start(1_000);
        logAndSettle("slow-for-batches");
        assertThat(index.indexed()).hasSize(EVENTS);
        assertThat(h.status()).anyMatch(s -> s.contains("requestTimeoutMillis"));
    }

    /** The same with the spool on: the batches read back from the spool are sent in smaller requests too. */
    @Test
    void aNodeTooSlowForAWholeBatchIsSentSmallerRequestsFromTheSpool() {
        index.script((n, ids) -> ids.size() > 40 ? new FakeIndex.Unanswered() : new Items(FakeIndex.ALL_CREATED));
        start(1_000, tmp.resolve("spool"));
        logAndSettle("slow-for-batches-spool");
        assertThat(index.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().spooled()).isPositive();
    }

    /**
     * A batch read back from the spool whose later requests time out after its first ones were answered goes on from
     * where it is: no item whose answer came in time is sent again, and none is lost. (Read again from its start, the
     * batch would send again the requests already answered, and the node would answer their items 409.)
     *
     * <p>An answer can come later than the request timeout when the machine is loaded (the first request, made by a
     * cold client to a cold server, is the likeliest): the client gives up on it, counts a failed request and sends the
     * items again, as it must. So the requests whose items came again may be at most those failures the script did not
     * cause; with none, no item may come again.
     */
    @Test
    void aBatchFromTheSpoolPartlyAnsweredGoesOnFromWhereItIs() {
        java.util.concurrent.atomic.AtomicInteger answeredSmall = new java.util.concurrent.atomic.AtomicInteger();
        index.script((n, ids) -> {
            if (ids.size() > 40) {
                return new FakeIndex.Unanswered();
            }
            // Once, after two requests were answered: a request that gets no answer in time.
            return answeredSmall.getAndIncrement() == 2 ? new FakeIndex.Unanswered() : new Items(FakeIndex.ALL_CREATED);
        });
        start(1_000, tmp.resolve("spool"));
        logAndSettle("slow-mid-replay-spool");
        assertThat(index.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().spooled()).isPositive();
        long unansweredByScript = index.log().stream()
                .filter(r -> r.step() instanceof FakeIndex.Unanswered)
                .count();
        long answersTooLate = h.metrics().failedRequests() - unansweredByScript;
        assertThat(index.requestsSentAgain())
                .as(
                        "requests answered, then sent again (%d failed requests, %d of them left unanswered by the"
                                + " script); requests:%n  %s%n%s",
                        h.metrics().failedRequests(),
                        unansweredByScript,
                        index.log().stream().map(Object::toString).collect(Collectors.joining("\n  ")),
                        h.diagnostics())
                .hasSizeLessThanOrEqualTo((int) Math.max(0, answersTooLate));
    }

    @Test
    void connectionResetsAreRetried() {
        index.script((n, ids) -> n < 3 ? new Reset() : new Items(FakeIndex.ALL_CREATED));
        start(5_000);
        logAndSettle("connection-reset");
        assertThat(index.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().failedRequests()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void halfWrittenAnswersAreRetriedAndNothingIsIndexedTwice() {
        index.script((n, ids) -> n < 3 ? new HalfWritten() : new Items(FakeIndex.ALL_CREATED));
        start(5_000);
        logAndSettle("half-written-response");
        assertThat(index.indexed()).hasSize(EVENTS);
        assertThat(h.metrics().duplicates()).isPositive();
    }
}
