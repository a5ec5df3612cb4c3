package dev.calllog.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.OpenSearchExtension;
import dev.calllog.testsupport.OpenSearchNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/** Overload, shutdown under load and poison documents, against a real node. */
@ExtendWith(OpenSearchExtension.class)
class LoadFaultsIT {
    private static final Marker EVENT = MarkerFactory.getMarker("agent_message_sent");

    @TempDir
    Path tmp;

    /**
     * Logging threads at full speed, far beyond what the node takes, for 60 s (10 s scaled): no logging call waits on
     * the node, the buffer never passes its bound, and every event is either indexed or counted as dropped, exactly.
     */
    @Test
    void overloadNeverBlocksTheCallerAndCountsEveryDrop(OpenSearchNode node) throws Exception {
        Duration length = Scale.of(Duration.ofSeconds(10), Duration.ofSeconds(60));
        String stream = "calllog-fault-overload";
        long bufferBytes = 8L * 1024 * 1024;
        AtomicLong maxBuffered = new AtomicLong();
        try (LogbackHarness h = LogbackHarness.start(a -> {
            a.addUrl(node.url());
            a.setDataStream(stream);
            a.setBufferBytes(bufferBytes);
            a.setDeadLetterFile(tmp.resolve("dead.ndjson").toString());
        })) {
            h.engine().addMetricsListener(s -> maxBuffered.accumulateAndGet(s.bufferedBytes(), Math::max));
            int threads = 2;
            long end = System.nanoTime() + length.toNanos();
            AtomicLong sent = new AtomicLong();
            AtomicLong maxCall = new AtomicLong();
            AtomicLong maxHeap = new AtomicLong();
            List<Thread> loggers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    MDC.put("call_id", "overload");
                    long n = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        h.log.atInfo().addMarker(EVENT).addKeyValue("n", n).log("message {}", n);
                        long dt = System.nanoTime() - t0;
                        if (dt > maxCall.get()) {
                            maxCall.accumulateAndGet(dt, Math::max);
                        }
                        n++;
                        if ((n & 4095) == 0) {
                            Runtime rt = Runtime.getRuntime();
                            maxHeap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                        }
                    }
                    sent.addAndGet(n);
                });
                loggers.add(thread);
                thread.start();
            }
            for (Thread t : loggers) {
                t.join();
            }
            ShippingMetrics.Snapshot atEnd = h.metrics();
            assertThat(h.appender.flush(120_000)).isTrue();
            ShippingMetrics.Snapshot m = h.metrics();
            long indexed = Docs.countCall(node.http(), stream, "overload");
            double seconds = length.toMillis() / 1000.0;
            long factor = atEnd.delivered() == 0 ? Long.MAX_VALUE : sent.get() / Math.max(1, atEnd.delivered());

            new Figures("overload")
                    .put("seconds", (long) seconds)
                    .put("sent", sent.get())
                    .put("indexed", indexed)
                    .put("duplicates", m.duplicates())
                    .put("lost", sent.get() - indexed - m.dropped(DropReason.BUFFER_FULL))
                    .put("dropped_buffer_full", m.dropped(DropReason.BUFFER_FULL))
                    .put("offered_per_s", (long) (sent.get() / seconds))
                    .put("indexed_per_s_during_run", (long) (atEnd.delivered() / seconds))
                    .put("overload_factor", factor)
                    .put("max_call_ms", TimeUnit.NANOSECONDS.toMillis(maxCall.get()))
                    .put("buffer_bytes_bound", bufferBytes)
                    .put("max_buffered_bytes", maxBuffered.get())
                    .put("max_heap_used_mb", maxHeap.get() / (1024 * 1024))
                    .report();
            // The overload happened (the factor is a figure: it depends on the machine).
            assertThat(m.dropped(DropReason.BUFFER_FULL))
                    .as("the buffer filled")
                    .isPositive();
            assertThat(m.offered()).isEqualTo(sent.get());
            assertThat(m.delivered() + m.dropped(DropReason.BUFFER_FULL)).isEqualTo(sent.get());
            assertThat(m.droppedTotal()).isEqualTo(m.dropped(DropReason.BUFFER_FULL));
            assertThat(indexed).isEqualTo(m.delivered());
            assertThat(maxBuffered.get()).isLessThanOrEqualTo(bufferBytes);
            // The longest logging call is a figure, not an assertion: on shared cores a GC pause or the scheduler can
            // stretch any call. What keeps the caller from waiting on the node is what the counts above show.
        }
    }

    /**
     * Stopping the appender while events flow: within the shutdown timeout, everything accepted is delivered or
     * spooled; a second run ships the spooled rest, each event once.
     */
    @Test
    void cleanShutdownUnderLoadDeliversOrSpoolsEverythingAccepted(OpenSearchNode node) throws Exception {
        String stream = "calllog-fault-shutdown";
        Path spool = tmp.resolve("spool");
        long shutdownTimeout = 2_000;
        long accepted;
        long sent;
        long stopMillis;
        ShippingMetrics.Snapshot first;
        LogbackHarness h = LogbackHarness.start(a -> {
            a.addUrl(node.url());
            a.setDataStream(stream);
            a.setSpoolDir(spool.toString());
            a.setShutdownTimeoutMillis(shutdownTimeout);
            a.setBatchMaxEvents(1_000);
            a.setDeadLetterFile(tmp.resolve("dead.ndjson").toString());
        });
        SteadyLoad load = new SteadyLoad(h.log, "shutdown", 20_000).start();
        Waits.until(
                "events flowing to the node",
                Duration.ofMinutes(3),
                () -> load.sent() >= 20_000 && h.metrics().delivered() > 0,
                h::diagnostics);
        long t0 = System.nanoTime();
        // Stop bounded by its timeout: waited for with a generous deadline, its time a figure.
        Thread stopper = new Thread(h.appender::stop, "stop-appender");
        stopper.start();
        stopper.join(shutdownTimeout + 120_000);
        assertThat(stopper.isAlive()).as("the appender stopped").isFalse();
        stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        sent = load.stop();
        first = h.metrics();
        h.close();
        accepted = first.accepted();
        long afterStop = first.dropped(DropReason.STOPPED);

        ShippingMetrics.Snapshot second;
        try (LogbackHarness again = LogbackHarness.start(a -> {
            a.addUrl(node.url());
            a.setDataStream(stream);
            a.setSpoolDir(spool.toString());
            a.setDeadLetterFile(tmp.resolve("dead.ndjson").toString());
        })) {
            Waits.untilSettled("the spool shipped by the next run", Duration.ofMinutes(3), again::metrics);
            second = again.metrics();
        }
        List<Long> numbers = Docs.numbers(node.http(), stream, "shutdown");
        long documents = Docs.countCall(node.http(), stream, "shutdown");
        Docs.Tally t = Docs.Tally.of(accepted, numbers, documents);
        t.into(new Figures("shutdown-under-load"))
                .put("logged", sent)
                .put("accepted_before_stop", accepted)
                .put("delivered_at_stop", first.delivered())
                .put("spooled_at_stop", first.spooled())
                .put("dropped_after_stop", afterStop)
                .put("stop_ms", stopMillis)
                .put("shutdown_timeout_ms", shutdownTimeout)
                .put("replayed_by_next_run", second.replayed())
                .report();
        assertThat(first.pending()).isZero();
        assertThat(first.delivered() + first.duplicates() + first.spooled()).isEqualTo(accepted);
        assertThat(first.droppedTotal()).isEqualTo(afterStop);
        assertThat(t.lost()).isZero();
        assertThat(t.duplicates()).isZero();
        assertThat(documents).isEqualTo(accepted);
    }

    /**
     * A {@code requestTimeoutMillis} far too short for a whole batch (100 ms for batches of about 5 MB, events of 2 KB):
     * after each request that gets no answer in time the next ones carry fewer events, until the node answers them in
     * time. With the spool on, every event is indexed once, none is dropped, and the timeouts are reported.
     */
    @Test
    void aRequestTimeoutTooShortForWholeBatchesStillDeliversEveryEventOnce(OpenSearchNode node) throws Exception {
        String stream = "calllog-fault-short-timeout";
        String filler = "x".repeat(2_000);
        try (LogbackHarness h = LogbackHarness.start(a -> {
            a.addUrl(node.url());
            a.setDataStream(stream);
            a.setRequestTimeoutMillis(100);
            a.setInitialBackoffMillis(50);
            a.setMaxBackoffMillis(1_000);
            a.setSpoolDir(tmp.resolve("spool").toString());
            a.setDeadLetterFile(tmp.resolve("dead.ndjson").toString());
        })) {
            int total = 10_000;
            MDC.put("call_id", "short-timeout");
            for (int i = 0; i < total; i++) {
                h.log.atInfo().addMarker(EVENT).addKeyValue("n", i).log("message {} {}", i, filler);
            }
            MDC.remove("call_id");
            Waits.untilSettled("every event delivered and the spool empty", Duration.ofMinutes(5), h::metrics);
            ShippingMetrics.Snapshot m = h.metrics();
            Docs.Tally tally = Docs.Tally.read(node.http(), stream, "short-timeout", total);
            List<String> timeouts = h.status().stream()
                    .filter(s -> s.contains("did not answer a request of"))
                    .toList();

            tally.into(new Figures("request-timeout-too-short"))
                    .put("request_timeout_ms", 100)
                    .put("timeouts_reported", timeouts.size())
                    .put("failed_requests", m.failedRequests())
                    .put("bulk_requests", m.bulkRequests())
                    .put("answered_409", m.duplicates())
                    .put("dropped_by_reason", Waits.dropsByReason(m))
                    .report();
            assertThat(timeouts)
                    .as("a request of a whole batch got no answer within 100 ms\n%s", h.diagnostics())
                    .isNotEmpty();
            assertThat(tally.lost()).as(h.diagnostics()).isZero();
            assertThat(tally.duplicates()).isZero();
            assertThat(m.droppedTotal()).isZero();
            assertThat(m.deadLettered()).isZero();
        }
    }

    /**
     * Documents a real node rejects (400: a 40,000-character call id is an immense term for a keyword) go to the
     * dead-letter file with the reason; the events around them are indexed without delay.
     */
    @Test
    void poisonDocumentsAreDeadLetteredAndNeverStallTheOthers(OpenSearchNode node) throws Exception {
        String stream = "calllog-fault-poison";
        Path deadLetters = tmp.resolve("dead-letter.ndjson");
        String poisonId = "p".repeat(40_000);
        try (LogbackHarness h = LogbackHarness.start(a -> {
            a.addUrl(node.url());
            a.setDataStream(stream);
            a.setLingerMillis(50);
            a.setDeadLetterFile(deadLetters.toString());
        })) {
            int total = 2_000;
            int poison = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < total; i++) {
                boolean bad = i % 50 == 7;
                poison += bad ? 1 : 0;
                MDC.put("call_id", bad ? poisonId : "poison");
                h.log.atInfo().addMarker(EVENT).addKeyValue("n", i).log("message {}", i);
            }
            MDC.remove("call_id");
            assertThat(h.appender.flush(60_000)).isTrue();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            ShippingMetrics.Snapshot m = h.metrics();
            long indexed = Docs.countCall(node.http(), stream, "poison");
            List<String> lines = Files.readAllLines(deadLetters);

            new Figures("poison-documents")
                    .put("sent", total)
                    .put("indexed", indexed)
                    .put("duplicates", m.duplicates())
                    .put("lost", total - indexed - lines.size())
                    .put("dead_lettered", lines.size())
                    .put("dropped_by_reason", Waits.dropsByReason(m))
                    .put("ms_to_settle", millis)
                    .report();
            assertThat(lines).hasSize(poison);
            assertThat(lines.get(0)).contains("\"status\":400").contains("immense term");
            assertThat(indexed).isEqualTo(total - poison);
            assertThat(m.deadLettered()).isEqualTo(poison);
            assertThat(m.droppedTotal()).isZero();
        }
    }
}
