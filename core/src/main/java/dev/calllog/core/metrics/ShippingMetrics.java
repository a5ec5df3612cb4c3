package dev.calllog.core.metrics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters of one shipper: cheap to update from any thread ({@link LongAdder}s), read as a consistent-enough
 * {@link Snapshot}. Every offered event ends in exactly one of delivered, duplicates, dead-lettered, spooled or dropped
 * (by reason); until then it is pending. An event read back from the spool counts as replayed when it reaches its
 * outcome, so that {@code offered + replayed = delivered + duplicates + deadLettered + dropped + spooled + pending}.
 *
 * <p>{@link MetricsListener}s added here are called by the shipping threads ({@link #publishIfDue()}), one call at a
 * time.
 */
public final class ShippingMetrics {
    // offered = accepted + refused: one counter on the logging thread's usual path, not two.
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder bulkRequests = new LongAdder();
    private final LongAdder failedRequests = new LongAdder();
    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];
    private final LongAdder spooled = new LongAdder();
    private final LongAdder spooledBytes = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder batchLatencyTotal = new LongAdder();
    private volatile long maxBatchLatencyMillis = -1;
    private volatile long durableEvents;
    private volatile long spoolDamagedSegments;
    private volatile long spoolSkippedBytes;
    private volatile LongSupplier spoolBytes = () -> 0;
    private final List<MetricsListener> listeners = new CopyOnWriteArrayList<>();
    private long lastPublishNanos;
    private Snapshot lastPublished;
    private volatile long lastBatchLatencyMillis = -1;
    private volatile LongSupplier bufferedEvents = () -> 0;
    private volatile LongSupplier bufferedBytes = () -> 0;
    private volatile LongSupplier acceptedElsewhere = () -> 0;

    public ShippingMetrics() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
    }

    /** An event was handed to the shipper and taken into the buffer: offered and accepted. */
    public void recordAccepted() {
        accepted.increment();
    }

    /**
     * Where the count of accepted events is kept when the buffer counts them itself (one counter fewer on the logging
     * thread); added to {@link #recordAccepted()}'s.
     */
    public void bindAccepted(LongSupplier accepted) {
        this.acceptedElsewhere = accepted;
    }

    /** An event was handed to the shipper and not taken into the buffer (its drop is recorded separately). */
    public void recordRefused() {
        refused.increment();
    }

    /** Events the cluster indexed. */
    public void recordDelivered(long n) {
        delivered.add(n);
    }

    /** Events the cluster already had (409 on {@code create} after a retry): delivered earlier. */
    public void recordDuplicates(long n) {
        duplicates.add(n);
    }

    /** Item retries: events sent again after a 429 or 5xx item answer. */
    public void recordRetried(long n) {
        retried.add(n);
    }

    /** Events the cluster rejected for good (4xx), written to the dead-letter file or only counted. */
    public void recordDeadLettered(long n) {
        deadLettered.add(n);
    }

    public void recordDropped(DropReason reason, long n) {
        dropped[reason.ordinal()].add(n);
    }

    /** One {@code _bulk} request answered (any status) or failed, and how long it took. */
    public void recordBulkRequest(long latencyMillis, boolean failed) {
        bulkRequests.increment();
        if (failed) {
            failedRequests.increment();
        }
        lastBatchLatencyMillis = latencyMillis;
        batchLatencyTotal.add(latencyMillis);
        if (latencyMillis > maxBatchLatencyMillis) {
            maxBatchLatencyMillis = latencyMillis;
        }
    }

    /** Events written to the spool. */
    public void recordSpooled(long n) {
        spooled.add(n);
    }

    /** Bytes of events written to the spool. */
    public void recordSpooledBytes(long n) {
        spooledBytes.add(n);
    }

    /** Events read back from the spool that reached their outcome (delivered, duplicate, dead-lettered, dropped). */
    public void recordReplayed(long n) {
        replayed.add(n);
    }

    /** Events this process wrote to the spool and synced to disk, in all: the durability point. */
    public void recordDurable(long events) {
        durableEvents = events;
    }

    /** Damaged spool segments found so far, and the bytes skipped in them. */
    public void recordSpoolDamage(long segments, long skippedBytes) {
        spoolDamagedSegments = segments;
        spoolSkippedBytes = skippedBytes;
    }

    /** Where the spool's size is read from. */
    public void bindSpool(LongSupplier bytes) {
        this.spoolBytes = bytes;
    }

    /** Adds a listener, called on the shipping thread when the counters change. */
    public void addListener(MetricsListener listener) {
        listeners.add(listener);
    }

    public void removeListener(MetricsListener listener) {
        listeners.remove(listener);
    }

    /**
     * Calls the listeners with a new snapshot when the counters changed, at most every {@value #PUBLISH_MILLIS} ms.
     * Called by the shipping threads.
     */
    public synchronized void publishIfDue() {
        if (listeners.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (lastPublished != null && now - lastPublishNanos < TimeUnit.MILLISECONDS.toNanos(PUBLISH_MILLIS)) {
            return;
        }
        lastPublishNanos = now;
        publishIfChanged();
    }

    /** Calls the listeners now when the counters changed since the last call (the last one, at stop). */
    public synchronized void publish() {
        if (!listeners.isEmpty()) {
            lastPublishNanos = System.nanoTime();
            publishIfChanged();
        }
    }

    private void publishIfChanged() {
        Snapshot s = snapshot();
        if (s.equals(lastPublished)) {
            return;
        }
        lastPublished = s;
        for (MetricsListener l : listeners) {
            try {
                l.onMetrics(s);
            } catch (RuntimeException | LinkageError ignored) {
                // A listener must never break shipping.
            }
        }
    }

    /** Shortest time between two calls of the listeners. */
    public static final long PUBLISH_MILLIS = 200;

    /** Where the buffer gauges are read from (the shipper that owns this instance). */
    public void bindBuffer(LongSupplier events, LongSupplier bytes) {
        this.bufferedEvents = events;
        this.bufferedBytes = bytes;
    }

    public Snapshot snapshot() {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            long v = dropped[r.ordinal()].sum();
            if (v != 0) {
                drops.put(r, v);
            }
        }
        long acceptedSum = accepted.sum() + acceptedElsewhere.getAsLong();
        return new Snapshot(
                acceptedSum + refused.sum(),
                acceptedSum,
                delivered.sum(),
                duplicates.sum(),
                retried.sum(),
                deadLettered.sum(),
                Collections.unmodifiableMap(drops),
                bulkRequests.sum(),
                failedRequests.sum(),
                bufferedEvents.getAsLong(),
                bufferedBytes.getAsLong(),
                lastBatchLatencyMillis,
                maxBatchLatencyMillis,
                batchLatencyTotal.sum(),
                spooled.sum(),
                spooledBytes.sum(),
                replayed.sum(),
                durableEvents,
                spoolBytes.getAsLong(),
                spoolDamagedSegments,
                spoolSkippedBytes);
    }

    /**
     * The counters at one moment (each read separately, so a snapshot taken while events flow may be off by the events
     * in motion).
     *
     * @param offered events handed to the shipper
     * @param accepted events taken into the buffer
     * @param delivered events indexed
     * @param duplicates events found already indexed (409 on create): success
     * @param deadLettered events rejected for good (4xx)
     * @param dropped events given up, by reason (reasons with no drop are absent)
     * @param retried item retries
     * @param bulkRequests {@code _bulk} requests sent
     * @param failedRequests {@code _bulk} requests that failed as a whole (no answer, or a non-2xx status)
     * @param bufferedEvents events waiting in the buffer
     * @param bufferedBytes estimated bytes waiting in the buffer
     * @param lastBatchLatencyMillis round trip of the last {@code _bulk} request, or -1 before the first
     * @param maxBatchLatencyMillis longest round trip of a {@code _bulk} request, or -1 before the first
     * @param batchLatencyTotalMillis sum of the round trips of all {@code _bulk} requests (divide by {@code
     *     bulkRequests} for the mean)
     * @param spooled events written to the spool
     * @param spooledBytes bytes of events written to the spool
     * @param replayed events read back from the spool that reached their outcome
     * @param durableEvents events this process wrote to the spool and synced to disk: those survive any crash
     * @param spoolBytes bytes the spool takes on disk now
     * @param spoolDamagedSegments spool segments found damaged (torn or corrupt tail), each counted once
     * @param spoolSkippedBytes bytes skipped in damaged spool segments
     */
    public record Snapshot(
            long offered,
            long accepted,
            long delivered,
            long duplicates,
            long retried,
            long deadLettered,
            Map<DropReason, Long> dropped,
            long bulkRequests,
            long failedRequests,
            long bufferedEvents,
            long bufferedBytes,
            long lastBatchLatencyMillis,
            long maxBatchLatencyMillis,
            long batchLatencyTotalMillis,
            long spooled,
            long spooledBytes,
            long replayed,
            long durableEvents,
            long spoolBytes,
            long spoolDamagedSegments,
            long spoolSkippedBytes) {

        public long dropped(DropReason reason) {
            return dropped.getOrDefault(reason, 0L);
        }

        public long droppedTotal() {
            long sum = 0;
            for (long v : dropped.values()) {
                sum += v;
            }
            return sum;
        }

        /** Offered events not settled yet: buffered or in flight (events read back from the spool included). */
        public long pending() {
            return offered + replayed - delivered - duplicates - deadLettered - droppedTotal() - spooled;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("offered=")
                    .append(offered)
                    .append(" accepted=")
                    .append(accepted)
                    .append(" delivered=")
                    .append(delivered)
                    .append(" duplicates=")
                    .append(duplicates)
                    .append(" deadLettered=")
                    .append(deadLettered)
                    .append(" dropped=")
                    .append(droppedTotal());
            if (!dropped.isEmpty()) {
                sb.append(dropped.toString().replace(" ", ""));
            }
            return sb.append(" retried=")
                    .append(retried)
                    .append(" bulkRequests=")
                    .append(bulkRequests)
                    .append(" failedRequests=")
                    .append(failedRequests)
                    .append(" bufferedEvents=")
                    .append(bufferedEvents)
                    .append(" bufferedBytes=")
                    .append(bufferedBytes)
                    .append(" lastBatchLatencyMillis=")
                    .append(lastBatchLatencyMillis)
                    .append(" maxBatchLatencyMillis=")
                    .append(maxBatchLatencyMillis)
                    .append(" spooled=")
                    .append(spooled)
                    .append(" replayed=")
                    .append(replayed)
                    .append(" durableEvents=")
                    .append(durableEvents)
                    .append(" spoolBytes=")
                    .append(spoolBytes)
                    .append(" spoolDamagedSegments=")
                    .append(spoolDamagedSegments)
                    .toString();
        }
    }
}
