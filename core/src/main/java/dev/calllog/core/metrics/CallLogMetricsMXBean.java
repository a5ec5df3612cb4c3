package dev.calllog.core.metrics;

import java.util.Map;

/**
 * The counters of one call-log appender over JMX, registered as {@code dev.calllog:type=CallLogAppender,name=<appender
 * name>} while the appender runs. Each attribute is read fresh; see {@link ShippingMetrics.Snapshot} for their meaning.
 */
public interface CallLogMetricsMXBean {
    /** Events handed to the shipper. */
    long getOffered();

    /** Events taken into the buffer. */
    long getAccepted();

    /** Events indexed. */
    long getDelivered();

    /** Events found already indexed (a retry): delivered. */
    long getDuplicates();

    /** Item retries after a 429 or 5xx answer. */
    long getRetried();

    /** Events the cluster rejected for good (written to the dead-letter file, or counted only). */
    long getDeadLettered();

    /** Events given up, all reasons. */
    long getDropped();

    /** Events given up, by reason ({@code buffer_full}, {@code retry_timeout}, {@code spool_full}, ...). */
    Map<String, Long> getDroppedByReason();

    /** Events handed over and not settled yet. */
    long getPending();

    /** Events in the memory buffer. */
    long getBufferedEvents();

    /** Estimated bytes in the memory buffer. */
    long getBufferedBytes();

    /** {@code _bulk} requests sent. */
    long getBulkRequests();

    /** {@code _bulk} requests that failed as a whole. */
    long getFailedRequests();

    /** Round trip of the last {@code _bulk} request, in ms; -1 before the first. */
    long getLastBatchLatencyMillis();

    /** Longest round trip of a {@code _bulk} request, in ms; -1 before the first. */
    long getMaxBatchLatencyMillis();

    /** Sum of the round trips of all {@code _bulk} requests, in ms. */
    long getBatchLatencyTotalMillis();

    /** Events written to the spool. */
    long getSpooled();

    /** Bytes of events written to the spool. */
    long getSpooledBytes();

    /** Events read back from the spool and settled. */
    long getReplayed();

    /** Events written to the spool and synced to disk by this process. */
    long getDurableEvents();

    /** Bytes the spool takes on disk now. */
    long getSpoolBytes();

    /** Damaged spool segments found (torn or corrupt tails). */
    long getSpoolDamagedSegments();
}
