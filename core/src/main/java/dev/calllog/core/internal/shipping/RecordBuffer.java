package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.config.OverflowPolicy;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToIntFunction;

/**
 * The bounded buffer between the logging threads and the batch worker: a lock-free queue of records whose sizes (their
 * {@link dev.calllog.core.internal.mapping.SizeEstimator estimates} of the heap they keep alive) add up to at most {@code
 * bufferBytes}.
 *
 * <p>{@link #offer} is what a logging thread calls: one compare-and-set on the byte count, one increment, one queue
 * node; it never throws and never waits, unless the {@code block} policy says so. When the record does not fit, the
 * policy decides: refuse it ({@code dropNewest}), drop the oldest buffered records to make room ({@code dropOldest}),
 * or wait at most {@code blockTimeoutMillis} for room ({@code block}). One consumer takes records ({@link #poll}) and
 * gives their room back once per batch ({@link #release}), so that the counters every logging thread touches are
 * written once a batch by the consumer, not once a record.
 *
 * <p>The consumer may ask to be woken ({@link #wakeAt}) when the buffer holds at least so many events or bytes; the
 * offer that crosses the mark unparks it, once.
 *
 * @param <R> the record type
 */
final class RecordBuffer<R> {
    /** How long a caller waiting for room (block policy) parks between two looks. */
    private static final long BLOCK_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final ConcurrentLinkedQueue<R> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    /** Records accepted, ever: the position of the last one. Counted before it is queued (see {@link FlushTracker}). */
    private final AtomicLong accepted = new AtomicLong();
    /** Records dropped from the queue to make room (dropOldest). */
    private final AtomicLong evicted = new AtomicLong();
    /** Records the consumer took and released; written by the consumer only. */
    private volatile long released;

    private final long capacity;
    private final OverflowPolicy policy;
    private final long blockTimeoutNanos;
    private final ToIntFunction<R> sizer;
    private final OutcomeRecorder recorder;
    private final PipelineClock clock;

    private volatile Thread consumer;
    private final AtomicBoolean parked = new AtomicBoolean();
    private volatile long wakeEvents = Long.MAX_VALUE;
    private volatile long wakeBytes = Long.MAX_VALUE;

    private volatile boolean closed;
    private volatile boolean drained;

    RecordBuffer(
            long capacity,
            OverflowPolicy policy,
            long blockTimeoutMillis,
            ToIntFunction<R> sizer,
            OutcomeRecorder recorder,
            PipelineClock clock) {
        this.capacity = capacity;
        this.policy = policy;
        this.blockTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(blockTimeoutMillis);
        this.sizer = sizer;
        this.recorder = recorder;
        this.clock = clock;
    }

    /**
     * Buffers a record. Never throws and does no I/O; never waits unless the policy is {@code block}, and then at most
     * {@code blockTimeoutMillis}.
     *
     * @return whether it was accepted; when not, it was counted as dropped
     */
    boolean offer(R record) {
        if (closed) {
            recorder.refusedStopped();
            return false;
        }
        int size;
        try {
            size = Math.max(1, sizer.applyAsInt(record));
        } catch (RuntimeException e) {
            recorder.refusedUnsized(e);
            return false;
        }
        long before;
        long blockDeadline = 0;
        while (true) {
            before = bytes.get();
            if (before + size <= capacity) {
                if (bytes.compareAndSet(before, before + size)) {
                    break;
                }
                continue;
            }
            if (policy == OverflowPolicy.DROP_OLDEST && size <= capacity && evictOldest()) {
                continue;
            }
            if (policy == OverflowPolicy.BLOCK && !closed) {
                long now = clock.nanoTime();
                if (blockDeadline == 0) {
                    blockDeadline = now + blockTimeoutNanos;
                }
                if (now - blockDeadline < 0) {
                    wake();
                    clock.park(this, BLOCK_POLL_NANOS);
                    continue;
                }
            }
            recorder.refusedBufferFull();
            return false;
        }
        long position = accepted.incrementAndGet();
        queue.offer(record);
        if (drained && queue.remove(record)) {
            // Raced with the final drain at stop: nobody will take it.
            bytes.addAndGet(-size);
            evicted.incrementAndGet();
            recorder.dropped(dev.calllog.core.metrics.DropReason.STOPPED, 1, false);
            return false;
        }
        if (parked.get()
                && (before + size >= wakeBytes || position - removed() >= wakeEvents)
                && parked.compareAndSet(true, false)) {
            LockSupport.unpark(consumer);
        }
        return true;
    }

    /** Drops the oldest buffered record (dropOldest policy); false when there is none left to drop. */
    private boolean evictOldest() {
        R oldest = queue.poll();
        if (oldest == null) {
            return false;
        }
        bytes.addAndGet(-sizeOf(oldest));
        evicted.incrementAndGet();
        recorder.evictedOldest();
        return true;
    }

    /** The size {@code record} was buffered with. */
    int sizeOf(R record) {
        return Math.max(1, sizer.applyAsInt(record));
    }

    // ---- the consumer ----

    /** Sets the thread that {@link #wakeAt} wakes. */
    void consumer(Thread t) {
        this.consumer = t;
    }

    /** The next record, or null; its room stays taken until {@link #release}. Consumer only. */
    R poll() {
        return queue.poll();
    }

    /** Gives back the room of {@code n} records taken, whose sizes add up to {@code size}. Consumer only. */
    void release(int n, long size) {
        if (n > 0) {
            released = released + n;
            bytes.addAndGet(-size);
        }
    }

    /**
     * Asks to be unparked by the first offer after which the buffer holds at least {@code events} events or {@code
     * size} bytes; then checks whether that is already the case.
     *
     * @return true when the buffer already holds that much (the consumer should not park)
     */
    boolean wakeAt(long events, long size) {
        wakeEvents = events;
        wakeBytes = size;
        parked.set(true);
        if (bufferedEvents() >= events || bytes.get() >= size) {
            parked.set(false);
            return true;
        }
        return false;
    }

    /** The consumer is running again: offers need not wake it. */
    void awake() {
        parked.set(false);
        wakeEvents = Long.MAX_VALUE;
        wakeBytes = Long.MAX_VALUE;
    }

    /** Whether the consumer waits to be woken by an offer (see {@link #wakeAt}). */
    boolean consumerParked() {
        return parked.get();
    }

    /** Unparks the consumer now (flush, stop, a caller waiting for room). */
    void wake() {
        parked.set(false);
        LockSupport.unpark(consumer);
    }

    // ---- gauges and positions ----

    /** Records accepted so far: the position of the last one. */
    long acceptedCount() {
        return accepted.get();
    }

    /** Records the buffer has let go of (released by the consumer, or dropped to make room), ever. */
    long removed() {
        return released + evicted.get();
    }

    long bufferedEvents() {
        return accepted.get() - removed();
    }

    long bufferedBytes() {
        return bytes.get();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    // ---- stop ----

    /** Refuses offers from now on. */
    void close() {
        closed = true;
    }

    /**
     * Takes everything left, for the stop: {@code sink} gets each record; afterwards an offer racing with this call
     * takes its record back itself. Consumer only.
     *
     * @return the records taken
     */
    long drain(java.util.function.Consumer<R> sink) {
        long n = drainOnce(sink);
        drained = true;
        // An offer that raced with the first pass either sees drained (and takes its record back) or is caught here.
        return n + drainOnce(sink);
    }

    private long drainOnce(java.util.function.Consumer<R> sink) {
        long n = 0;
        long size = 0;
        R r;
        while ((r = queue.poll()) != null) {
            size += sizeOf(r);
            n++;
            sink.accept(r);
        }
        release((int) n, size);
        return n;
    }
}
