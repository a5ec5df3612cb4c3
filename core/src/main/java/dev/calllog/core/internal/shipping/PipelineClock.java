package dev.calllog.core.internal.shipping;

import java.util.concurrent.locks.LockSupport;

/**
 * Time as the shipping pipeline sees it: read it, and wait on it. Every part of the pipeline takes its clock from the
 * outside, so that tests drive time themselves instead of sleeping.
 */
interface PipelineClock {

    /** The system's monotonic clock, and {@link LockSupport} to wait. */
    PipelineClock SYSTEM = new PipelineClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void park(Object blocker, long nanos) {
            if (nanos > 0) {
                LockSupport.parkNanos(blocker, nanos);
            }
        }
    };

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Waits at most {@code nanos} (nothing when not positive). May return sooner: when the thread is unparked or
     * interrupted, or spuriously; callers check their condition again.
     */
    void park(Object blocker, long nanos);
}
