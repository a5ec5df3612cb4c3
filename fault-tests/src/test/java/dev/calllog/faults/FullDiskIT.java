package dev.calllog.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.OpenSearchExtension;
import dev.calllog.testsupport.OpenSearchNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool on a file system that fills up (a 1 MiB tmpfs) while the node is down: the events that do not fit are
 * counted as {@code spool_failed}, logging never fails, memory stays bounded, and once the node is back every other
 * event is indexed once. Needs to mount a tmpfs (root); skipped, saying so, where it cannot.
 */
@ExtendWith(OpenSearchExtension.class)
class FullDiskIT {
    private static final Duration SETTLE = Duration.ofMinutes(5);
    /** Events per request: at most this many of a request that got no answer can be in doubt. */
    private static final int BATCH_MAX_EVENTS = 1_000;

    @TempDir
    Path tmp;

    @Test
    void aFullDiskUnderTheSpoolCountsEveryLossAndDuplicatesNothing(OpenSearchNode node) throws Exception {
        Path disk = tmp.resolve("small-disk");
        Files.createDirectories(disk);
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString()),
                "a full disk needs a 1 MiB file system: mount -t tmpfs failed (needs root)");
        try {
            fillTheDiskWhileTheNodeIsDown(node, disk.resolve("spool"));
        } finally {
            run("umount", disk.toString());
        }
    }

    private void fillTheDiskWhileTheNodeIsDown(OpenSearchNode node, Path spool) throws Exception {
        Duration down = Scale.down(Duration.ofSeconds(15), Duration.ofSeconds(60));
        String stream = "calllog-fault-fulldisk";
        int rate = 1_000;
        long bufferBytes = 2L * 1024 * 1024;
        AtomicLong maxBuffered = new AtomicLong();
        try (LogbackHarness h = LogbackHarness.start(a -> {
            a.addUrl(node.url());
            a.setDataStream(stream);
            a.setLingerMillis(100);
            a.setInitialBackoffMillis(100);
            a.setMaxBackoffMillis(2_000);
            a.setRequestTimeoutMillis(5_000);
            a.setBufferBytes(bufferBytes);
            a.setBatchMaxEvents(BATCH_MAX_EVENTS);
            a.setSpoolDir(spool.toString());
            a.setDeadLetterFile(tmp.resolve("dead.ndjson").toString());
        })) {
            h.engine().addMetricsListener(s -> maxBuffered.accumulateAndGet(s.bufferedBytes(), Math::max));
            SteadyLoad load = new SteadyLoad(h.log, "fulldisk", rate).start();
            Waits.until("deliveries before the fault", SETTLE, () -> h.metrics().delivered() >= 1_000, h::diagnostics);
            long t0 = System.nanoTime();
            node.kill();
            Waits.until(
                    "the spool's disk full: writing it failed",
                    SETTLE,
                    () -> h.metrics().dropped(DropReason.SPOOL_FAILED) > 0,
                    h::diagnostics);
            Waits.during(down.minusNanos(System.nanoTime() - t0), () -> {});
            node.start();
            long downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long before = h.metrics().delivered();
            Waits.until(
                    "deliveries after the restart",
                    SETTLE,
                    () -> h.metrics().delivered() > before + 1_000,
                    h::diagnostics);
            long sent = load.stop();
            Waits.untilSettled("every event settled and the spool empty", SETTLE, h::metrics);
            ShippingMetrics.Snapshot m = h.metrics();

            Docs.Tally t = Docs.Tally.read(node.http(), stream, "fulldisk", sent);
            t.into(new Figures("full-disk-under-the-spool"))
                    .put("rate_per_s", rate)
                    .put("down_ms", downMillis)
                    .put("disk_bytes", 1024 * 1024)
                    .put("spooled", m.spooled())
                    .put("buffer_bytes_bound", bufferBytes)
                    .put("max_buffered_bytes", maxBuffered.get())
                    .put("dropped_by_reason", Waits.dropsByReason(m))
                    .put("damaged_segments", m.spoolDamagedSegments())
                    .put("max_call_ms", load.maxCallMillis())
                    .put("in_doubt", Math.max(0, m.droppedTotal() + m.deadLettered() - t.lost()))
                    .report();
            assertThat(m.offered()).isEqualTo(sent);
            assertThat(m.dropped(DropReason.SPOOL_FAILED)).isPositive();
            t.assertEveryLossCounted(m.droppedTotal() + m.deadLettered(), m.failedRequests(), BATCH_MAX_EVENTS);
            assertThat(t.duplicates()).isZero();
            assertThat(maxBuffered.get()).isLessThanOrEqualTo(bufferBytes);
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
