package dev.calllog.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.logback.CallLogAppender;
import dev.calllog.testsupport.OpenSearchExtension;
import dev.calllog.testsupport.OpenSearchNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A real node killed under steady load, then started again: with the spool, without it, and a short kill. */
@ExtendWith(OpenSearchExtension.class)
class NodeFaultsIT {
    private static final Duration SETTLE = Duration.ofMinutes(5);
    /** Events per request: at most this many of a request that got no answer can be in doubt. */
    private static final int BATCH_MAX_EVENTS = 1_000;

    @TempDir
    Path tmp;

    /**
     * SIGKILL while bulk requests flow (one every ~100 ms), the node started again after 30 s (10 s scaled): the
     * events logged meanwhile wait in memory, retried; none is lost, none indexed twice. Without a spool, memory must
     * hold the whole outage, however long the node takes to start again on a busy machine (a minute and more under
     * CPU stress): the buffer is sized for five minutes of this load.
     */
    @Test
    void nodeKilledUnderLoadAndRestartedLosesNothingAndDuplicatesNothing(OpenSearchNode node) throws Exception {
        Duration down = Scale.of(Duration.ofSeconds(10), Duration.ofSeconds(30));
        String stream = "calllog-fault-kill";
        int rate = 500;
        long bufferBytes = 512L * 1024 * 1024;
        try (LogbackHarness h = LogbackHarness.start(settings(node, stream, a -> a.setBufferBytes(bufferBytes)))) {
            SteadyLoad load = new SteadyLoad(h.log, "kill", rate).start();
            waitForDeliveries(h, 500);
            long t0 = System.nanoTime();
            node.kill();
            Waits.during(down, () -> {});
            node.start();
            long downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            waitForDeliveriesAfterRecovery(h);
            long sent = load.stop();
            Waits.untilSettled("everything settled", SETTLE, h::metrics);
            ShippingMetrics.Snapshot m = h.metrics();

            Docs.Tally t = Docs.Tally.read(node.http(), stream, "kill", sent);
            t.into(new Figures("node-killed-and-restarted"))
                    .put("rate_per_s", rate)
                    .put("down_ms", downMillis)
                    .put("failed_requests", m.failedRequests())
                    .put("dropped_by_reason", Waits.dropsByReason(m))
                    .put("max_call_ms", load.maxCallMillis())
                    .report();
            assertThat(m.failedRequests())
                    .as("requests failed while the node was down")
                    .isPositive();
            assertThat(t.lost()).isZero();
            assertThat(t.duplicates()).isZero();
            assertThat(t.indexed()).isEqualTo(sent);
            assertThat(m.droppedTotal()).isZero();
        }
    }

    /**
     * The node down for 5 minutes (20 s scaled; any length with {@code -Dcalllog.faults.downSeconds}) at 1,000
     * events/s with the spool on and a 2 MiB memory buffer: what memory cannot hold goes to disk whatever the shipping
     * thread is doing, so memory stays within bufferBytes, nothing is dropped, and after recovery every event is indexed
     * once.
     */
    @Test
    void nodeDownWithTheSpoolOnLosesNothingAndMemoryStaysBounded(OpenSearchNode node) throws Exception {
        Duration down = Scale.down(Duration.ofSeconds(20), Duration.ofMinutes(5));
        String stream = "calllog-fault-outage";
        int rate = 1_000;
        long bufferBytes = 2L * 1024 * 1024;
        Path spool = tmp.resolve("spool");
        AtomicLong maxBuffered = new AtomicLong();
        AtomicLong maxSpool = new AtomicLong();
        AtomicLong maxHeap = new AtomicLong();
        try (LogbackHarness h = LogbackHarness.start(settings(node, stream, a -> {
            a.setBufferBytes(bufferBytes);
            a.setSpoolDir(spool.toString());
        }))) {
            h.engine().addMetricsListener(s -> {
                maxBuffered.accumulateAndGet(s.bufferedBytes(), Math::max);
                maxSpool.accumulateAndGet(s.spoolBytes(), Math::max);
            });
            SteadyLoad load = new SteadyLoad(h.log, "outage", rate).start();
            waitForDeliveries(h, 1_000);
            long t0 = System.nanoTime();
            node.kill();
            Waits.during(down, () -> {
                Runtime rt = Runtime.getRuntime();
                maxHeap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
            });
            ShippingMetrics.Snapshot during = h.metrics();
            node.start();
            long downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            waitForDeliveriesAfterRecovery(h);
            long sent = load.stop();
            long recoverStart = System.nanoTime();
            Waits.untilSettled("every event delivered and the spool empty", SETTLE, h::metrics);
            long recoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recoverStart);
            ShippingMetrics.Snapshot m = h.metrics();

            Docs.Tally t = Docs.Tally.read(node.http(), stream, "outage", sent);
            t.into(new Figures("node-down-with-spool"))
                    .put("rate_per_s", rate)
                    .put("down_ms", downMillis)
                    .put("spooled", m.spooled())
                    .put("max_spool_bytes", maxSpool.get())
                    .put("buffer_bytes_bound", bufferBytes)
                    .put("max_buffered_bytes", maxBuffered.get())
                    .put("max_heap_used_mb", maxHeap.get() / (1024 * 1024))
                    .put("drain_after_recovery_ms", recoverMillis)
                    .put("dropped_by_reason", Waits.dropsByReason(m))
                    .report();
            assertThat(during.spooled())
                    .as("events went to the spool while the node was down")
                    .isPositive();
            assertThat(maxBuffered.get()).isLessThanOrEqualTo(bufferBytes);
            assertThat(t.lost()).isZero();
            assertThat(t.duplicates()).isZero();
            assertThat(m.droppedTotal()).isZero();
            try (var files = Files.list(spool)) {
                assertThat(files.filter(f -> f.toString().endsWith(".spool")))
                        .as("delivered segments deleted")
                        .isEmpty();
            }
        }
    }

    /**
     * The same outage without the spool: the 2 MiB buffer fills and events are dropped, but every one is counted: the
     * events not indexed are exactly the events counted as dropped, and none is indexed twice.
     */
    @Test
    void nodeDownWithoutTheSpoolCountsEveryLoss(OpenSearchNode node) throws Exception {
        Duration down = Scale.down(Duration.ofSeconds(20), Duration.ofMinutes(5));
        String stream = "calllog-fault-outage-nospool";
        int rate = 1_000;
        long bufferBytes = 2L * 1024 * 1024;
        AtomicLong maxBuffered = new AtomicLong();
        try (LogbackHarness h = LogbackHarness.start(settings(node, stream, a -> {
            a.setBufferBytes(bufferBytes);
            a.setBatchMaxEvents(BATCH_MAX_EVENTS);
        }))) {
            h.engine().addMetricsListener(s -> maxBuffered.accumulateAndGet(s.bufferedBytes(), Math::max));
            SteadyLoad load = new SteadyLoad(h.log, "nospool", rate).start();
            waitForDeliveries(h, 1_000);
            long t0 = System.nanoTime();
            node.kill();
            Waits.during(down, () -> {});
            node.start();
            long downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            waitForDeliveriesAfterRecovery(h);
            long sent = load.stop();
            Waits.untilSettled("everything settled", SETTLE, h::metrics);
            ShippingMetrics.Snapshot m = h.metrics();

            Docs.Tally t = Docs.Tally.read(node.http(), stream, "nospool", sent);
            t.into(new Figures("node-down-without-spool"))
                    .put("rate_per_s", rate)
                    .put("down_ms", downMillis)
                    .put("buffer_bytes_bound", bufferBytes)
                    .put("max_buffered_bytes", maxBuffered.get())
                    .put("dead_lettered", m.deadLettered())
                    .put("dropped_by_reason", Waits.dropsByReason(m))
                    .put("in_doubt", Math.max(0, m.droppedTotal() + m.deadLettered() - t.lost()))
                    .report();
            assertThat(m.offered()).isEqualTo(sent);
            t.assertEveryLossCounted(m.droppedTotal() + m.deadLettered(), m.failedRequests(), BATCH_MAX_EVENTS);
            assertThat(t.duplicates()).isZero();
            assertThat(maxBuffered.get()).isLessThanOrEqualTo(bufferBytes);
        }
    }

    private Consumer<CallLogAppender> settings(OpenSearchNode node, String stream, Consumer<CallLogAppender> more) {
        return a -> {
            a.addUrl(node.url());
            a.setDataStream(stream);
            a.setLingerMillis(100);
            a.setInitialBackoffMillis(100);
            a.setMaxBackoffMillis(2_000);
            a.setRequestTimeoutMillis(5_000);
            a.setDeadLetterFile(tmp.resolve("dead.ndjson").toString());
            more.accept(a);
        };
    }

    /** Waits until the node has taken {@code events}: load flows before the fault. */
    private static void waitForDeliveries(LogbackHarness h, long events) throws InterruptedException {
        Waits.until("deliveries before the fault", SETTLE, () -> h.metrics().delivered() >= events, h::diagnostics);
    }

    /** Waits until deliveries have resumed after the restart, the load still running. */
    private static void waitForDeliveriesAfterRecovery(LogbackHarness h) throws InterruptedException {
        long before = h.metrics().delivered();
        Waits.until(
                "deliveries after the restart", SETTLE, () -> h.metrics().delivered() > before + 1_000, h::diagnostics);
    }
}
