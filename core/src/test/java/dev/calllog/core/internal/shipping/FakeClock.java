package dev.calllog.core.internal.shipping;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told, or when a part waits on it: a park moves time forward by the whole wait and
 * returns at once, so that a test drives backoffs, lingers and probes without sleeping.
 */
final class FakeClock implements PipelineClock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong parked = new AtomicLong();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void park(Object blocker, long nanos) {
        if (nanos > 0) {
            now.addAndGet(nanos);
            parked.addAndGet(nanos);
        }
    }

    void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Milliseconds spent in parks so far. */
    long parkedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(parked.get());
    }
}
