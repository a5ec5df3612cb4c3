package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.OverflowPolicy;
import dev.calllog.core.internal.spool.Spool;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolingExporterTest {
    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final RecordingStatus sink = new RecordingStatus();
    private final ShippingMetrics metrics = new ShippingMetrics();
    private final OutcomeRecorder recorder =
            new OutcomeRecorder(metrics, new ThrottledStatus(sink, 0), new DeadLetterFile((String) null, 0), 0, true);
    private final List<SpoolingExporter> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(SpoolingExporter::close);
    }

    private SpoolingExporter spooling(long maxBytes, OverflowPolicy policy) throws IOException {
        Spool spool = Spool.open(dir.resolve("spool"), maxBytes, Spool.segmentBytesFor(maxBytes), sink);
        SpoolingExporter s = new SpoolingExporter(spool, policy, 0, recorder, clock);
        open.add(s);
        return s;
    }

    private static Batch batch(String prefix, int n, int pad) {
        Batch b = new Batch();
        for (int i = 0; i < n; i++) {
            int start = b.body().length();
            String id = prefix + i;
            new TestRecord.Encoder()
                    .encode(
                            new TestRecord(
                                    id,
                                    "{\"event_id\":\"" + id + "\",\"n\":\"" + id + "\",\"pad\":\"" + "x".repeat(pad)
                                            + "\"}"),
                            b.body());
            b.addItem(start);
        }
        return b;
    }

    private static List<String> ids(Batch b) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < b.items(); i++) {
            String line = new String(b.array(), b.itemOffset(i), b.itemLength(i), StandardCharsets.UTF_8);
            int at = line.indexOf("\"_id\":\"") + 7;
            ids.add(line.substring(at, line.indexOf('"', at)));
        }
        return ids;
    }

    private SpoolingExporter spooling(long maxBytes, SpoolSyncer.Forcer forcer) throws IOException {
        Spool spool = Spool.open(dir.resolve("spool"), maxBytes, Spool.segmentBytesFor(maxBytes), sink);
        SpoolingExporter s = new SpoolingExporter(spool, OverflowPolicy.DROP_NEWEST, 0, recorder, clock, forcer);
        open.add(s);
        return s;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - end).as("waited 60 s for: %s", what).isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void aDeviceThatDoesNotAnswerNeverHoldsUpWritingAndDurabilityFollowsTheForce() throws Exception {
        CountDownLatch deviceAnswers = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        Set<Thread> forcingThreads = ConcurrentHashMap.newKeySet();
        SpoolingExporter s = spooling(8L << 20, p -> {
            forcingThreads.add(Thread.currentThread());
            forces.incrementAndGet();
            try {
                deviceAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.force();
        });

        try {
            writeWhileTheDeviceHoldsTheFirstForce(s, deviceAnswers, forces, forcingThreads);
        } finally {
            deviceAnswers.countDown();
        }
    }

    private void writeWhileTheDeviceHoldsTheFirstForce(
            SpoolingExporter s, CountDownLatch deviceAnswers, AtomicInteger forces, Set<Thread> forcingThreads)
            throws InterruptedException {
        int written = 0;
        for (int i = 0; i < 200; i++) {
            Batch b = batch("b" + i + "-", 50, 200);
            assertThat(s.append(b, b.allItems(), 50)).isEqualTo(50);
            written += 50;
        }
        assertThat(metrics.snapshot().spooled())
                .as("every batch written while the device held the first force")
                .isEqualTo(written);
        await("the first force started", () -> forces.get() == 1);
        assertThat(metrics.snapshot().durableEvents())
                .as("nothing is durable before the device answers")
                .isLessThan(written);
        assertThat(forcingThreads).doesNotContain(Thread.currentThread());
        assertThat(s.spool().sizeBytes())
                .as("more than one segment written meanwhile")
                .isGreaterThan(Spool.segmentBytesFor(8L << 20));

        deviceAnswers.countDown();
        int all = written;
        await("everything written is durable", () -> metrics.snapshot().durableEvents() == all);
        assertThat(forcingThreads).hasSize(1);
    }

    @Test
    void aFailedForceIsReportedAndWhatItHeldIsForcedWithTheNextSync() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        SpoolingExporter s = spooling(1 << 20, p -> {
            if (forces.incrementAndGet() == 1) {
                throw new IOException("device error");
            }
            p.force();
        });
        Batch a = batch("a", 3, 10);
        assertThat(s.append(a, a.allItems(), 3)).isEqualTo(3);
        await("the failure reported", () -> !sink.containing("Syncing the call-log spool to disk failed")
                .isEmpty());
        assertThat(metrics.snapshot().durableEvents()).isZero();

        Batch b = batch("b", 2, 10);
        assertThat(s.append(b, b.allItems(), 2)).isEqualTo(2);
        await("both batches durable", () -> metrics.snapshot().durableEvents() == 5);
        assertThat(forces.get()).isEqualTo(2);
    }

    @Test
    void closingSyncsWhatIsLeftAndKeepsTheSegments() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        SpoolingExporter s = spooling(1 << 20, p -> {
            forces.incrementAndGet();
            p.force();
        });
        s.deferSync();
        Batch a = batch("a", 3, 10);
        assertThat(s.append(a, a.allItems(), 3)).isEqualTo(3);
        assertThat(forces.get()).as("deferred to the close").isZero();
        s.close();
        open.remove(s);
        assertThat(forces.get()).isEqualTo(1);
        assertThat(metrics.snapshot().durableEvents()).isEqualTo(3);
        try (var files = Files.list(dir.resolve("spool"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".spool"))).isNotEmpty();
        }
    }

    @Test
    void whatIsWrittenIsReadBackInOrderAndDeletedOnceDone() throws Exception {
        SpoolingExporter s = spooling(1 << 20, OverflowPolicy.DROP_NEWEST);
        assertThat(s.backlog()).isFalse();
        Batch a = batch("a", 3, 10);
        Batch b = batch("b", 2, 10);

        assertThat(s.append(a, a.allItems(), 3)).isEqualTo(3);
        assertThat(s.append(b, new int[] {1}, 1)).isEqualTo(1);

        assertThat(s.backlog()).isTrue();
        assertThat(metrics.snapshot().spooled()).isEqualTo(4);
        await("synced after the batches", () -> metrics.snapshot().durableEvents() == 4);
        Batch read = new Batch();
        assertThat(s.read(read, 100, 1 << 20)).isTrue();
        assertThat(read.replayed).isTrue();
        assertThat(ids(read)).containsExactly("a0", "a1", "a2", "b1");

        s.finishReplay(false);
        assertThat(s.backlog()).as("rewound: read again").isTrue();
        s.read(read, 2, 1 << 20);
        assertThat(ids(read)).containsExactly("a0", "a1");
        s.finishReplay(true);
        s.read(read, 100, 1 << 20);
        assertThat(ids(read)).containsExactly("a2", "b1");
        s.finishReplay(true);
        assertThat(s.backlog()).isFalse();
        assertThat(s.spool().sizeBytes()).isZero();
    }

    @Test
    void aFullSpoolDropsWhatDoesNotFitUnderDropNewest() throws IOException {
        SpoolingExporter s = spooling(64 * 1024, OverflowPolicy.DROP_NEWEST);
        Batch b = batch("f", 100, 1_000);

        assertThat(s.append(b, b.allItems(), 100)).isEqualTo(100);

        ShippingMetrics.Snapshot m = metrics.snapshot();
        assertThat(m.spooled()).isBetween(50L, 65L);
        assertThat(m.spooled() + m.dropped(DropReason.SPOOL_FULL)).isEqualTo(100);
        assertThat(s.spool().sizeBytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(sink.containing("spool is full (65536 bytes): new events are dropped"))
                .isNotEmpty();
    }

    @Test
    void aFullSpoolDeletesItsOldestSegmentUnderDropOldestButNeverOneBeingReplayed() throws IOException {
        SpoolingExporter s = spooling(64 * 1024, OverflowPolicy.DROP_OLDEST);
        Batch old = batch("o", 60, 1_000);
        s.append(old, old.allItems(), 60);
        Batch fresh = batch("n", 20, 1_000);
        s.append(fresh, fresh.allItems(), 20);
        long lost = metrics.snapshot().dropped(DropReason.SPOOL_FULL);
        assertThat(lost).as("the oldest segments' events").isPositive();
        Batch read = new Batch();
        s.read(read, 1_000, 1 << 20);
        assertThat(ids(read)).endsWith("n19").doesNotContain("o0");

        // While a batch read back is in flight, its segment stays: the new event is dropped instead.
        long before = metrics.snapshot().dropped(DropReason.SPOOL_FULL);
        Batch more = batch("m", 60, 1_000);
        s.append(more, more.allItems(), 60);
        assertThat(metrics.snapshot().dropped(DropReason.SPOOL_FULL) - before).isPositive();
        s.finishReplay(true);
    }

    @Test
    void underDropOldestTheWorkerWaitsForAReplayOfTheExportThreadAndKeepsTheNewest() throws Exception {
        SpoolingExporter s = spooling(64 * 1024, OverflowPolicy.DROP_OLDEST);
        Batch old = batch("o", 60, 1_000);
        s.append(old, old.allItems(), 60);
        Batch read = new Batch();
        s.read(read, 1_000, 1 << 20); // the export thread sends what the spool holds
        long before = metrics.snapshot().dropped(DropReason.SPOOL_FULL);

        Batch more = batch("m", 40, 1_000);
        int[] settled = new int[1];
        Thread worker = new Thread(() -> settled[0] = s.append(more, more.allItems(), 40));
        worker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!s.writerWaitsForReplay() && worker.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(s.writerWaitsForReplay())
                .as("the full spool's write waits for the replay")
                .isTrue();
        s.finishReplay(true); // delivered: its segments go, and the waiting write finds room
        worker.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(worker.isAlive()).isFalse();
        assertThat(settled[0]).isEqualTo(40);
        long dropped = metrics.snapshot().dropped(DropReason.SPOOL_FULL) - before;
        Batch after = new Batch();
        s.read(after, 1_000, 1 << 20);
        // What dropOldest gave up to make room is the oldest of the new events, never the newest.
        assertThat(ids(after))
                .as("the newest events, in order")
                .isEqualTo(IntStream.range((int) dropped, 40)
                        .mapToObj(i -> "m" + i)
                        .toList());
        assertThat(dropped)
                .as("the oldest of the new events, when the spool's last segment had no room")
                .isLessThan(40);
        s.finishReplay(true);
    }

    @Test
    void underBlockAFullSpoolLeavesTheRestToTheCallerAndStopsTheSpillUntilThereIsRoom() throws IOException {
        SpoolingExporter s = spooling(64 * 1024, OverflowPolicy.BLOCK);
        s.enterOutage("down", new RetryPolicy(3, 100, 1_000, 10_000, new FixedRandom(0)), -1);
        assertThat(s.wantsSpill()).isTrue();
        Batch b = batch("k", 100, 1_000);

        int settled = s.append(b, b.allItems(), 100);

        assertThat(settled).isBetween(50, 65);
        assertThat(metrics.snapshot().spooled()).isEqualTo(settled);
        assertThat(metrics.snapshot().droppedTotal()).isZero();
        assertThat(s.wantsSpill()).as("events stay in memory now").isFalse();
        Batch read = new Batch();
        s.read(read, 1_000, 1 << 20);
        s.finishReplay(true);
        assertThat(s.wantsSpill()).as("room again").isTrue();
    }

    @Test
    void anOutageLastsUntilTheProbeAfterABackoffThatGrows() throws IOException {
        SpoolingExporter s = spooling(1 << 20, OverflowPolicy.DROP_NEWEST);
        RetryPolicy policy = new RetryPolicy(3, 100, 1_000, 10_000, new FixedRandom(0.999_999));
        assertThat(s.probeDue()).isTrue();

        s.enterOutage("connection refused", policy, -1);
        assertThat(s.outage()).isTrue();
        assertThat(s.wantsSpill()).isTrue();
        assertThat(s.probeDue()).isFalse();
        clock.advanceMillis(100);
        assertThat(s.probeDue()).isTrue();
        s.enterOutage("connection refused", policy, -1);
        clock.advanceMillis(199);
        assertThat(s.probeDue()).isFalse();
        clock.advanceMillis(1);
        assertThat(s.probeDue()).isTrue();
        s.enterOutage("connection refused", policy, 900);
        clock.advanceMillis(899);
        assertThat(s.probeDue()).as("Retry-After").isFalse();

        s.leaveOutage();
        assertThat(s.outage()).isFalse();
        assertThat(s.probeDue()).isTrue();
        assertThat(sink.containing("written to the spool in"))
                .as("reported once per outage")
                .hasSize(1);
    }

    @Test
    void spillingNeverWaitsForAReplayInFlight() throws Exception {
        SpoolingExporter s = spooling(1 << 24, OverflowPolicy.DROP_NEWEST);
        Batch first = batch("a", 100, 100);
        s.append(first, first.allItems(), 100);
        Batch read = new Batch();
        s.read(read, 1_000, 1 << 20); // the export thread sends it now, without the lock
        Thread worker = new Thread(() -> IntStream.range(0, 50).forEach(i -> {
            Batch b = batch("w" + i + "-", 20, 100);
            s.append(b, b.allItems(), 20);
        }));
        worker.start();
        worker.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(worker.isAlive()).isFalse();
        s.finishReplay(true);
        assertThat(metrics.snapshot().spooled()).isEqualTo(100 + 50 * 20);
        s.read(read, 10_000, 1 << 24);
        assertThat(read.items()).isEqualTo(1_000);
        assertThat(ids(read).get(0)).isEqualTo("w0-0");
    }
}
