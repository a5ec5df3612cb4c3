package dev.calllog.core.internal.shipping;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Knows when everything accepted before a {@link #flush} call is settled, without putting anything into the buffer's
 * queue.
 *
 * <p>Every event the buffer accepts takes a position ({@link RecordBuffer#acceptedCount()}, counted before it is
 * queued), and leaves the queue in that order. The batch worker numbers the batches it takes ({@link #open()}, before
 * it takes their events), and whoever settles a batch says so ({@link #settled}). A flush waits for its position: once
 * the buffer has let go of that many events ({@link #reached}), the events up to it are in the batches opened so far,
 * and the flush is done when none of those is outstanding. Batches settle out of order (one written to the spool while
 * an older one is still in flight); the outstanding ones are few (at most three), kept in a sorted set.
 *
 * <p>Thread-safe.
 */
final class FlushTracker {
    private final TreeSet<Long> outstanding = new TreeSet<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long nextSeq;
    private boolean closed;

    /** A new batch number; the batch is outstanding until {@link #settled}. */
    synchronized long open() {
        long seq = nextSeq++;
        outstanding.add(seq);
        return seq;
    }

    /** Every event of batch {@code seq} reached its outcome. */
    synchronized void settled(long seq) {
        if (outstanding.remove(seq)) {
            complete();
        }
    }

    /** The buffer has let go of {@code removed} events in all: flushes waiting for those may now wait for batches. */
    synchronized void reached(long removed) {
        for (Waiter w : waiters) {
            if (!w.reached && w.position <= removed) {
                w.reached = true;
                w.batch = nextSeq - 1;
            }
        }
        complete();
    }

    /** Whether a flush waits for the buffer to let go of events (so that the worker should not linger). */
    synchronized boolean waiting() {
        for (Waiter w : waiters) {
            if (!w.reached) {
                return true;
            }
        }
        return false;
    }

    /** Every flush returns now (the pipeline stopped: nothing more will settle). */
    synchronized void close() {
        closed = true;
        for (Waiter w : waiters) {
            w.done.countDown();
        }
        waiters.clear();
    }

    /**
     * Waits until the events up to {@code position} are settled, at most {@code timeoutMillis}.
     *
     * @param wake called once the flush is registered, to wake the worker
     * @return whether they were settled in time
     */
    boolean flush(long position, long timeoutMillis, Runnable wake) {
        Waiter w = new Waiter(position);
        synchronized (this) {
            if (closed) {
                return true;
            }
            waiters.add(w);
        }
        wake.run();
        try {
            return w.done.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            synchronized (this) {
                waiters.remove(w);
            }
        }
    }

    private void complete() {
        Long oldest = outstanding.isEmpty() ? null : outstanding.first();
        for (int i = waiters.size() - 1; i >= 0; i--) {
            Waiter w = waiters.get(i);
            if (w.reached && (oldest == null || oldest > w.batch)) {
                w.done.countDown();
                waiters.remove(i);
            }
        }
    }

    private static final class Waiter {
        final long position;
        final CountDownLatch done = new CountDownLatch(1);
        /** Whether the buffer let go of {@link #position}. */
        boolean reached;
        /** The last batch opened then (-1: none ever). */
        long batch = -1;

        Waiter(long position) {
            this.position = position;
        }
    }
}
