package dev.calllog.core.internal.shipping;

import dev.calllog.core.metrics.DropReason;
import java.util.concurrent.TimeUnit;

/**
 * The batch worker: one thread that takes records out of the buffer in batches and routes each batch, without ever
 * waiting for a request.
 *
 * <ul>
 *   <li>Normally a batch goes to the export thread ({@link BatchHandoff}): the worker waits up to {@code lingerMillis}
 *       for it to fill (less when a flush waits or a whole batch is buffered), encodes it, gzips it, hands it over, and
 *       fills the next one while that request is in flight.
 *   <li>With a spool, when the cluster is down (an outage), when older events wait in the spool (a backlog, kept in
 *       order), or when both batches are out and the buffer is half full (the cluster is slow, or a request hangs),
 *       the batch is written to the spool instead, first the batch waiting for the export thread, then the buffer.
 *       This is the spill path: it runs whatever the export thread does, so that the spool's own bound is what limits
 *       an outage, not the memory buffer.
 *   <li>At stop, it hands over what is buffered until the deadline; then, once the export thread is done, writes what
 *       is left to the spool, or counts it as lost.
 * </ul>
 *
 * Its parks are bounded and the buffer wakes it when what it waits for arrives ({@link RecordBuffer#wakeAt}).
 *
 * @param <R> the record type
 */
final class BatchWorker<R> {
    /** Longest park; the worker is woken sooner by an offer, a flush, a freed batch or stop. */
    static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RecordBuffer<R> buffer;
    private final BatchAssembler<R> assembler;
    private final BatchHandoff handoff;
    private final SpoolingExporter spool;
    private final FlushTracker flushes;
    private final OutcomeRecorder recorder;
    private final StopSignal stop;
    private final PipelineClock clock;
    private final GzipCompressor gzip;
    private final int batchMaxEvents;
    private final long batchMaxBytes;
    private final long lingerNanos;
    /** With a spool: buffered bytes past which the worker spills rather than waiting for a free batch. */
    private final long spillBytes;

    private long lingerStart = -1;
    /** Events given up at stop, for the report. */
    private long lostAtStop;

    BatchWorker(
            RecordBuffer<R> buffer,
            BatchAssembler<R> assembler,
            BatchHandoff handoff,
            SpoolingExporter spool,
            FlushTracker flushes,
            OutcomeRecorder recorder,
            StopSignal stop,
            PipelineClock clock,
            GzipCompressor gzip,
            int batchMaxEvents,
            long batchMaxBytes,
            long lingerMillis,
            long bufferBytes) {
        this.buffer = buffer;
        this.assembler = assembler;
        this.handoff = handoff;
        this.spool = spool;
        this.flushes = flushes;
        this.recorder = recorder;
        this.stop = stop;
        this.clock = clock;
        this.gzip = gzip;
        this.batchMaxEvents = batchMaxEvents;
        this.batchMaxBytes = batchMaxBytes;
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        this.spillBytes = Math.max(1, bufferBytes / 2);
    }

    /**
     * One turn of the worker's loop: routes one batch, or decides to wait.
     *
     * @return how long to park before the next turn (0: go on at once), or -1 when the worker is done
     */
    long turn() {
        recorder.publishIfDue();
        flushes.reached(buffer.removed());
        if (spool != null) {
            spool.syncIfDue();
        }
        if (stop.failed()) {
            return -1;
        }
        boolean records = assembler.hasRecords();
        if (stop.stopping() && (!records || stop.deadlinePassed())) {
            return -1;
        }
        if (!records) {
            lingerStart = -1;
            return buffer.wakeAt(1, 1) ? 0 : idleParkNanos();
        }
        boolean spill = spool != null && spool.wantsSpill();
        if (!batchReady()) {
            long now = clock.nanoTime();
            if (lingerStart < 0) {
                lingerStart = now;
            }
            long wait = lingerStart + lingerNanos - now;
            if (wait > 0) {
                return buffer.wakeAt(batchMaxEvents, batchMaxBytes) ? 0 : Math.min(wait, idleParkNanos());
            }
        }
        if (spill) {
            spillOnce();
            lingerStart = -1;
            return 0;
        }
        Batch b = handoff.acquire();
        if (b == null) {
            if (spool != null && spool.hasRoom() && buffer.bufferedBytes() >= spillBytes) {
                spillOnce(); // both batches out and the buffer half full: the cluster is slow or a request hangs
                return 0;
            }
            long mark = spool == null ? Long.MAX_VALUE : spillBytes;
            return buffer.wakeAt(Long.MAX_VALUE, mark) ? 0 : idleParkNanos();
        }
        long started = clock.nanoTime();
        assembler.fill(b);
        if (b.isEmpty()) {
            settleEmpty(b);
        } else {
            if (gzip != null) {
                b.compressWhole(gzip);
            }
            handoff.submit(b);
        }
        // Records that came in while this batch was being filled have waited since it started.
        lingerStart = buffer.isEmpty() ? -1 : started;
        return 0;
    }

    /** Whether to take a batch without waiting any longer: a whole batch is buffered, a flush waits, or stop. */
    private boolean batchReady() {
        return stop.stopping()
                || assembler.hasCarry()
                || buffer.bufferedEvents() >= batchMaxEvents
                || buffer.bufferedBytes() >= batchMaxBytes
                || flushes.waiting();
    }

    /** How long an idle worker may park: until the interval sync of the spool is due, at most a second. */
    private long idleParkNanos() {
        long n = IDLE_PARK_NANOS;
        if (spool != null) {
            n = Math.min(n, spool.nanosToSync());
        }
        if (stop.stopping()) {
            n = Math.max(1, Math.min(n, stop.nanosLeft()));
        }
        return n;
    }

    /**
     * Writes one batch to the spool: the one waiting for the export thread when there is one (it is older than the
     * buffer), else the next one from the buffer.
     */
    private void spillOnce() {
        Batch b = handoff.reclaim();
        if (b == null) {
            b = handoff.acquire();
            if (b == null) {
                return; // the export thread holds one batch, and the other is on its way back
            }
            assembler.fill(b);
        }
        spill(b);
    }

    /** Writes the unsettled items of {@code b} to the spool; what a full spool leaves (block policy) goes to the cluster. */
    private void spill(Batch b) {
        if (b.isEmpty()) {
            settleEmpty(b);
            return;
        }
        int n = b.items() - b.first;
        int[] idx = b.first == 0 ? b.allItems() : java.util.Arrays.copyOfRange(b.allItems(), b.first, b.items());
        int settled = spool.append(b, idx, n);
        if (settled < n) {
            b.first += settled;
            handoff.submit(b); // from memory, as without a spool
            return;
        }
        flushes.settled(b.seq);
        handoff.release(b);
    }

    private void settleEmpty(Batch b) {
        flushes.settled(b.seq);
        handoff.release(b);
    }

    /**
     * After the loop, on the worker's thread: hands nothing more over; once the export thread is done (or did not stop
     * in time), writes what is left to the spool, or counts it as lost with {@code reason}. Ordered so that a spool
     * keeps the events in the order they were taken: the export thread's batch first, then the one waiting for it,
     * then the buffer.
     *
     * @param exporterDone waits for the export thread to finish
     */
    void finish(DropReason reason, Runnable exporterDone) {
        stop.workerDone();
        handoff.wakeExporter();
        exporterDone.run();
        Batch waiting = handoff.reclaim();
        if (waiting != null) {
            leftover(waiting, reason);
        }
        while (assembler.hasRecords()) {
            Batch b = handoff.acquire();
            if (b == null) {
                break; // both batches are out (a stuck export thread): what is left is counted below
            }
            assembler.fill(b);
            leftover(b, reason);
        }
        // What could not be batched, and offers that raced with the stop.
        drop(reason, buffer.drain(r -> {}));
    }

    /** A batch left at stop: to the spool when there is one and the stop is orderly, else counted as lost. */
    private void leftover(Batch b, DropReason reason) {
        int n = b.items() - b.first;
        int settled = 0;
        if (spool != null && reason == DropReason.SHUTDOWN && n > 0) {
            int[] idx = b.first == 0 ? b.allItems() : java.util.Arrays.copyOfRange(b.allItems(), b.first, b.items());
            settled = spool.append(b, idx, n);
        }
        drop(reason, n - settled);
        settleEmpty(b);
    }

    private void drop(DropReason reason, long n) {
        if (n > 0) {
            recorder.dropped(reason, n, false);
            lostAtStop += n;
        }
    }

    /** Events this worker gave up at stop. */
    long lostAtStop() {
        return lostAtStop;
    }
}
