package dev.calllog.core.internal.shipping;

import static dev.calllog.testsupport.http.FakeOpenSearch.bulk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.spool.Spool;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.http.FakeOpenSearch;
import dev.calllog.testsupport.http.FakeOpenSearch.ItemAnswer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper with a disk spool, and the overflow policies, against an in-process node that can be down. */
class SpoolingShipperTest {
    @TempDir
    Path dir;

    private final RecordingStatus sink = new RecordingStatus();
    private final List<BulkShipper<TestRecord>> shippers = new ArrayList<>();
    private final List<FakeOpenSearch> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        shippers.forEach(BulkShipper::stop);
        nodes.forEach(FakeOpenSearch::close);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A node on {@code port} that indexes every item once and answers 409 to an id it has seen. */
    private FakeOpenSearch node(int port, Set<String> indexed) throws IOException {
        FakeOpenSearch n = new FakeOpenSearch(port);
        n.handler(bulk((id, attempt) -> indexed.add(id)
                ? ItemAnswer.created()
                : new ItemAnswer(409, "version_conflict_engine_exception", "document already exists")));
        nodes.add(n);
        return n;
    }

    private CallLogConfig config(int port) {
        CallLogConfig c = new CallLogConfig();
        c.addUrl("http://127.0.0.1:" + port);
        c.setDataStream("calllog-test");
        c.setLingerMillis(10);
        c.setInitialBackoffMillis(20);
        c.setMaxBackoffMillis(100);
        c.setShutdownTimeoutMillis(4_000);
        c.setConnectTimeoutMillis(500);
        c.setRequestTimeoutMillis(2_000);
        c.setDeadLetterFile(null);
        c.setSpoolDir(dir.resolve("spool").toString());
        return c;
    }

    private BulkShipper<TestRecord> shipper(CallLogConfig c, ShippingMetrics metrics) throws Exception {
        assertThat(c.validate()).isEmpty();
        Spool spool = c.spoolDir() == null
                ? null
                : Spool.open(Path.of(c.spoolDir()), c.spoolMaxBytes(), Spool.segmentBytesFor(c.spoolMaxBytes()), sink);
        BulkShipper<TestRecord> s = new BulkShipper<>(
                c,
                new TestRecord.Encoder(),
                OpenSearchHttpTransport.create(c),
                new ThrottledStatus(sink, 0),
                metrics,
                new DeadLetterFile((String) null, 0),
                spool);
        shippers.add(s);
        return s;
    }

    private static List<TestRecord> records(String prefix, int n, int docChars) {
        String pad = "x".repeat(docChars);
        return IntStream.range(0, n)
                .mapToObj(i -> new TestRecord(
                        prefix + String.format("%05d", i),
                        "{\"event_id\":\"" + prefix + String.format("%05d", i) + "\",\"n\":\"" + prefix
                                + String.format("%05d", i) + "\",\"pad\":\"" + pad + "\"}"))
                .toList();
    }

    private static void await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - end)
                    .as("waited %d ms", timeoutMillis)
                    .isNegative();
            Thread.sleep(10);
        }
    }

    private static void awaitEmptyBuffer(ShippingMetrics metrics) throws InterruptedException {
        await(() -> metrics.snapshot().bufferedEvents() == 0, 60_000);
    }

    private static void assertBalanced(ShippingMetrics.Snapshot s) {
        assertThat(s.pending()).as(s.toString()).isZero();
        assertThat(s.offered() + s.replayed())
                .as(s.toString())
                .isEqualTo(s.delivered() + s.duplicates() + s.deadLettered() + s.droppedTotal() + s.spooled());
    }

    private long spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            return files.filter(f -> f.toString().endsWith(".spool")).count();
        }
    }

    @Test
    void spoolsWhileTheNodeIsDownThenShipsTheSpoolInOrderOnceAndDeletesIt() throws Exception {
        int port = freePort();
        ShippingMetrics metrics = new ShippingMetrics();
        BulkShipper<TestRecord> s = shipper(config(port), metrics);
        s.start();
        List<TestRecord> records = records("a", 500, 100);
        for (TestRecord r : records) {
            assertThat(s.offer(r)).isTrue();
        }
        await(() -> metrics.snapshot().durableEvents() == 500, 60_000);
        ShippingMetrics.Snapshot down = metrics.snapshot();
        assertThat(down.bufferedEvents()).isZero();
        assertThat(down.durableEvents()).isEqualTo(500);
        assertThat(down.spoolBytes()).isGreaterThan(500 * 100);
        assertBalanced(down);
        assertThat(sink.containing("written to the spool")).hasSize(1);

        Set<String> indexed = ConcurrentHashMap.newKeySet();
        FakeOpenSearch node = node(port, indexed);
        // The replayed count moves when the answer is read, the segments go right after it.
        await(() -> metrics.snapshot().replayed() == 500 && metrics.snapshot().spoolBytes() == 0, 60_000);

        ShippingMetrics.Snapshot up = metrics.snapshot();
        assertThat(up.delivered()).isEqualTo(500);
        assertThat(up.duplicates()).isZero();
        assertThat(up.droppedTotal()).isZero();
        assertThat(up.spoolBytes()).isZero();
        assertBalanced(up);
        assertThat(spoolFiles()).isZero();
        List<String> sent =
                node.bulkRequests().stream().flatMap(r -> r.bulkIds().stream()).toList();
        assertThat(sent)
                .containsExactlyElementsOf(records.stream().map(TestRecord::id).toList());
    }

    @Test
    void aRestartShipsWhatThePreviousRunSpooledBeforeNewEventsAndTheNodeDeduplicatesResends() throws Exception {
        int port = freePort();
        CallLogConfig c = config(port);
        ShippingMetrics first = new ShippingMetrics();
        BulkShipper<TestRecord> s1 = shipper(c, first);
        s1.start();
        List<TestRecord> old = records("old", 300, 50);
        old.forEach(s1::offer);
        await(() -> first.snapshot().spooled() == 300, 60_000);
        s1.stop();
        assertBalanced(first.snapshot());
        assertThat(first.snapshot().droppedTotal()).isZero();

        // The node already indexed the first 100 (their answer was lost when it went down): replays are 409s.
        Set<String> indexed = ConcurrentHashMap.newKeySet();
        old.subList(0, 100).forEach(r -> indexed.add(r.id()));
        FakeOpenSearch node = node(port, indexed);
        ShippingMetrics second = new ShippingMetrics();
        BulkShipper<TestRecord> s2 = shipper(c, second);
        List<TestRecord> fresh = records("new", 50, 50);
        fresh.forEach(s2::offer);
        s2.start();
        await(() -> second.snapshot().pending() == 0 && second.snapshot().spoolBytes() == 0, 60_000);
        assertThat(s2.flush(60_000)).isTrue();

        ShippingMetrics.Snapshot after = second.snapshot();
        // New events that came while the backlog was there queued behind it, in the spool, to keep the order; once
        // it was replayed (the worker may start late on a busy machine), the rest went from memory. Either way they
        // are sent after every old one (below).
        assertThat(after.spooled()).isBetween(0L, 50L);
        assertThat(after.replayed()).isEqualTo(300 + after.spooled());
        assertBalanced(after);
        assertThat(after.duplicates()).isEqualTo(100);
        assertThat(after.delivered()).isEqualTo(250);
        assertThat(indexed).hasSize(350);
        List<String> sent =
                node.bulkRequests().stream().flatMap(r -> r.bulkIds().stream()).toList();
        assertThat(sent.subList(0, 300))
                .containsExactlyElementsOf(old.stream().map(TestRecord::id).toList());
        assertThat(sent.subList(300, 350))
                .containsExactlyElementsOf(fresh.stream().map(TestRecord::id).toList());
        assertThat(spoolFiles()).isZero();
    }

    @Test
    void stopDuringAnOutageSpoolsEverythingAcceptedWithinTheTimeout() throws Exception {
        int port = freePort();
        ShippingMetrics metrics = new ShippingMetrics();
        BulkShipper<TestRecord> s = shipper(config(port), metrics);
        s.start();
        for (TestRecord r : records("s", 2_000, 50)) {
            assertThat(s.offer(r)).isTrue();
        }
        s.stop();

        ShippingMetrics.Snapshot snap = metrics.snapshot();
        assertThat(snap.spooled()).isEqualTo(2_000);
        assertThat(snap.droppedTotal()).isZero();
        assertThat(snap.durableEvents()).isEqualTo(2_000);
        assertBalanced(snap);
    }

    @Test
    void aFullSpoolDropsNewEventsUnderDropNewestCountedExactly() throws Exception {
        int port = freePort();
        CallLogConfig c = config(port);
        c.setSpoolMaxBytes(1024 * 1024);
        ShippingMetrics metrics = new ShippingMetrics();
        BulkShipper<TestRecord> s = shipper(c, metrics);
        s.start();
        List<TestRecord> records = records("f", 300, 8_000);
        for (TestRecord r : records) {
            // This test is about the spool, not the memory buffer: each event is offered once the last one left it.
            awaitEmptyBuffer(metrics);
            assertThat(s.offer(r)).isTrue();
        }
        await(() -> metrics.snapshot().pending() == 0, 60_000);

        ShippingMetrics.Snapshot snap = metrics.snapshot();
        assertThat(snap.dropped(DropReason.SPOOL_FULL)).isPositive();
        assertThat(snap.spooled() + snap.dropped(DropReason.SPOOL_FULL)).isEqualTo(300);
        assertThat(snap.spoolBytes()).isLessThanOrEqualTo(1024 * 1024);
        assertBalanced(snap);
        assertThat(sink.containing("spool is full")).isNotEmpty();

        Set<String> indexed = ConcurrentHashMap.newKeySet();
        node(port, indexed);
        await(() -> metrics.snapshot().replayed() == snap.spooled(), 60_000);
        // The oldest made it: dropNewest keeps what was spooled first.
        assertThat(indexed)
                .contains(records.get(0).id())
                .doesNotContain(records.get(299).id());
        assertThat(indexed).hasSize((int) snap.spooled());
    }

    @Test
    void aFullSpoolDeletesItsOldestSegmentsUnderDropOldest() throws Exception {
        int port = freePort();
        CallLogConfig c = config(port);
        c.setSpoolMaxBytes(1024 * 1024);
        c.setOverflowPolicy("dropOldest");
        ShippingMetrics metrics = new ShippingMetrics();
        BulkShipper<TestRecord> s = shipper(c, metrics);
        s.start();
        List<TestRecord> records = records("o", 300, 8_000);
        for (TestRecord r : records) {
            awaitEmptyBuffer(metrics);
            assertThat(s.offer(r)).isTrue();
        }
        await(() -> metrics.snapshot().pending() == 0, 60_000);
        ShippingMetrics.Snapshot snap = metrics.snapshot();
        long dropped = snap.dropped(DropReason.SPOOL_FULL);
        assertThat(dropped).isPositive();
        assertBalanced(snap);

        Set<String> indexed = ConcurrentHashMap.newKeySet();
        node(port, indexed);
        await(() -> metrics.snapshot().pending() == 0 && metrics.snapshot().spoolBytes() == 0, 60_000);
        // The newest made it: dropOldest deleted the oldest segments.
        assertThat(indexed)
                .contains(records.get(299).id())
                .doesNotContain(records.get(0).id());
        assertThat(indexed).hasSize((int) (300 - dropped));
    }

    @Test
    void aTornTailLeftByACrashIsReportedAndTheRecordsBeforeItAreShipped() throws Exception {
        int port = freePort();
        CallLogConfig c = config(port);
        ShippingMetrics first = new ShippingMetrics();
        BulkShipper<TestRecord> s1 = shipper(c, first);
        s1.start();
        records("t", 40, 20).forEach(s1::offer);
        await(() -> first.snapshot().spooled() == 40, 60_000);
        s1.stop();
        Path segment;
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            segment = files.filter(f -> f.toString().endsWith(".spool"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
        // A write cut short: a frame header announcing 500 bytes, then only 3 of them.
        Files.write(segment, new byte[] {0, 0, 1, (byte) 244, 1, 2, 3, 4, 'a', 'b', 'c'}, StandardOpenOption.APPEND);

        Set<String> indexed = ConcurrentHashMap.newKeySet();
        node(port, indexed);
        ShippingMetrics second = new ShippingMetrics();
        BulkShipper<TestRecord> s2 = shipper(c, second);
        s2.start();
        await(() -> second.snapshot().replayed() == 40 && second.snapshot().spoolBytes() == 0, 60_000);

        assertThat(indexed).hasSize(40);
        assertThat(second.snapshot().spoolDamagedSegments()).isEqualTo(1);
        assertThat(sink.containing("a torn record")).hasSize(1);
        assertThat(spoolFiles()).isZero();
    }

    /**
     * The spill path does not wait for the export thread: with every request hanging, a buffer that holds about a
     * second of events never drops one; they go to the spool, and once the node answers, each is indexed once.
     */
    @Test
    void aHungNodeNeverMakesTheBufferDropWhileTheSpoolHasRoom() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Set<String> indexed = ConcurrentHashMap.newKeySet();
        FakeOpenSearch hung = new FakeOpenSearch();
        nodes.add(hung);
        FakeOpenSearch.Handler items = bulk((id, attempt) -> indexed.add(id)
                ? ItemAnswer.created()
                : new ItemAnswer(409, "version_conflict_engine_exception", "document already exists"));
        hung.handler(r -> {
            release.await(60, TimeUnit.SECONDS);
            return items.handle(r);
        });
        List<TestRecord> records = records("h", 8_000, 900);
        int rate = 2_000;
        CallLogConfig c = config(hung.port());
        c.setRequestTimeoutMillis(60_000);
        c.setBufferBytes((long) rate * TestRecord.of("h").ndjson().length() + (long) rate * 900);
        ShippingMetrics metrics = new ShippingMetrics();
        BulkShipper<TestRecord> s = shipper(c, metrics);
        s.start();

        long start = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
            long due = start + TimeUnit.SECONDS.toNanos(i) / rate; // a steady load, not a wait for a result
            java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
            s.offer(records.get(i));
        }
        ShippingMetrics.Snapshot during = metrics.snapshot();
        assertThat(during.droppedTotal()).as(during.toString()).isZero();
        assertThat(during.spooled()).as("on disk while every request hangs").isPositive();
        assertThat(hung.bulkRequests())
                .as("the first request is still in flight")
                .hasSize(1);

        release.countDown();
        await(() -> metrics.snapshot().pending() == 0 && metrics.snapshot().spoolBytes() == 0, 60_000);
        ShippingMetrics.Snapshot after = metrics.snapshot();
        assertThat(after.droppedTotal()).isZero();
        assertThat(indexed).hasSize(8_000);
        assertBalanced(after);
    }

    // ---- overflow policies of the memory buffer ----

    private CallLogConfig memoryOnly(String policy) throws IOException {
        return memoryOnly(policy, freePort());
    }

    private CallLogConfig memoryOnly(String policy, int port) {
        CallLogConfig c = config(port);
        c.setSpoolDir(null);
        c.setBufferBytes(10 * TestRecord.of("m00000").ndjson().length());
        c.setOverflowPolicy(policy);
        c.setBlockTimeoutMillis(100);
        return c;
    }

    @Test
    void dropNewestKeepsTheFirstEventsAndNeverWaits() throws Exception {
        ShippingMetrics metrics = new ShippingMetrics();
        BulkShipper<TestRecord> s = shipper(memoryOnly("dropNewest"), metrics);
        List<TestRecord> records = records("m", 25, 0);
        int accepted = 0;
        for (TestRecord r : records) {
            accepted += s.offer(TestRecord.of(r.id())) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(metrics.snapshot().dropped(DropReason.BUFFER_FULL)).isEqualTo(15);
    }

    @Test
    void dropOldestKeepsTheLastEvents() throws Exception {
        Set<String> indexed = ConcurrentHashMap.newKeySet();
        int port = freePort();
        CallLogConfig cc = memoryOnly("dropOldest", port);
        ShippingMetrics metrics = new ShippingMetrics();
        BulkShipper<TestRecord> s = shipper(cc, metrics);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            TestRecord r = TestRecord.of("m" + String.format("%05d", i));
            ids.add(r.id());
            assertThat(s.offer(r)).isTrue();
        }
        assertThat(metrics.snapshot().dropped(DropReason.BUFFER_FULL)).isEqualTo(15);
        assertThat(sink.containing("oldest buffered events are dropped")).hasSize(15);
        node(port, indexed);
        s.start();
        assertThat(s.flush(60_000)).isTrue();
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(ids.subList(15, 25));
    }

    @Test
    void blockWaitsAtMostTheTimeoutThenDrops() throws Exception {
        ShippingMetrics metrics = new ShippingMetrics();
        BulkShipper<TestRecord> s = shipper(memoryOnly("block"), metrics);
        for (int i = 0; i < 10; i++) {
            assertThat(s.offer(TestRecord.of("b0000" + i))).isTrue();
        }
        long t0 = System.nanoTime();
        boolean accepted = s.offer(TestRecord.of("b00010"));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(accepted).isFalse();
        assertThat(waited).isBetween(90L, 2_000L);
        assertThat(metrics.snapshot().dropped(DropReason.BUFFER_FULL)).isEqualTo(1);
    }

    @Test
    void blockLetsEveryEventThroughWhenTheWorkerMakesRoom() throws Exception {
        Set<String> indexed = ConcurrentHashMap.newKeySet();
        int port = freePort();
        CallLogConfig c = config(port);
        c.setSpoolDir(null);
        c.setBufferBytes(10 * TestRecord.of("m00000").ndjson().length());
        c.setOverflowPolicy("block");
        c.setBlockTimeoutMillis(5_000);
        c.setLingerMillis(0);
        ShippingMetrics metrics = new ShippingMetrics();
        node(port, indexed);
        BulkShipper<TestRecord> s = shipper(c, metrics);
        s.start();
        for (int i = 0; i < 500; i++) {
            assertThat(s.offer(TestRecord.of("k" + String.format("%05d", i)))).isTrue();
        }
        assertThat(s.flush(60_000)).isTrue();
        assertThat(indexed).hasSize(500);
        assertThat(metrics.snapshot().droppedTotal()).isZero();
    }

    @Test
    void aBatchTakenAheadWhenTheShipperStopsGoesToTheSpoolInOrderWithTheRest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeOpenSearch slow = new FakeOpenSearch();
        nodes.add(slow);
        FakeOpenSearch.Handler items = bulk((id, attempt) -> ItemAnswer.created());
        slow.handler(r -> {
            if (r.path().endsWith("/_bulk")) {
                release.await(10, TimeUnit.SECONDS); // answers only after the shipper gave up
            }
            return items.handle(r);
        });
        CallLogConfig c = config(slow.port());
        c.setBatchMaxEvents(10);
        c.setShutdownTimeoutMillis(1_000);
        ShippingMetrics first = new ShippingMetrics();
        BulkShipper<TestRecord> s1 = shipper(c, first);
        List<TestRecord> records = records("k", 25, 20);
        records.forEach(r -> assertThat(s1.offer(r)).isTrue());
        s1.start();
        await(() -> slow.bulkRequests().size() == 1 && first.snapshot().bufferedEvents() == 5, 60_000);

        s1.stop();
        release.countDown();
        ShippingMetrics.Snapshot stopped = first.snapshot();
        assertThat(stopped.spooled()).isEqualTo(25);
        assertThat(stopped.droppedTotal()).isZero();
        assertBalanced(stopped);

        int port = freePort();
        Set<String> indexed = ConcurrentHashMap.newKeySet();
        FakeOpenSearch node = node(port, indexed);
        ShippingMetrics second = new ShippingMetrics();
        BulkShipper<TestRecord> s2 = shipper(config(port), second);
        s2.start();
        await(() -> second.snapshot().replayed() == 25, 60_000);
        assertThat(second.snapshot().delivered()).isEqualTo(25);
        assertThat(node.bulkRequests().stream().flatMap(r -> r.bulkIds().stream()))
                .containsExactlyElementsOf(records.stream().map(TestRecord::id).toList());
    }
}
