package dev.calllog.core.metrics;

import dev.calllog.core.internal.status.StatusSink;
import java.util.Map;

/**
 * Reports, through the status channel, how many events were dropped (by reason) or dead-lettered: at once for the first
 * loss of each reason (and the first dead letter), then at most once per interval with everything since the last
 * report, and a last time when the appender stops. Each problem is also reported on its own, throttled, where it happens; this is the tally.
 */
public final class LossSummary implements MetricsListener {
    /** Default interval between two summaries: one line a minute at most. */
    public static final long DEFAULT_INTERVAL_NANOS = 60_000_000_000L;

    private final StatusSink sink;
    private final long intervalNanos;
    private ShippingMetrics.Snapshot lastReported;
    private long lastReportNanos;
    private boolean reportedOnce;
    // The reasons already reported: the first loss of a new reason is reported at once.
    private final java.util.EnumSet<DropReason> seen = java.util.EnumSet.noneOf(DropReason.class);
    private boolean seenDeadLetter;

    public LossSummary(StatusSink sink) {
        this(sink, DEFAULT_INTERVAL_NANOS);
    }

    public LossSummary(StatusSink sink, long intervalNanos) {
        this.sink = sink;
        this.intervalNanos = intervalNanos;
    }

    /** Whether {@code s} holds a loss of a reason not reported before. */
    private boolean firstOfItsKind(ShippingMetrics.Snapshot s) {
        for (Map.Entry<DropReason, Long> e : s.dropped().entrySet()) {
            if (e.getValue() > 0 && !seen.contains(e.getKey())) {
                return true;
            }
        }
        return !seenDeadLetter && s.deadLettered() > 0;
    }

    @Override
    public void onMetrics(ShippingMetrics.Snapshot s) {
        report(s, false);
    }

    /** Reports what is left unreported, whatever the interval (at stop). */
    public void flush(ShippingMetrics.Snapshot s) {
        report(s, true);
    }

    private synchronized void report(ShippingMetrics.Snapshot s, boolean force) {
        long dropped = s.droppedTotal() - (lastReported == null ? 0 : lastReported.droppedTotal());
        long deadLettered = s.deadLettered() - (lastReported == null ? 0 : lastReported.deadLettered());
        if (dropped <= 0 && deadLettered <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (!force && reportedOnce && now - lastReportNanos < intervalNanos && !firstOfItsKind(s)) {
            return;
        }
        StringBuilder sb = new StringBuilder("Call-log events lost ");
        sb.append(reportedOnce ? "since the last report: " : "so far: ");
        sb.append(dropped).append(" dropped");
        if (dropped > 0) {
            sb.append(" (");
            boolean first = true;
            for (Map.Entry<DropReason, Long> e : s.dropped().entrySet()) {
                long before = lastReported == null ? 0 : lastReported.dropped(e.getKey());
                long n = e.getValue() - before;
                if (n > 0) {
                    sb.append(first ? "" : ", ")
                            .append(e.getKey().label())
                            .append(' ')
                            .append(n);
                    first = false;
                }
            }
            sb.append(')');
        }
        sb.append(", ")
                .append(deadLettered)
                .append(" dead-lettered; in all ")
                .append(s.offered())
                .append(" offered, ")
                .append(s.delivered() + s.duplicates())
                .append(" delivered, ")
                .append(s.droppedTotal())
                .append(" dropped, ")
                .append(s.deadLettered())
                .append(" dead-lettered");
        if (s.spooled() > 0) {
            sb.append(", ").append(s.spooled()).append(" spooled");
        }
        for (Map.Entry<DropReason, Long> e : s.dropped().entrySet()) {
            if (e.getValue() > 0) {
                seen.add(e.getKey());
            }
        }
        seenDeadLetter |= s.deadLettered() > 0;
        lastReported = s;
        lastReportNanos = now;
        reportedOnce = true;
        try {
            sink.warn(sb.toString());
        } catch (RuntimeException ignored) {
            // A status sink must never break shipping.
        }
    }
}
