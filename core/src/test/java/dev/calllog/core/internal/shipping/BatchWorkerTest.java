package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.OverflowPolicy;
import dev.calllog.core.internal.spool.Spool;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch worker's routing, turn by turn with a fake clock; the test plays the export thread. */
class BatchWorkerTest {
    private static final int ITEM = TestRecord.of("r0000").ndjson().length();
    private static final long LINGER_MILLIS = 200;

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final ShippingMetrics metrics = new ShippingMetrics();
    private final OutcomeRecorder recorder = new OutcomeRecorder(
            metrics, new ThrottledStatus(new RecordingStatus(), 0), new DeadLetterFile((String) null, 0), 0, true);
    private final FlushTracker flushes = new FlushTracker();
    private final BatchHandoff handoff = new BatchHandoff(2);
    private final StopSignal stop = new StopSignal(clock);
    private RecordBuffer<TestRecord> buffer;
    private SpoolingExporter spool;
    private int next;

    @AfterEach
    void close() {
        if (spool != null) {
            spool.close();
        }
    }

    /** Batches of 10 events; a buffer of 40 events. */
    private BatchWorker<TestRecord> worker(boolean withSpool) throws IOException {
        long bufferBytes = 40L * ITEM;
        buffer = new RecordBuffer<>(
                bufferBytes, OverflowPolicy.DROP_NEWEST, 0, r -> r.ndjson().length(), recorder, clock);
        if (withSpool) {
            spool = new SpoolingExporter(
                    Spool.open(dir.resolve("spool"), 1 << 20, 1 << 16, new RecordingStatus()),
                    OverflowPolicy.DROP_NEWEST,
                    0,
                    recorder,
                    clock);
        }
        BatchAssembler<TestRecord> assembler =
                new BatchAssembler<>(buffer, new TestRecord.Encoder(), recorder, flushes, 10, 1 << 20);
        return new BatchWorker<>(
                buffer,
                assembler,
                handoff,
                spool,
                flushes,
                recorder,
                stop,
                clock,
                new GzipCompressor(),
                10,
                1 << 20,
                LINGER_MILLIS,
                bufferBytes);
    }

    private void offer(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(buffer.offer(TestRecord.of(String.format("r%04d", next++))))
                    .isTrue();
        }
    }

    private static List<String> ids(Batch b) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < b.items(); i++) {
            String item = new String(b.array(), b.itemOffset(i), b.itemLength(i), StandardCharsets.UTF_8);
            int at = item.indexOf("\"_id\":\"") + 7;
            ids.add(item.substring(at, item.indexOf('"', at)));
        }
        return ids;
    }

    private List<String> spooled() {
        Batch b = new Batch();
        spool.read(b, 10_000, 1 << 20);
        List<String> ids = ids(b);
        spool.finishReplay(false);
        return ids;
    }

    @Test
    void aBatchWaitsForTheLingerThenGoesToTheExportThreadGzipped() throws IOException {
        BatchWorker<TestRecord> w = worker(false);
        offer(3);

        long wait = w.turn();

        assertThat(TimeUnit.NANOSECONDS.toMillis(wait)).isEqualTo(LINGER_MILLIS);
        assertThat(handoff.hasReady()).isFalse();
        clock.park(this, wait);
        assertThat(w.turn()).isZero();
        Batch b = handoff.take();
        assertThat(ids(b)).containsExactly("r0000", "r0001", "r0002");
        assertThat(b.compressedWhole())
                .as("gzipped while the previous request is in flight")
                .isNotNull();
        assertThat(buffer.bufferedEvents()).isZero();
    }

    @Test
    void aWholeBatchOrAFlushDoesNotWaitForTheLinger() throws Exception {
        BatchWorker<TestRecord> w = worker(false);
        offer(12);
        assertThat(w.turn()).isZero();
        assertThat(ids(handoff.take())).hasSize(10);

        Thread flusher = new Thread(() -> flushes.flush(buffer.acceptedCount(), 60_000, () -> {}));
        flusher.start();
        while (!flushes.waiting()) {
            Thread.onSpinWait();
        }
        assertThat(w.turn()).isZero();
        assertThat(ids(handoff.take())).containsExactly("r0010", "r0011");
        flusher.interrupt();
    }

    @Test
    void withBothBatchesOutAndNoSpoolTheWorkerWaitsAndTheBufferHoldsTheEvents() throws IOException {
        BatchWorker<TestRecord> w = worker(false);
        offer(20);
        w.turn();
        Batch inFlight = handoff.take();
        w.turn();
        assertThat(handoff.hasReady()).isTrue();
        offer(40);

        assertThat(w.turn()).as("parks until a batch comes back").isPositive();

        assertThat(buffer.bufferedEvents()).isEqualTo(40);
        assertThat(buffer.offer(TestRecord.of("over"))).isFalse();
        handoff.release(inFlight);
        assertThat(w.turn()).as("the slot is still taken").isPositive();
    }

    @Test
    void withBothBatchesOutAndTheBufferHalfFullTheWorkerSpillsTheWaitingBatchThenTheBuffer() throws IOException {
        BatchWorker<TestRecord> w = worker(true);
        offer(20);
        w.turn();
        Batch inFlight = handoff.take(); // r0000..r0009: a request that hangs
        w.turn(); // r0010..r0019 wait in the slot
        offer(20); // the buffer is half full

        for (int turn = 0; turn < 3; turn++) {
            assertThat(w.turn()).isZero();
        }

        assertThat(handoff.hasReady()).isFalse();
        assertThat(buffer.bufferedEvents()).isZero();
        List<String> onDisk = spooled();
        assertThat(onDisk).hasSize(30);
        assertThat(onDisk.get(0)).isEqualTo("r0010");
        assertThat(onDisk.get(29)).isEqualTo("r0039");
        assertThat(spool.wantsSpill())
                .as("a backlog: newer events go behind it")
                .isTrue();
        offer(1);
        clock.park(this, w.turn());
        w.turn();
        assertThat(spooled()).hasSize(31);
        assertThat(ids(inFlight)).hasSize(10);
        assertThat(metrics.snapshot().droppedTotal()).isZero();
    }

    @Test
    void duringAnOutageEveryBatchGoesToTheSpool() throws IOException {
        BatchWorker<TestRecord> w = worker(true);
        spool.enterOutage("connection refused", new RetryPolicy(3, 100, 1_000, 10_000, new FixedRandom(0)), -1);
        offer(25);

        w.turn();
        w.turn();
        clock.park(this, w.turn()); // the last five linger
        w.turn();

        assertThat(spooled()).hasSize(25);
        assertThat(handoff.allFree()).isTrue();
        assertThat(metrics.snapshot().spooled()).isEqualTo(25);
    }

    @Test
    void atStopTheWorkerSpoolsWhatIsLeftAfterTheExportThreadInTheOrderTaken() throws IOException {
        BatchWorker<TestRecord> w = worker(true);
        offer(20);
        w.turn();
        Batch inFlight = handoff.take();
        w.turn(); // r0010..r0019 wait in the slot
        offer(5);
        stop.stop(clock.nanoTime());
        assertThat(w.turn()).as("the time is up").isEqualTo(-1);

        // The export thread spools its batch, then ends; then the worker goes on.
        w.finish(DropReason.SHUTDOWN, () -> spool.append(inFlight, inFlight.allItems(), inFlight.items()));

        List<String> onDisk = spooled();
        assertThat(onDisk).hasSize(25);
        assertThat(onDisk.subList(0, 3)).containsExactly("r0000", "r0001", "r0002");
        assertThat(onDisk.get(10)).isEqualTo("r0010");
        assertThat(onDisk.get(24)).isEqualTo("r0024");
        assertThat(metrics.snapshot().droppedTotal()).isZero();
        assertThat(w.lostAtStop()).isZero();
    }

    @Test
    void atStopWithoutASpoolWhatIsLeftIsCountedAsLost() throws IOException {
        BatchWorker<TestRecord> w = worker(false);
        offer(20);
        w.turn();
        handoff.take();
        w.turn();
        offer(5);
        stop.stop(clock.nanoTime());
        assertThat(w.turn()).isEqualTo(-1);

        w.finish(DropReason.SHUTDOWN, () -> {});

        assertThat(metrics.snapshot().dropped(DropReason.SHUTDOWN)).isEqualTo(15);
        assertThat(w.lostAtStop()).isEqualTo(15);
    }

    @Test
    void anIdleWorkerParksAtMostASecondAndIsWokenByTheNextOffer() throws IOException {
        BatchWorker<TestRecord> w = worker(false);
        assertThat(w.turn()).isEqualTo(BatchWorker.IDLE_PARK_NANOS);
        assertThat(buffer.consumerParked()).isTrue();
        offer(1);
        assertThat(buffer.consumerParked()).as("the offer woke it").isFalse();
    }
}
