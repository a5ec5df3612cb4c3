package dev.calllog.core.internal.shipping;

import static dev.calllog.testsupport.http.FakeOpenSearch.bulk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.http.FakeOpenSearch;
import dev.calllog.testsupport.http.FakeOpenSearch.Answer;
import dev.calllog.testsupport.http.FakeOpenSearch.ItemAnswer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkShipperTest {
    private static final String CONFLICT = "version_conflict_engine_exception";

    @TempDir
    Path dir;

    private FakeOpenSearch node;
    private final RecordingStatus sink = new RecordingStatus();
    private final ShippingMetrics metrics = new ShippingMetrics();
    private BulkShipper<TestRecord> shipper;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        node = new FakeOpenSearch();
        node.handler(bulk((id, attempt) -> ItemAnswer.created()));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (shipper != null) {
            shipper.stop();
        }
        node.close();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private CallLogConfig config(String url) {
        CallLogConfig c = new CallLogConfig();
        c.addUrl(url);
        c.setDataStream("calllog-test");
        c.setLingerMillis(20);
        c.setInitialBackoffMillis(10);
        c.setMaxBackoffMillis(40);
        c.setRetryTimeoutMillis(10_000);
        c.setShutdownTimeoutMillis(3_000);
        c.setConnectTimeoutMillis(1_000);
        c.setRequestTimeoutMillis(5_000);
        c.setDeadLetterFile(dir.resolve("dead/letters.ndjson").toString());
        return c;
    }

    private BulkShipper<TestRecord> shipper(CallLogConfig c) throws Exception {
        return shipper(c, new TestRecord.Encoder());
    }

    private BulkShipper<TestRecord> shipper(CallLogConfig c, BulkItemEncoder<TestRecord> encoder) throws Exception {
        assertThat(c.validate()).isEmpty();
        shipper = new BulkShipper<>(
                c,
                encoder,
                OpenSearchHttpTransport.create(c),
                new ThrottledStatus(sink, 0),
                metrics,
                new DeadLetterFile(c.deadLetterFile(), c.deadLetterMaxBytes()));
        return shipper;
    }

    private static List<TestRecord> records(String prefix, int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> TestRecord.of(prefix + String.format("%03d", i)))
                .toList();
    }

    private void offerAll(List<TestRecord> records) {
        for (TestRecord r : records) {
            assertThat(shipper.offer(r)).isTrue();
        }
    }

    private static String ndjson(List<TestRecord> records) {
        return records.stream().map(TestRecord::ndjson).collect(Collectors.joining());
    }

    private static void await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - end)
                    .as("waited %d ms", timeoutMillis)
                    .isNegative();
            Thread.sleep(5);
        }
    }

    /** Every offered event ended as exactly one outcome. */
    private void assertAllSettled() {
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.pending()).as(s.toString()).isZero();
        assertThat(s.offered())
                .as(s.toString())
                .isEqualTo(s.delivered() + s.duplicates() + s.deadLettered() + s.droppedTotal());
        assertThat(s.bufferedEvents()).isZero();
        assertThat(s.bufferedBytes()).isZero();
    }

    @Test
    void shipsOneGzippedBulkRequestWithTheExactNdjson() throws Exception {
        node.gzipAnswers(true);
        shipper(config(node.url()));
        List<TestRecord> records = records("a", 10);
        offerAll(records);
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        List<FakeOpenSearch.Request> requests = node.bulkRequests();
        assertThat(requests).hasSize(1);
        FakeOpenSearch.Request r = requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/calllog-test/_bulk");
        assertThat(r.query()).isEqualTo("filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason");
        assertThat(r.header("Content-Type")).isEqualTo("application/x-ndjson");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Accept-Encoding")).isEqualTo("gzip");
        assertThat(r.rawBody()[0]).isEqualTo((byte) 0x1f);
        assertThat(r.rawBody()[1]).isEqualTo((byte) 0x8b);
        assertThat(r.bodyText()).isEqualTo(ndjson(records));
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.delivered()).isEqualTo(10);
        assertThat(s.accepted()).isEqualTo(10);
        assertThat(s.bulkRequests()).isEqualTo(1);
        assertThat(s.failedRequests()).isZero();
        assertThat(s.lastBatchLatencyMillis()).isGreaterThanOrEqualTo(0);
        assertAllSettled();
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void sendsThePlainBodyWhenGzipIsOff() throws Exception {
        CallLogConfig c = config(node.url());
        c.setGzip(false);
        shipper(c);
        List<TestRecord> records = records("p", 3);
        offerAll(records);
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        FakeOpenSearch.Request r = node.bulkRequests().get(0);
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(new String(r.rawBody(), StandardCharsets.UTF_8)).isEqualTo(ndjson(records));
        assertThat(metrics.snapshot().delivered()).isEqualTo(3);
    }

    @Test
    void settlesEachItemByItsOwnAnswer() throws Exception {
        node.handler(bulk((id, attempt) -> switch (id) {
            case "dup" -> new ItemAnswer(409, CONFLICT, "[dup]: version conflict, document already exists");
            case "busy" ->
                attempt == 0
                        ? new ItemAnswer(429, "es_rejected_execution_exception", "rejected execution")
                        : ItemAnswer.created();
            case "bad" -> new ItemAnswer(400, "mapper_parsing_exception", "failed to parse field [n]");
            case "down" ->
                attempt == 0
                        ? new ItemAnswer(503, "unavailable_shards_exception", "primary shard is not active")
                        : ItemAnswer.created();
            default -> ItemAnswer.created();
        }));
        shipper(config(node.url()));
        offerAll(List.of(
                TestRecord.of("ok"),
                TestRecord.of("dup"),
                TestRecord.of("busy"),
                TestRecord.of("bad"),
                TestRecord.of("down")));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        List<FakeOpenSearch.Request> requests = node.bulkRequests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).bulkIds()).containsExactly("ok", "dup", "busy", "bad", "down");
        // Only the 429 and 503 items are sent again, as they were encoded.
        assertThat(requests.get(1).bodyText())
                .isEqualTo(
                        TestRecord.of("busy").ndjson() + TestRecord.of("down").ndjson());

        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.delivered()).isEqualTo(3);
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.deadLettered()).isEqualTo(1);
        assertThat(s.retried()).isEqualTo(2);
        assertThat(s.droppedTotal()).isZero();
        assertAllSettled();

        List<String> lines = Files.readAllLines(dir.resolve("dead/letters.ndjson"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .matches("\\{\"@timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z\",.*");
        assertThat(lines.get(0).replaceFirst("\"@timestamp\":\"[^\"]+\"", "\"@timestamp\":\"T\""))
                .isEqualTo("{\"@timestamp\":\"T\",\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\","
                        + "\"reason\":\"failed to parse field [n]\"},\"document\":"
                        + TestRecord.of("bad").document() + "}");
        assertThat(sink.messages())
                .containsExactly("WARN OpenSearch rejected a call-log document (400 mapper_parsing_exception: failed to"
                        + " parse field [n]); it was written to " + dir.resolve("dead/letters.ndjson"));
    }

    @Test
    void dropsItemsThatStayBusyAfterMaxRetries() throws Exception {
        node.handler(bulk((id, attempt) -> id.equals("x001") || id.equals("x003")
                ? new ItemAnswer(429, "es_rejected_execution_exception", "queue full")
                : ItemAnswer.created()));
        CallLogConfig c = config(node.url());
        c.setMaxRetries(3);
        shipper(c);
        offerAll(records("x", 5));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        List<FakeOpenSearch.Request> requests = node.bulkRequests();
        assertThat(requests).hasSize(4);
        for (int i = 1; i < 4; i++) {
            assertThat(requests.get(i).bulkIds()).containsExactly("x001", "x003");
        }
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.delivered()).isEqualTo(3);
        assertThat(s.dropped(DropReason.RETRIES_EXHAUSTED)).isEqualTo(2);
        assertThat(s.retried()).isEqualTo(6);
        assertAllSettled();
        assertThat(sink.messages())
                .containsExactly("WARN 2 call-log events were dropped after 3 retries (last answer: 429"
                        + " es_rejected_execution_exception: queue full)");
    }

    @Test
    void retriesTheWholeBatchAfterA503() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeOpenSearch.Handler ok = bulk((id, attempt) -> ItemAnswer.created());
        node.handler(r -> calls.getAndIncrement() == 0
                ? new Answer(
                        503, "{\"error\":{\"type\":\"cluster_block_exception\",\"reason\":\"blocked\"},\"status\":503}")
                : ok.handle(r));
        shipper(config(node.url()));
        List<TestRecord> records = records("w", 5);
        offerAll(records);
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        List<FakeOpenSearch.Request> requests = node.bulkRequests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).bodyText()).isEqualTo(ndjson(records));
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.delivered()).isEqualTo(5);
        assertThat(s.bulkRequests()).isEqualTo(2);
        assertThat(s.failedRequests()).isEqualTo(1);
        assertThat(s.retried()).isZero();
        assertAllSettled();
        assertThat(sink.messages())
                .containsExactly("WARN Shipping call-log events to OpenSearch failed (OpenSearch answered 503 to POST"
                        + " /calllog-test/_bulk: cluster_block_exception: blocked); retrying for up to 10000 ms");
    }

    @Test
    void splitsARequestAnswered413() throws Exception {
        FakeOpenSearch.Handler ok = bulk((id, attempt) -> ItemAnswer.created());
        node.handler(r -> r.bulkIds().size() > 2 ? new Answer(413, "") : ok.handle(r));
        shipper(config(node.url()));
        offerAll(records("s", 5));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        assertThat(node.bulkRequests().stream().map(FakeOpenSearch.Request::bulkIds))
                .containsExactly(
                        List.of("s000", "s001", "s002", "s003", "s004"),
                        List.of("s000", "s001"),
                        List.of("s002", "s003", "s004"),
                        List.of("s002"),
                        List.of("s003", "s004"));
        assertThat(metrics.snapshot().delivered()).isEqualTo(5);
        assertAllSettled();
    }

    @Test
    void deadLettersASingleDocumentAnswered413() throws Exception {
        node.handler(r -> new Answer(413, ""));
        shipper(config(node.url()));
        offerAll(List.of(TestRecord.of("huge")));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        assertThat(metrics.snapshot().deadLettered()).isEqualTo(1);
        assertAllSettled();
        List<String> lines = Files.readAllLines(dir.resolve("dead/letters.ndjson"));
        assertThat(lines)
                .singleElement()
                .asString()
                .contains("\"status\":413,\"error\":{\"type\":"
                        + "\"document_too_large\",\"reason\":\"document too large\"}");
    }

    @Test
    void deliversOnceWhenTheNodeComesBackAfterRefusingConnections() throws Exception {
        int port = node.port();
        node.close(); // connections are refused from now on
        shipper(config("http://127.0.0.1:" + port));
        List<TestRecord> records = records("r", 5);
        shipper.start();
        offerAll(records);

        await(() -> metrics.snapshot().failedRequests() >= 2, 60_000);
        assertThat(metrics.snapshot().delivered()).isZero();
        assertThat(sink.containing("ConnectException")).isNotEmpty();

        node = new FakeOpenSearch(port);
        node.handler(bulk((id, attempt) -> ItemAnswer.created()));
        assertThat(shipper.flush(60_000)).isTrue();

        assertThat(node.bulkRequests()).hasSize(1);
        assertThat(node.bulkRequests().get(0).bodyText()).isEqualTo(ndjson(records));
        assertThat(metrics.snapshot().delivered()).isEqualTo(5);
        assertAllSettled();
    }

    @Test
    void dropsExactlyWhatDoesNotFitTheBufferAndNeverBlocks() throws Exception {
        List<TestRecord> records = records("b", 1000);
        int size = records.get(0).ndjson().length();
        CallLogConfig c = config(node.url());
        c.setBufferBytes(10L * size);
        shipper(c); // not started: nothing leaves the buffer

        int accepted = 0;
        for (TestRecord r : records) {
            if (shipper.offer(r)) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(10);
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.dropped(DropReason.BUFFER_FULL)).isEqualTo(990);
        assertThat(s.bufferedEvents()).isEqualTo(10);
        assertThat(s.bufferedBytes()).isEqualTo(10L * size);
        assertThat(sink.containing("The call-log buffer is full")).hasSize(990);

        shipper.start();
        assertThat(shipper.flush(60_000)).isTrue();
        assertThat(node.bulkRequests().get(0).bulkIds())
                .containsExactlyElementsOf(
                        records.subList(0, 10).stream().map(TestRecord::id).toList());
        assertThat(metrics.snapshot().delivered()).isEqualTo(10);
        assertAllSettled();
    }

    @Test
    void offerNeverWaitsWhileTheWorkerIsStuckOnASlowNode() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeOpenSearch.Handler ok = bulk((id, attempt) -> ItemAnswer.created());
        node.handler(r -> {
            release.await(120, TimeUnit.SECONDS);
            return ok.handle(r);
        });
        List<TestRecord> records = records("f", 2000);
        CallLogConfig c = config(node.url());
        c.setBufferBytes(100L * records.get(0).ndjson().length());
        c.setBatchMaxEvents(50);
        shipper(c);
        offerAll(records.subList(0, 50));
        shipper.start();
        await(() -> node.bulkRequests().size() == 1, 60_000); // the export thread now waits for the answer
        offerAll(records.subList(50, 100));
        await(() -> metrics.snapshot().bufferedEvents() == 0, 60_000); // the next batch is ready, out of the buffer

        long accepted =
                records.subList(100, 2000).stream().filter(shipper::offer).count();

        // Every offer returned while the node still held the first request: none waited for it.
        assertThat(release.getCount()).isOne();
        assertThat(metrics.snapshot().delivered()).isZero();
        assertThat(accepted).isEqualTo(100);
        assertThat(metrics.snapshot().dropped(DropReason.BUFFER_FULL)).isEqualTo(1800);
        release.countDown();
        assertThat(shipper.flush(60_000)).isTrue();
        assertThat(metrics.snapshot().delivered()).isEqualTo(200);
        assertAllSettled();
    }

    @Test
    void stopReturnsWithinTheTimeoutWhenTheNodeNeverAnswers() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        node.handler(r -> {
            inFlight.countDown();
            return Answer.noAnswer();
        });
        CallLogConfig c = config(node.url());
        c.setRequestTimeoutMillis(600_000);
        c.setShutdownTimeoutMillis(500);
        shipper(c);
        shipper.start();
        offerAll(records("u", 10));
        assertThat(inFlight.await(60, TimeUnit.SECONDS))
                .as("the batch is in flight")
                .isTrue();

        // Bounded by the shutdown timeout, with a request the node never answers: waited for with a generous deadline.
        Thread stopper = new Thread(shipper::stop, "stop");
        stopper.start();
        stopper.join(60_000);

        assertThat(stopper.isAlive()).as("stop returned").isFalse();
        assertThat(metrics.snapshot().dropped(DropReason.SHUTDOWN)).isEqualTo(10);
        assertAllSettled();
        assertThat(sink.messages()).contains("WARN 10 call-log events were not delivered before shutdown");
        // Idempotent, and nothing is accepted any more.
        shipper.stop();
        assertThat(shipper.offer(TestRecord.of("late"))).isFalse();
        assertThat(metrics.snapshot().dropped(DropReason.STOPPED)).isEqualTo(1);
        assertAllSettled();
    }

    @Test
    void stopDeliversWhatItCanThenReportsTheRest() throws Exception {
        int port = node.port();
        node.close();
        CallLogConfig c = config("http://127.0.0.1:" + port);
        c.setShutdownTimeoutMillis(300);
        shipper(c);
        shipper.start();
        offerAll(records("d", 7));

        long start = System.nanoTime();
        shipper.stop();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(elapsedMillis).isBetween(250L, 2_000L);
        assertThat(metrics.snapshot().dropped(DropReason.SHUTDOWN)).isEqualTo(7);
        assertThat(sink.messages()).contains("WARN 7 call-log events were not delivered before shutdown");
        assertAllSettled();
    }

    @Test
    void stopDeliversTheBufferWhenTheNodeAnswers() throws Exception {
        shipper(config(node.url()));
        offerAll(records("e", 20));
        shipper.start();
        shipper.stop();

        assertThat(metrics.snapshot().delivered()).isEqualTo(20);
        assertThat(sink.messages()).isEmpty();
        assertAllSettled();
    }

    @Test
    void flushWaitsForTheAnswerAndTimesOutOtherwise() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeOpenSearch.Handler ok = bulk((id, attempt) -> ItemAnswer.created());
        node.handler(r -> {
            release.await(10, TimeUnit.SECONDS);
            return ok.handle(r);
        });
        CallLogConfig c = config(node.url());
        c.setLingerMillis(60_000); // only flush sends
        shipper(c);
        shipper.start();
        offerAll(records("l", 4));

        assertThat(shipper.flush(200)).isFalse();
        assertThat(metrics.snapshot().delivered()).isZero();

        release.countDown();
        assertThat(shipper.flush(60_000)).isTrue();
        assertThat(metrics.snapshot().delivered()).isEqualTo(4);
        assertAllSettled();
    }

    @Test
    void flushOfAnIdleShipperReturnsAtOnce() throws Exception {
        shipper(config(node.url()));
        shipper.start();
        assertThat(shipper.flush(60_000)).isTrue();
        assertThat(node.bulkRequests()).isEmpty();
    }

    @Test
    void sendsALoneEventAfterTheLinger() throws Exception {
        CallLogConfig c = config(node.url());
        c.setLingerMillis(200);
        shipper(c);
        shipper.start();
        shipper.offer(TestRecord.of("alone"));

        await(() -> metrics.snapshot().delivered() == 1, 60_000);
        assertThat(node.bulkRequests()).hasSize(1);
    }

    @Test
    void sendsAFullBatchWithoutWaitingForTheLinger() throws Exception {
        CallLogConfig c = config(node.url());
        c.setLingerMillis(600_000); // far past the wait below
        c.setBatchMaxEvents(3);
        shipper(c);
        shipper.start();
        offerAll(records("q", 2));
        // The worker lingers on the partial batch (BatchWorkerTest checks how long, on a fake clock): nothing is sent.
        assertThat(node.bulkRequests()).isEmpty();
        shipper.offer(TestRecord.of("q002"));

        await(() -> metrics.snapshot().delivered() == 3, 60_000);
        assertThat(node.bulkRequests())
                .singleElement()
                .extracting(FakeOpenSearch.Request::bulkIds)
                .isEqualTo(List.of("q000", "q001", "q002"));
    }

    @Test
    void reportsARejectedRequestAndRetriesUntilItIsFixed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeOpenSearch.Handler ok = bulk((id, attempt) -> ItemAnswer.created());
        node.handler(r -> calls.getAndIncrement() < 2
                ? new Answer(
                        401,
                        "{\"error\":{\"type\":\"security_exception\",\"reason\":\"missing authentication credentials\"},"
                                + "\"status\":401}")
                : ok.handle(r));
        shipper(config(node.url()));
        offerAll(records("k", 3));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        assertThat(metrics.snapshot().delivered()).isEqualTo(3);
        assertThat(metrics.snapshot().failedRequests()).isEqualTo(2);
        String refused = "ERROR Shipping call-log events to OpenSearch failed: OpenSearch answered 401 to POST"
                + " /calllog-test/_bulk: security_exception: missing authentication credentials. The events are kept"
                + " (in memory or in the spool) and sent again until this is fixed: check the username, password and"
                + " the roles of the appender's user";
        assertThat(sink.messages()).containsExactly(refused, refused);
        assertAllSettled();
    }

    @Test
    void retriesAMalformedAnswer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeOpenSearch.Handler ok = bulk((id, attempt) -> ItemAnswer.created());
        node.handler(r -> calls.getAndIncrement() == 0
                ? new Answer(200, "{\"took\":1,\"errors\":false,\"items\":[{\"create\":")
                : ok.handle(r));
        shipper(config(node.url()));
        offerAll(records("m", 3));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        assertThat(node.bulkRequests()).hasSize(2);
        assertThat(metrics.snapshot().delivered()).isEqualTo(3);
        assertThat(metrics.snapshot().failedRequests()).isEqualTo(1);
        assertThat(sink.containing("malformed bulk response")).hasSize(1);
        assertAllSettled();
    }

    @Test
    void retriesAnAnswerWithTheWrongNumberOfItems() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeOpenSearch.Handler ok = bulk((id, attempt) -> ItemAnswer.created());
        node.handler(r -> calls.getAndIncrement() == 0
                ? new Answer(200, "{\"took\":1,\"errors\":false,\"items\":[]}")
                : ok.handle(r));
        shipper(config(node.url()));
        offerAll(records("m", 2));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        assertThat(metrics.snapshot().delivered()).isEqualTo(2);
        assertThat(sink.containing("the bulk response has 0 items for 2 sent")).hasSize(1);
        assertAllSettled();
    }

    @Test
    void dropsTheBatchWhenTheRetryTimeoutRunsOut() throws Exception {
        node.handler(r -> new Answer(503, "{\"error\":\"unavailable\"}"));
        CallLogConfig c = config(node.url());
        c.setRetryTimeoutMillis(300);
        shipper(c);
        offerAll(records("t", 4));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.dropped(DropReason.RETRY_TIMEOUT)).isEqualTo(4);
        assertThat(s.failedRequests()).isGreaterThanOrEqualTo(2);
        assertThat(sink.messages())
                .contains("ERROR 4 call-log events were dropped: OpenSearch did not take them within 300 ms"
                        + " (OpenSearch answered 503 to POST /calllog-test/_bulk: unavailable)");
        assertAllSettled();
    }

    @Test
    void countsRejectedDocumentsOnceTheDeadLetterFileIsFull() throws Exception {
        node.handler(bulk((id, attempt) -> new ItemAnswer(400, "illegal_argument_exception", "bad value")));
        CallLogConfig c = config(node.url());
        c.setDeadLetterMaxBytes(10);
        shipper(c);
        offerAll(records("z", 2));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        assertThat(metrics.snapshot().dropped(DropReason.DEAD_LETTER_FULL)).isEqualTo(2);
        assertThat(metrics.snapshot().deadLettered()).isZero();
        assertThat(sink.containing("is full; the document was dropped")).hasSize(2);
        assertAllSettled();
    }

    @Test
    void onlyCountsRejectedDocumentsWithoutADeadLetterFile() throws Exception {
        node.handler(bulk((id, attempt) -> new ItemAnswer(400, "illegal_argument_exception", "bad value")));
        CallLogConfig c = config(node.url());
        c.setDeadLetterFile("");
        shipper(c);
        offerAll(records("n", 2));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        assertThat(metrics.snapshot().deadLettered()).isEqualTo(2);
        assertThat(dir.resolve("dead")).doesNotExist();
        assertAllSettled();
    }

    @Test
    void dropsARecordTheEncoderFailsOn() throws Exception {
        TestRecord.Encoder real = new TestRecord.Encoder();
        shipper(config(node.url()), new BulkItemEncoder<>() {
            @Override
            public int estimatedBytes(TestRecord r) {
                return real.estimatedBytes(r);
            }

            @Override
            public void encode(TestRecord r, ByteBuf out) {
                if (r.id().equals("boom")) {
                    out.writeAscii("{\"create\":"); // half an item, then a failure
                    throw new IllegalStateException("cannot encode");
                }
                real.encode(r, out);
            }
        });
        offerAll(List.of(TestRecord.of("before"), TestRecord.of("boom"), TestRecord.of("after")));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        assertThat(node.bulkRequests().get(0).bodyText())
                .isEqualTo(TestRecord.of("before").ndjson()
                        + TestRecord.of("after").ndjson());
        assertThat(metrics.snapshot().dropped(DropReason.ENCODING_FAILED)).isEqualTo(1);
        assertThat(sink.messages())
                .containsExactly("WARN A call-log event could not be encoded and was dropped:"
                        + " IllegalStateException: cannot encode");
        assertAllSettled();
    }

    @Test
    void sendsBasicCredentialsWithTheFirstRequest() throws Exception {
        CallLogConfig c = config(node.url());
        c.setUsername("shipper");
        c.setPassword("s3cret");
        shipper(c);
        offerAll(records("c", 1));
        shipper.start();

        assertThat(shipper.flush(60_000)).isTrue();

        assertThat(node.requests()).hasSize(1);
        assertThat(node.requests().get(0).header("Authorization")).isEqualTo("Basic c2hpcHBlcjpzM2NyZXQ=");
    }

    @Test
    void accountsForEveryEventOfaConcurrentLoad() throws Exception {
        node.handler(bulk((id, attempt) -> {
            int n = Integer.parseInt(id.substring(id.indexOf('-') + 1));
            if (n % 7 == 0 && attempt == 0) {
                return new ItemAnswer(429, "es_rejected_execution_exception", "busy");
            }
            if (n % 101 == 0) {
                return new ItemAnswer(400, "mapper_parsing_exception", "bad");
            }
            return ItemAnswer.created();
        }));
        CallLogConfig c = config(node.url());
        c.setBufferBytes(200_000);
        c.setBatchMaxEvents(500);
        c.setLingerMillis(5);
        shipper(c);
        shipper.start();

        int threads = 4;
        int perThread = 5_000;
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread p = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    shipper.offer(TestRecord.of("c-" + (base + i)));
                }
            });
            producers.add(p);
            p.start();
        }
        for (Thread p : producers) {
            p.join();
        }
        assertThat(shipper.flush(60_000)).isTrue();

        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.offered()).isEqualTo(threads * perThread);
        assertAllSettled();
        // What the node created is exactly what was counted as delivered, each id once.
        Map<String, Integer> created = new HashMap<>();
        for (FakeOpenSearch.Request r : node.bulkRequests()) {
            for (String id : r.bulkIds()) {
                created.merge(id, 1, Integer::sum);
            }
        }
        long deliveredIds = created.keySet().stream()
                .filter(id -> {
                    int n = Integer.parseInt(id.substring(2));
                    return n % 101 != 0;
                })
                .count();
        assertThat(deliveredIds).isEqualTo(s.delivered());
        assertThat(s.accepted() + s.dropped(DropReason.BUFFER_FULL)).isEqualTo(s.offered());
    }

    // ---- the next batch, prepared while a request is in flight ----

    @Test
    void whileARequestIsInFlightTheNextFullBatchIsTakenAheadAndAllArriveOnceInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger bulks = new AtomicInteger();
        FakeOpenSearch.Handler items = bulk((id, attempt) -> ItemAnswer.created());
        node.handler(r -> {
            if (r.path().endsWith("/_bulk") && bulks.getAndIncrement() == 0) {
                release.await(10, TimeUnit.SECONDS);
            }
            return items.handle(r);
        });
        CallLogConfig c = config(node.url());
        c.setBatchMaxEvents(10);
        shipper(c);
        List<TestRecord> all = records("p", 25);
        offerAll(all);
        shipper.start();

        await(() -> node.bulkRequests().size() == 1, 60_000);
        // The first batch is in flight; the second is taken out of the buffer (and encoded) meanwhile.
        await(() -> metrics.snapshot().bufferedEvents() == 5, 60_000);
        assertThat(node.bulkRequests()).hasSize(1);
        release.countDown();

        assertThat(shipper.flush(60_000)).isTrue();
        assertThat(node.bulkRequests()).extracting(r -> r.bulkIds().size()).containsExactly(10, 10, 5);
        assertThat(node.bulkRequests().stream().flatMap(r -> r.bulkIds().stream()))
                .containsExactlyElementsOf(all.stream().map(TestRecord::id).toList());
        assertThat(node.bulkRequests().get(1).bodyText()).isEqualTo(ndjson(all.subList(10, 20)));
        ShippingMetrics.Snapshot m = metrics.snapshot();
        assertThat(m.delivered()).isEqualTo(25);
        assertThat(m.pending()).isZero();
    }

    @Test
    void aBatchTakenAheadIsCountedWhenTheShipperStopsWithoutDeliveringIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        toClose.add(release::countDown);
        FakeOpenSearch.Handler items = bulk((id, attempt) -> ItemAnswer.created());
        node.handler(r -> {
            if (r.path().endsWith("/_bulk")) {
                release.await(10, TimeUnit.SECONDS); // never answers in time
            }
            return items.handle(r);
        });
        CallLogConfig c = config(node.url());
        c.setBatchMaxEvents(10);
        c.setShutdownTimeoutMillis(300);
        shipper(c);
        offerAll(records("s", 25));
        shipper.start();
        await(() -> node.bulkRequests().size() == 1 && metrics.snapshot().bufferedEvents() == 5, 60_000);

        shipper.stop();

        ShippingMetrics.Snapshot m = metrics.snapshot();
        assertThat(m.delivered()).isZero();
        assertThat(m.dropped()).containsEntry(DropReason.SHUTDOWN, 25L);
        assertThat(m.pending()).isZero();
        assertThat(m.offered()).isEqualTo(25);
        assertThat(sink.containing("25 call-log events")).isNotEmpty();
    }
}
