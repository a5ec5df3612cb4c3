package dev.calllog.core.internal.status;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports recurring problems through a {@link StatusSink} at most once per interval and per kind, with the number of
 * occurrences since the last report, so that a flood of bad events cannot flood the status channel.
 */
public final class ThrottledStatus {
    /** Default interval between two reports of the same kind. */
    public static final long DEFAULT_INTERVAL_NANOS = 30_000_000_000L;

    /** Interval between two reports of the same kind of lost event: one line a minute at most. */
    public static final long LOSS_INTERVAL_NANOS = 60_000_000_000L;

    private final StatusSink sink;
    private final StatusSink lossSink;
    private final long intervalNanos;
    private final long lossIntervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Window> losses = new ConcurrentHashMap<>();

    public ThrottledStatus(StatusSink sink) {
        this(sink, sink, DEFAULT_INTERVAL_NANOS, LOSS_INTERVAL_NANOS);
    }

    /**
     * @param sink where problems are reported
     * @param lossSink where lost events are reported ({@link #lost}): the status channel, and the console when it
     *     would not show them ({@link ConsoleLossSink})
     */
    public ThrottledStatus(StatusSink sink, StatusSink lossSink) {
        this(sink, lossSink, DEFAULT_INTERVAL_NANOS, LOSS_INTERVAL_NANOS);
    }

    /** Reports problems and losses at most once per {@code intervalNanos} and kind. */
    public ThrottledStatus(StatusSink sink, long intervalNanos) {
        this(sink, sink, intervalNanos, intervalNanos);
    }

    private ThrottledStatus(StatusSink sink, StatusSink lossSink, long intervalNanos, long lossIntervalNanos) {
        this.sink = sink;
        this.lossSink = lossSink;
        this.intervalNanos = intervalNanos;
        this.lossIntervalNanos = lossIntervalNanos;
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

    /**
     * Counts one call-log event of {@code kind} that was not shipped (no call id, no event marker, not mapped) and
     * reports {@code message} as a warning through the loss sink: the first at once, then at most once a minute per
     * kind, with the number of events since the last report, so that no loss goes unseen and none floods the console.
     */
    public void lost(String kind, String message) {
        report(losses, lossIntervalNanos, lossSink, kind, message, false);
    }

    private void report(String kind, String message, boolean error) {
        report(windows, intervalNanos, sink, kind, message, error);
    }

    private static void report(
            ConcurrentHashMap<String, Window> windows,
            long intervalNanos,
            StatusSink sink,
            String kind,
            String message,
            boolean error) {
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
