package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.internal.transport.HttpResult;
import dev.calllog.core.metrics.ShippingMetrics;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkExporterTest {
    private final FakeClock clock = new FakeClock();
    private final ShippingMetrics metrics = new ShippingMetrics();
    private final OutcomeRecorder recorder = new OutcomeRecorder(
            metrics, new ThrottledStatus(new RecordingStatus(), 0), new DeadLetterFile((String) null, 0), 0, false);
    private final ScriptedTransport transport = new ScriptedTransport(ScriptedTransport::allCreated);

    private BulkExporter exporter(boolean gzip) {
        return new BulkExporter(transport, "calllog-test", gzip, 30_000, recorder, clock);
    }

    private static Batch batch(String... ids) {
        Batch b = new Batch();
        for (String id : ids) {
            int start = b.body().length();
            new TestRecord.Encoder().encode(TestRecord.of(id), b.body());
            b.addItem(start);
        }
        return b;
    }

    @Test
    void sendsTheBatchAndReadsEachItemsAnswer() {
        transport.script(r -> ScriptedTransport.items(r, id -> switch (id) {
            case "b" -> "429 es_rejected_execution_exception";
            case "c" -> "400 mapper_parsing_exception";
            case "d" -> "409 version_conflict_engine_exception";
            default -> "201";
        }));
        Batch b = batch("a", "b", "c", "d");

        BulkExporter.Answer a = exporter(false).export(b, b.allItems(), 4);

        assertThat(transport.requests()).singleElement().satisfies(r -> {
            assertThat(r.path())
                    .isEqualTo("/calllog-test/_bulk?filter_path=errors,items.*.status,items.*.error.type,"
                            + "items.*.error.reason");
            assertThat(r.ids()).containsExactly("a", "b", "c", "d");
        });
        assertThat(a.size()).isEqualTo(4);
        assertThat(new int[] {a.status(0), a.status(1), a.status(2), a.status(3)})
                .containsExactly(201, 429, 400, 409);
        assertThat(a.type(2)).isEqualTo("mapper_parsing_exception");
        assertThat(a.reason(2)).isEqualTo("because");
        assertThat(a.unanswered()).isZero();
        assertThat(metrics.snapshot().bulkRequests()).isEqualTo(1);
    }

    @Test
    void sendsTheGzipMadeAheadForAWholeBatchAndGzipsASubsetItself() {
        Batch b = batch("a", "b", "c");
        try (GzipCompressor gzip = new GzipCompressor()) {
            b.compressWhole(gzip);
        }
        BulkExporter e = exporter(true);
        e.export(b, b.allItems(), 3);
        e.export(b, new int[] {0, 2}, 2);
        assertThat(transport.requests())
                .extracting(ScriptedTransport.Request::gzipped)
                .containsExactly(true, true);
        assertThat(transport.requests().get(0).ids()).containsExactly("a", "b", "c");
        assertThat(transport.requests().get(1).ids()).containsExactly("a", "c");
        e.close();
    }

    @Test
    void aRequestAnswered413IsSplitInHalvesDownToOneItemWhose413IsItsOwnAnswer() {
        // The node refuses bodies of more than two items, and the item "big" on its own.
        transport.script(r -> r.ids().size() > 2 || r.ids().contains("big")
                ? ScriptedTransport.status(413, "")
                : ScriptedTransport.allCreated(r));
        Batch b = batch("a", "b", "big", "c", "d");

        BulkExporter.Answer a = exporter(false).export(b, b.allItems(), 5);

        assertThat(transport.requests())
                .extracting(ScriptedTransport.Request::ids)
                .containsExactly(
                        List.of("a", "b", "big", "c", "d"),
                        List.of("a", "b"),
                        List.of("big", "c", "d"),
                        List.of("big"),
                        List.of("c", "d"));
        assertThat(new int[] {a.status(0), a.status(1), a.status(2), a.status(3), a.status(4)})
                .containsExactly(201, 201, 413, 201, 201);
        assertThat(a.type(2)).isEqualTo("document_too_large");
        assertThat(metrics.snapshot().failedRequests()).isEqualTo(3);
    }

    @Test
    void itemsOfARequestWithoutAnAnswerSayWhy() {
        transport.script(r -> {
            throw new ConnectException("Connection refused");
        });
        Batch b = batch("a", "b");
        BulkExporter.Answer a = exporter(false).export(b, b.allItems(), 2);
        assertThat(a.unanswered()).isEqualTo(2);
        assertThat(a.status(0)).isEqualTo(BulkExporter.NO_ANSWER);
        assertThat(a.requestStatus()).isEqualTo(-1);
        assertThat(a.problem()).isEqualTo("the request failed: ConnectException: Connection refused");

        transport.script(r -> new HttpResult(
                503,
                "{\"error\":{\"type\":\"unavailable\",\"reason\":\"busy\"}}".getBytes(StandardCharsets.UTF_8),
                3_000));
        a = exporter(false).export(b, b.allItems(), 2);
        assertThat(a.unanswered()).isEqualTo(2);
        assertThat(a.requestStatus()).isEqualTo(503);
        assertThat(a.retryAfterMillis()).isEqualTo(3_000);
        assertThat(a.problem()).isEqualTo("OpenSearch answered 503 to POST /calllog-test/_bulk: unavailable: busy");
    }

    /**
     * A node that answers no request of more than two items in time: after the timeout, the items go in smaller
     * requests, and the items after a request that got no answer are not sent but share its failure.
     */
    @Test
    void afterARequestTimedOutTheItemsGoInSmallerRequests() {
        transport.script(r -> {
            if (r.ids().size() > 2) {
                throw new java.net.http.HttpTimeoutException("request timed out");
            }
            return ScriptedTransport.allCreated(r);
        });
        RecordingStatus status = new RecordingStatus();
        OutcomeRecorder recorder = new OutcomeRecorder(
                metrics, new ThrottledStatus(status, 0), new DeadLetterFile((String) null, 0), 0, false);
        BulkExporter e = new BulkExporter(transport, "calllog-test", false, 1_500, recorder, clock);
        Batch b = batch("a", "b", "c", "d", "e", "f", "g", "h");

        BulkExporter.Answer a = e.export(b, b.allItems(), 8);
        assertThat(a.unanswered()).isEqualTo(8);
        assertThat(a.problem()).isEqualTo("the request failed: HttpTimeoutException: request timed out");
        assertThat(status.messages())
                .anyMatch(m -> m.contains("did not answer a request of 8 call-log events within requestTimeoutMillis"
                        + " (1500 ms); the next requests carry at most 4"));

        // 4 items: no answer in time; the 4 after them are not sent.
        a = e.export(b, b.allItems(), 8);
        assertThat(a.unanswered()).isEqualTo(8);
        assertThat(transport.requests()).hasSize(2);
        assertThat(transport.requests().get(1).ids()).as("requests reduced").hasSize(4);

        a = e.export(b, b.allItems(), 8);
        assertThat(a.unanswered()).isZero();
        assertThat(transport.requests().subList(2, transport.requests().size()))
                .extracting(r -> r.ids().size())
                .containsExactly(2, 2, 2, 2);
        for (int k = 0; k < 8; k++) {
            assertThat(a.status(k)).isEqualTo(201);
        }

        // A request that fails as a whole otherwise that fails as a whole (connection refused) leaves the size alone.
        transport.script(r -> {
            throw new ConnectException("Connection refused");
        });
        int before = transport.requests().size();
        a = e.export(b, b.allItems(), 8);
        assertThat(a.unanswered()).isEqualTo(8);
        assertThat(transport.requests().subList(before, transport.requests().size()))
                .extracting(r -> r.ids().size())
                .containsExactly(2);
    }

    @Test
    void aMalformedAnswerOrOneWithTheWrongNumberOfItemsIsNoAnswer() throws IOException {
        Batch b = batch("a", "b");
        transport.script(r -> ScriptedTransport.status(200, "{\"errors\":false,\"items\":[{\"create\":"));
        BulkExporter.Answer a = exporter(false).export(b, b.allItems(), 2);
        assertThat(a.unanswered()).isEqualTo(2);
        assertThat(a.problem()).startsWith("malformed bulk response");
        assertThat(a.requestStatus()).isEqualTo(200);

        transport.script(r -> ScriptedTransport.status(200, "{\"errors\":false,\"items\":[]}"));
        a = exporter(false).export(b, b.allItems(), 2);
        assertThat(a.problem()).isEqualTo("the bulk response has 0 items for 2 sent");
    }

    @Test
    void readsRetryAfterInSecondsOrAsADate() {
        assertThat(HttpResult.retryAfterMillis("7", 0)).isEqualTo(7_000);
        assertThat(HttpResult.retryAfterMillis(" 0 ", 0)).isZero();
        assertThat(HttpResult.retryAfterMillis("Wed, 21 Oct 2015 07:28:10 GMT", 1_445_412_480_000L))
                .isEqualTo(10_000);
        assertThat(HttpResult.retryAfterMillis("soon", 0)).isEqualTo(-1);
        assertThat(HttpResult.retryAfterMillis(null, 0)).isEqualTo(-1);
    }
}
