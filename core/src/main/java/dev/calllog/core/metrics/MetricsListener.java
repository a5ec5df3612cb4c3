package dev.calllog.core.metrics;

/**
 * Receives the counters of a call-log appender as they change: after batches, spool writes and drops, at most a few
 * times a second, and once more when the appender stops. Called on the shipping thread, never on a logging thread; a
 * listener must return quickly and must not log through the appender it listens to. What it throws is ignored.
 */
@FunctionalInterface
public interface MetricsListener {
    /** The counters now; compare with the previous snapshot for rates. */
    void onMetrics(ShippingMetrics.Snapshot snapshot);
}
