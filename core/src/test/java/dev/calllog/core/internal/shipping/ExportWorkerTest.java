package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.OverflowPolicy;
import dev.calllog.core.internal.spool.Spool;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.internal.transport.HttpResult;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export thread's decisions, driven turn by turn with a fake clock: nothing sleeps. */
class ExportWorkerTest {
    private static final String REFUSED = "{\"error\":{\"type\":\"security_exception\",\"reason\":\"no permissions\"}}";

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final RecordingStatus sink = new RecordingStatus();
    private final ShippingMetrics metrics = new ShippingMetrics();
    private final ScriptedTransport transport = new ScriptedTransport(ScriptedTransport::allCreated);
    private final BatchHandoff handoff = new BatchHandoff(2);
    private final FlushTracker flushes = new FlushTracker();
    private final StopSignal stop = new StopSignal(clock);
    private OutcomeRecorder recorder;
    private SpoolingExporter spool;

    @AfterEach
    void close() {
        if (spool != null) {
            spool.close();
        }
    }

    /** maxRetries 3, backoff 100..1,000 ms (always the lowest: the random source draws 0), retry timeout 5 s. */
    private ExportWorker worker(boolean withSpool) throws IOException {
        recorder = new OutcomeRecorder(
                metrics,
                new ThrottledStatus(sink, 0),
                new DeadLetterFile(dir.resolve("dead.ndjson").toString(), 1 << 20),
                0,
                withSpool);
        if (withSpool) {
            spool = new SpoolingExporter(
                    Spool.open(dir.resolve("spool"), 1 << 20, 1 << 16, sink),
                    OverflowPolicy.DROP_NEWEST,
                    0,
                    recorder,
                    clock);
        }
        return new ExportWorker(
                handoff,
                new BulkExporter(transport, "calllog-test", false, 30_000, recorder, clock),
                new RetryPolicy(3, 100, 1_000, 5_000, new FixedRandom(0)),
                recorder,
                spool,
                flushes,
                stop,
                clock,
                1_000,
                1 << 20);
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

    private boolean deliver(ExportWorker w, Batch b) {
        return w.deliver(b, b.allItems(), b.items());
    }

    private List<List<String>> sent() {
        return transport.requests().stream().map(ScriptedTransport.Request::ids).toList();
    }

    @Test
    void itemsAnswered429AreSentAgainAloneAfterABackoff() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        transport.script(r -> ScriptedTransport.items(
                r,
                id -> id.equals("b") && calls.getAndIncrement() < 2 ? "429 es_rejected_execution_exception" : "201"));
        ExportWorker w = worker(false);

        assertThat(deliver(w, batch("a", "b", "c"))).isTrue();

        assertThat(sent()).containsExactly(List.of("a", "b", "c"), List.of("b"), List.of("b"));
        assertThat(clock.parkedMillis()).as("two backoffs of 100 ms").isEqualTo(200);
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.delivered()).isEqualTo(3);
        assertThat(s.retried()).isEqualTo(2);
    }

    @Test
    void itemsStillBusyAfterMaxRetriesAreDroppedAndCounted() throws IOException {
        transport.script(
                r -> ScriptedTransport.items(r, id -> id.equals("a") ? "201" : "503 unavailable_shards_exception"));
        ExportWorker w = worker(false);

        deliver(w, batch("a", "b"));

        assertThat(sent()).hasSize(4);
        assertThat(metrics.snapshot().dropped(DropReason.RETRIES_EXHAUSTED)).isEqualTo(1);
        assertThat(sink.containing("dropped after 3 retries (last answer: 503 unavailable_shards_exception: because)"))
                .hasSize(1);
    }

    @Test
    void withoutASpoolAFailingRequestIsRetriedForTheRetryTimeoutThenDropped() throws IOException {
        transport.script(r -> ScriptedTransport.status(503, "{\"error\":\"unavailable\"}"));
        ExportWorker w = worker(false);

        deliver(w, batch("a", "b"));

        assertThat(metrics.snapshot().dropped(DropReason.RETRY_TIMEOUT)).isEqualTo(2);
        assertThat(clock.parkedMillis()).as("never past the retry timeout").isEqualTo(5_000);
        assertThat(sink.containing("OpenSearch did not take them within 5000 ms"))
                .hasSize(1);
    }

    @Test
    void refusedCredentialsKeepTheEventsPastTheRetryTimeoutUntilFixedAndSaySo() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        transport.script(r -> calls.getAndIncrement() < 60
                ? ScriptedTransport.status(403, REFUSED)
                : ScriptedTransport.allCreated(r));
        ExportWorker w = worker(false);

        deliver(w, batch("a", "b"));

        assertThat(clock.parkedMillis()).as("past the 5 s retry timeout").isEqualTo(6_000);
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.delivered()).isEqualTo(2);
        assertThat(s.droppedTotal()).isZero();
        assertThat(s.deadLettered()).isZero();
        assertThat(sink.containing("answered 403 to POST /calllog-test/_bulk: security_exception: no permissions. The"
                        + " events are kept"))
                .hasSize(60);
        assertThat(sink.messages()).allMatch(m -> m.startsWith("ERROR"));
    }

    @Test
    void documentsRefused403AreKeptNotDeadLettered() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        transport.script(
                r -> ScriptedTransport.items(r, id -> calls.getAndIncrement() < 6 ? "403 security_exception" : "201"));
        ExportWorker w = worker(false);

        deliver(w, batch("a", "b"));

        assertThat(metrics.snapshot().delivered()).isEqualTo(2);
        assertThat(metrics.snapshot().deadLettered()).isZero();
        assertThat(Files.exists(dir.resolve("dead.ndjson"))).isFalse();
        assertThat(sink.containing("OpenSearch refused 2 call-log documents (403 security_exception: because)"))
                .hasSize(3);
    }

    @Test
    void aDocumentRejectedWith400GoesToTheDeadLettersWithItsReason() throws IOException {
        transport.script(
                r -> ScriptedTransport.items(r, id -> id.equals("bad") ? "400 mapper_parsing_exception" : "201"));
        ExportWorker w = worker(false);

        deliver(w, batch("ok", "bad"));

        assertThat(metrics.snapshot().deadLettered()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("dead.ndjson")))
                .contains("mapper_parsing_exception")
                .contains("because")
                .contains("\"document\":{\"event_id\":\"bad\",\"event\":\"call_completed\",\"n\":\"bad\"}");
        assertThat(sent()).hasSize(1);
    }

    @Test
    void withASpoolAFailedBatchIsSpooledAtOnceAndTheNextWaitsThereUntilTheProbe() throws IOException {
        transport.script(r -> {
            throw new ConnectException("Connection refused");
        });
        ExportWorker w = worker(true);
        Batch first = batch("a", "b");
        first.seq = flushes.open();
        handoff.submit(first);

        assertThat(w.turn()).isZero();

        assertThat(sent()).hasSize(1);
        assertThat(metrics.snapshot().spooled()).isEqualTo(2);
        assertThat(spool.outage()).isTrue();
        assertThat(sink.containing("they are written to the spool in")).hasSize(1);

        Batch second = handoff.acquire();
        second.seq = flushes.open();
        TestRecord.Encoder e = new TestRecord.Encoder();
        e.encode(TestRecord.of("c"), second.body());
        second.addItem(0);
        handoff.submit(second);
        w.turn();
        assertThat(sent()).as("no request during the outage").hasSize(1);
        assertThat(metrics.snapshot().spooled()).isEqualTo(3);

        long wait = w.turn();
        assertThat(wait).as("parks until the probe").isPositive();
        clock.park(this, wait);
        transport.script(ScriptedTransport::allCreated);
        w.turn(); // the probe: the spool's first batch
        assertThat(sent().get(1)).containsExactly("a", "b", "c");
        assertThat(spool.outage()).isFalse();
        assertThat(spool.backlog()).isFalse();
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.replayed()).isEqualTo(3);
        assertThat(s.delivered()).isEqualTo(3);
        assertThat(s.spooled()).isEqualTo(3);
    }

    @Test
    void atTheStopDeadlineWhatIsLeftIsSpooledOrCountedAsLost() throws IOException {
        transport.script(r -> ScriptedTransport.status(503, "{}"));
        ExportWorker memory = worker(false);
        stop.stop(clock.nanoTime() + 250_000_000L);

        deliver(memory, batch("a", "b"));

        assertThat(clock.parkedMillis()).isLessThanOrEqualTo(250);
        assertThat(metrics.snapshot().dropped(DropReason.SHUTDOWN)).isEqualTo(2);
        assertThat(memory.lostAtStop()).isEqualTo(2);
    }

    @Test
    void aSpooledBatchThatFailsAgainStaysInTheSpoolToBeReadAgain() throws IOException {
        transport.script(r -> {
            throw new ConnectException("Connection refused");
        });
        ExportWorker w = worker(true);
        Batch b = batch(IntStream.range(0, 5).mapToObj(i -> "s" + i).toArray(String[]::new));
        spool.append(b, b.allItems(), 5);

        w.turn(); // the probe is due (no outage yet): it fails

        assertThat(spool.outage()).isTrue();
        assertThat(spool.backlog()).isTrue();
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.spooled()).as("not spooled twice").isEqualTo(5);
        assertThat(s.replayed()).isZero();
        assertThat(s.droppedTotal()).isZero();
        clock.park(this, w.turn());
        transport.script(ScriptedTransport::allCreated);
        w.turn();
        assertThat(metrics.snapshot().replayed()).isEqualTo(5);
        assertThat(spool.spool().sizeBytes()).isZero();
    }

    /**
     * A node that answers no request of more than 2 items in time: a batch read back from the spool goes in smaller
     * requests, and once some of them were answered, a later timeout does not send it again from its start.
     */
    @Test
    void aSpooledBatchPartlyAnsweredBeforeATimeoutGoesOnFromWhereItIs() throws IOException {
        // 2 answered, 2 without an answer in time, then 1 by 1 after a backoff
        replayEightFromTheSpool(small -> small == 1);

        assertThat(sent())
                .containsExactly(
                        List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"),
                        List.of("s0", "s1", "s2", "s3"),
                        List.of("s0", "s1"),
                        List.of("s2", "s3"),
                        List.of("s2"),
                        List.of("s3"),
                        List.of("s4"),
                        List.of("s5"),
                        List.of("s6"),
                        List.of("s7"));
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.replayed()).isEqualTo(8);
        assertThat(s.duplicates()).isZero();
        assertThat(s.droppedTotal()).isZero();
        assertThat(spool.spool().sizeBytes()).isZero();
        assertThat(sink.containing("the next requests carry at most 1")).isNotEmpty();
    }

    @Test
    void aSpooledBatchPartlyAnsweredIsNotSentAgainFromItsStartWhenALaterRoundGetsNoAnswer() throws IOException {
        // 2 answered, 2 without an answer; then a round with no answer at all, then 1 by 1
        replayEightFromTheSpool(small -> small == 1 || small == 2);

        assertThat(sent())
                .containsExactly(
                        List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"),
                        List.of("s0", "s1", "s2", "s3"),
                        List.of("s0", "s1"),
                        List.of("s2", "s3"),
                        List.of("s2"),
                        List.of("s2"),
                        List.of("s3"),
                        List.of("s4"),
                        List.of("s5"),
                        List.of("s6"),
                        List.of("s7"));
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.replayed()).isEqualTo(8);
        assertThat(s.delivered()).isEqualTo(8);
        assertThat(s.duplicates()).isZero();
        assertThat(spool.spool().sizeBytes()).isZero();
    }

    /**
     * Spools s0 to s7 and lets the worker read them back from a node that answers no request of more than 2 items in
     * time, nor the requests of at most 2 items whose number (from 0) {@code timesOut} names.
     */
    private void replayEightFromTheSpool(java.util.function.IntPredicate timesOut) throws IOException {
        AtomicInteger small = new AtomicInteger();
        transport.script(r -> {
            if (r.ids().size() > 2 || timesOut.test(small.getAndIncrement())) {
                throw new java.net.http.HttpTimeoutException("request timed out");
            }
            return ScriptedTransport.allCreated(r);
        });
        ExportWorker w = worker(true);
        Batch b = batch(IntStream.range(0, 8).mapToObj(i -> "s" + i).toArray(String[]::new));
        spool.append(b, b.allItems(), 8);

        w.turn(); // 8 items: no answer in time; read again after the probe's backoff
        clock.park(this, w.turn());
        w.turn(); // 4 items: no answer in time
        clock.park(this, w.turn());
        w.turn(); // 2 items at a time, then as timesOut says
    }

    @Test
    void aNetworkAnswerCarryingRetryAfterIsWaitedFor() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        transport.script(r -> calls.getAndIncrement() == 0
                ? new HttpResult(429, "{}".getBytes(), 700)
                : ScriptedTransport.allCreated(r));
        ExportWorker w = worker(false);
        deliver(w, batch("a"));
        assertThat(clock.parkedMillis()).isEqualTo(700);
    }
}
