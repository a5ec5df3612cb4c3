package dev.calllog.core.internal.shipping;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * The two batches that circulate between the batch worker and the export thread, and the slot where a filled batch
 * waits for the export thread. While one request is in flight, the worker fills the other batch (encoding and gzipping
 * it), so that the next request leaves as soon as the answer came; with both batches out, the worker fills no more
 * (the buffer, or the spool, takes the events meanwhile). A batch the export thread has not taken yet can be taken back
 * by the worker ({@link #reclaim}), to write it to the spool ahead of newer events.
 *
 * <p>Thread-safe; every hand-over is under this object's lock, which is the happens-before edge for the batch's
 * content.
 */
final class BatchHandoff {
    private final ArrayDeque<Batch> free = new ArrayDeque<>(2);
    private final int size;
    private Batch ready;
    private volatile Thread worker;
    private volatile Thread exporter;

    BatchHandoff(int batches) {
        for (int i = 0; i < batches; i++) {
            free.push(new Batch());
        }
        this.size = batches;
    }

    void threads(Thread worker, Thread exporter) {
        this.worker = worker;
        this.exporter = exporter;
    }

    /**
     * A free batch, emptied; null when a batch already waits for the export thread (one ahead is enough) or every
     * batch is out.
     */
    synchronized Batch acquire() {
        return ready != null ? null : free.poll();
    }

    /** Hands a filled batch to the export thread. Worker only; the slot must be empty. */
    void submit(Batch b) {
        synchronized (this) {
            if (ready != null) {
                throw new IllegalStateException("a batch is already waiting");
            }
            ready = b;
        }
        LockSupport.unpark(exporter);
    }

    /**
     * The batch waiting for the export thread, taken; or null. Export thread only. Wakes the worker, which may now
     * fill the next batch while this one is sent.
     */
    Batch take() {
        Batch b = reclaim();
        if (b != null) {
            LockSupport.unpark(worker);
        }
        return b;
    }

    /** The batch waiting for the export thread, taken back before it was sent; or null. Worker only. */
    synchronized Batch reclaim() {
        Batch b = ready;
        ready = null;
        return b;
    }

    /** Gives a batch back, emptied, and wakes the worker, which may be waiting for one. */
    void release(Batch b) {
        b.reset();
        synchronized (this) {
            free.push(b);
        }
        LockSupport.unpark(worker);
    }

    /** Unparks the export thread (the worker is done, or a stop). */
    void wakeExporter() {
        LockSupport.unpark(exporter);
    }

    synchronized boolean hasReady() {
        return ready != null;
    }

    /** Whether every batch is back: nothing waits for the export thread and nothing is in flight. */
    synchronized boolean allFree() {
        return free.size() == size;
    }
}
