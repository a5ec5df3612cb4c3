package dev.calllog.benchmarks;

import dev.calllog.core.metrics.ShippingMetrics;

/** A configured logger under test, and the one logging call every benchmark makes. */
public interface CallLogging extends AutoCloseable {

    /** Puts the call's ids into the current thread's context (MDC, ThreadContext), as a call handler does once. */
    void enterCall();

    /** Logs the {@code i}-th call-log event ({@link CallEvent}) on the current thread. */
    void log(long i);

    /** Events the asynchronous appender has queued and not handed on yet; 0 when there is no queue. */
    long queued();

    /** Waits until the call-log appender has settled what it accepted; true when there is nothing to wait for. */
    boolean flush(long timeoutMillis);

    /** The call-log appender's counters, or {@code null} when the framework does not expose them here. */
    ShippingMetrics.Snapshot metrics();

    /** Stops the logger context: the call-log appender delivers what it buffered. */
    @Override
    void close();
}
