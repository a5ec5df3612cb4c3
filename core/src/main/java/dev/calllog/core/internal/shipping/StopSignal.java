package dev.calllog.core.internal.shipping;

/**
 * What the two shipping threads need to know about stopping: whether a stop was asked for, until when events may still
 * be sent, whether the batch worker has handed over everything it will, and whether a thread died.
 */
final class StopSignal {
    private final PipelineClock clock;
    private volatile boolean stopping;
    private volatile long deadlineNanos;
    private volatile boolean workerDone;
    private volatile boolean failed;

    StopSignal(PipelineClock clock) {
        this.clock = clock;
    }

    /** Asks both threads to stop: deliver what they can until {@code deadlineNanos}, then spool or count the rest. */
    void stop(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        this.stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** Whether the time to deliver is over: what is left goes to the spool, or is counted as lost. */
    boolean deadlinePassed() {
        return stopping && clock.nanoTime() - deadlineNanos >= 0;
    }

    /** Nanoseconds left until the deadline (Long.MAX_VALUE when not stopping). */
    long nanosLeft() {
        return stopping ? deadlineNanos - clock.nanoTime() : Long.MAX_VALUE;
    }

    /** The batch worker will hand over no more batches. */
    void workerDone() {
        workerDone = true;
    }

    boolean isWorkerDone() {
        return workerDone;
    }

    /** A shipping thread died of an unexpected error: the other one winds down too. */
    void fail() {
        failed = true;
    }

    boolean failed() {
        return failed;
    }
}
