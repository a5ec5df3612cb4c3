package dev.calllog.core.status;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports recurring problems through a {@link StatusSink} at most once per interval and per kind, with the number of
 * occurrences since the last report, so that a flood of bad events cannot flood the status channel.
 */
public final class ThrottledStatus {
    /** Default interval between two reports of the same kind. */
    public static final long DEFAULT_INTERVAL_NANOS = 30_000_000_000L;

    private final StatusSink sink;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public ThrottledStatus(StatusSink sink) {
        this(sink, DEFAULT_INTERVAL_NANOS);
    }

    public ThrottledStatus(StatusSink sink, long intervalNanos) {
        this.sink = sink;
        this.intervalNanos = intervalNanos;
    }

    public StatusSink sink() {
        return sink;
    }

    /**
     * Counts one occurrence of {@code kind}; reports {@code message} as a warning when the last report of this kind is
     * older than the interval (the first occurrence always reports).
     */
    public void warn(String kind, String message) {
        report(kind, message, false);
    }

    /** Like {@link #warn(String, String)}, reported as an error. */
    public void error(String kind, String message) {
        report(kind, message, true);
    }

    private void report(String kind, String message, boolean error) {
        Window w = windows.computeIfAbsent(kind, k -> new Window());
        long suppressed = w.count.incrementAndGet();
        long now = System.nanoTime();
        long last = w.lastReport.get();
        if ((last == 0 || now - last >= intervalNanos) && w.lastReport.compareAndSet(last, now == 0 ? 1 : now)) {
            long n = w.count.getAndSet(0);
            String text = n > 1 ? message + " (" + n + " times since the last report)" : message;
            try {
                if (error) {
                    sink.error(text);
                } else {
                    sink.warn(text);
                }
            } catch (RuntimeException ignored) {
                // A status sink must never break logging.
            }
        } else if (suppressed < 0) {
            w.count.set(0);
        }
    }

    private static final class Window {
        final AtomicLong count = new AtomicLong();
        final AtomicLong lastReport = new AtomicLong();
    }
}
