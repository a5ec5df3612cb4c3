/**
 * The appender's counters: what was delivered, retried, spooled and dropped, by reason. Applications read them through
 * JMX ({@link dev.calllog.core.metrics.CallLogMetricsMXBean}, part of the project's API) or from the engine; the
 * other types are internal.
 */
package dev.calllog.core.metrics;
