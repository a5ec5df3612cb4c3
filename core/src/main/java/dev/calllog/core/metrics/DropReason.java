package dev.calllog.core.metrics;

/**
 * Why an event was given up. Every event offered ends delivered, duplicate, dead-lettered, spooled, or dropped for one of
 * these.
 */
public enum DropReason {
    /** The in-memory buffer was full when the event was offered. */
    BUFFER_FULL("buffer_full"),
    /** The shipper had stopped (or was stopping) when the event was offered. */
    STOPPED("stopped"),
    /** The event could not be encoded as a bulk item. */
    ENCODING_FAILED("encoding_failed"),
    /** The cluster kept answering 429 or 5xx for the event beyond {@code maxRetries}. */
    RETRIES_EXHAUSTED("retries_exhausted"),
    /** The cluster could not be reached (or kept refusing the request) for {@code retryTimeoutMillis}. */
    RETRY_TIMEOUT("retry_timeout"),
    /** Still buffered or in flight when the shutdown timeout ran out. */
    SHUTDOWN("shutdown"),
    /** Rejected by the cluster, but the dead-letter file had reached {@code deadLetterMaxBytes}. */
    DEAD_LETTER_FULL("dead_letter_full"),
    /** Rejected by the cluster, and writing the dead-letter file failed. */
    DEAD_LETTER_FAILED("dead_letter_failed"),
    /** The spool was full and the policy dropped the event (new ones under dropNewest, old ones under dropOldest). */
    SPOOL_FULL("spool_full"),
    /** Writing the spool failed (disk full, I/O error). */
    SPOOL_FAILED("spool_failed"),
    /** The shipping thread died of an unexpected error. */
    INTERNAL_ERROR("internal_error");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** The reason as written in metrics and messages, e.g. {@code buffer_full}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
