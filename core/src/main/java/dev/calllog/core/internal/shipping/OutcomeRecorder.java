package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;

/**
 * Where every outcome of the pipeline is written down: the counters ({@link ShippingMetrics}) and the status lines the
 * user reads (through {@link ThrottledStatus}, so that a flood of failures is a line every interval). Each event ends
 * here exactly once: delivered, duplicate, dead-lettered, spooled or dropped with a reason. An event read back from
 * the spool is also counted as replayed when it reaches its outcome.
 *
 * <p>Thread-safe: called by the logging threads (refusals), the batch worker and the export thread.
 */
final class OutcomeRecorder {
    /** Longest piece of a cluster's answer quoted in a message. */
    static final int QUOTE_CHARS = 200;

    private final ShippingMetrics metrics;
    private final ThrottledStatus status;
    private final DeadLetterFile deadLetters;
    private final String bufferFullMessage;
    private final String bufferFullOldestMessage;
    private final boolean spooling;
    /**
     * Closed by a stop whose shipping threads did not let go in time ({@link #closeBooks}): what was pending then is
     * counted as dropped at shutdown, and what those threads settle afterwards is not counted again.
     */
    private final Object books = new Object();

    private boolean booksClosed; // guarded by books

    /**
     * @param bufferBytes the buffer's bound, quoted in messages
     * @param spooling whether the pipeline has a spool (a full buffer then means the spool cannot keep up)
     */
    OutcomeRecorder(
            ShippingMetrics metrics,
            ThrottledStatus status,
            DeadLetterFile deadLetters,
            long bufferBytes,
            boolean spooling) {
        this.metrics = metrics;
        this.status = status;
        this.deadLetters = deadLetters;
        this.spooling = spooling;
        // Built once: under overload these are reported from every logging call, on the caller's thread.
        this.bufferFullMessage = spooling
                ? "The call-log buffer is full (" + bufferBytes + " bytes): events arrive faster than they can be"
                        + " written to the spool, and are dropped until it catches up"
                : "The call-log buffer is full (" + bufferBytes
                        + " bytes): events are dropped until OpenSearch takes them again";
        this.bufferFullOldestMessage = "The call-log buffer is full (" + bufferBytes
                + " bytes): the oldest buffered events are dropped to make room for new ones";
    }

    ShippingMetrics metrics() {
        return metrics;
    }

    ThrottledStatus status() {
        return status;
    }

    // ---- the logging threads ----

    void refusedStopped() {
        metrics.recordRefused();
        metrics.recordDropped(DropReason.STOPPED, 1);
        status.warn("stopped", "A call-log event arrived after the appender stopped; it was dropped");
    }

    void refusedUnsized(RuntimeException e) {
        metrics.recordRefused();
        metrics.recordDropped(DropReason.ENCODING_FAILED, 1);
        status.warn("encoding_failed", "A call-log event could not be encoded and was dropped: " + brief(e));
    }

    void refusedBufferFull() {
        metrics.recordRefused();
        metrics.recordDropped(DropReason.BUFFER_FULL, 1);
        status.warn("buffer_full", bufferFullMessage);
    }

    /** A buffered event was dropped to make room for a new one (dropOldest). */
    void evictedOldest() {
        metrics.recordDropped(DropReason.BUFFER_FULL, 1);
        status.warn("buffer_full_oldest", bufferFullOldestMessage);
    }

    // ---- settling events ----

    void encodingFailed(String problem) {
        synchronized (books) {
            if (booksClosed) {
                return;
            }
            metrics.recordDropped(DropReason.ENCODING_FAILED, 1);
        }
        status.warn("encoding_failed", "A call-log event could not be encoded and was dropped: " + problem);
    }

    void delivered(long n, boolean replayed) {
        synchronized (books) {
            if (n > 0 && !booksClosed) {
                metrics.recordDelivered(n);
                replayed(n, replayed);
            }
        }
    }

    void duplicates(long n, boolean replayed) {
        synchronized (books) {
            if (n > 0 && !booksClosed) {
                metrics.recordDuplicates(n);
                replayed(n, replayed);
            }
        }
    }

    void dropped(DropReason reason, long n, boolean replayed) {
        synchronized (books) {
            if (n > 0 && !booksClosed) {
                metrics.recordDropped(reason, n);
                replayed(n, replayed);
            }
        }
    }

    void spooled(long n, long bytes) {
        synchronized (books) {
            if (n > 0 && !booksClosed) {
                metrics.recordSpooled(n);
                metrics.recordSpooledBytes(bytes);
            }
        }
    }

    /**
     * At a stop whose shipping threads did not let go in time: counts every event still pending (buffered, or in a
     * request that did not let go) as dropped at shutdown, once; what those threads settle afterwards is not counted.
     * Refusals on the logging threads still count (each settles the event it refuses).
     *
     * @return the events counted now
     */
    long closeBooks() {
        synchronized (books) {
            if (booksClosed) {
                return 0;
            }
            booksClosed = true;
            long pending = metrics.snapshot().pending();
            if (pending > 0) {
                metrics.recordDropped(DropReason.SHUTDOWN, pending);
            }
            return Math.max(0, pending);
        }
    }

    private void replayed(long n, boolean replayed) {
        if (replayed) {
            metrics.recordReplayed(n);
        }
    }

    /** A document the cluster rejected for good: to the dead-letter file, or counted only, or dropped. */
    void deadLetter(int httpStatus, String type, String reason, byte[] doc, int off, int len, boolean replayed) {
        synchronized (books) {
            if (booksClosed) {
                return; // counted at stop
            }
        }
        DeadLetterFile.Outcome outcome = deadLetters.append(httpStatus, type, reason, doc, off, len);
        String what = httpStatus + " " + type + ": " + cut(reason);
        switch (outcome) {
            case WRITTEN, COUNTED_ONLY -> {
                synchronized (books) {
                    if (booksClosed) {
                        return;
                    }
                    metrics.recordDeadLettered(1);
                    replayed(1, replayed);
                }
                status.warn(
                        "dead_letter",
                        "OpenSearch rejected a call-log document (" + what + ")"
                                + (outcome == DeadLetterFile.Outcome.WRITTEN
                                        ? "; it was written to " + deadLetters.file()
                                        : ""));
            }
            case FULL -> {
                dropped(DropReason.DEAD_LETTER_FULL, 1, replayed);
                status.warn(
                        "dead_letter_full",
                        "OpenSearch rejected a call-log document (" + what + ") and the dead-letter file "
                                + deadLetters.file() + " is full; the document was dropped");
            }
            default -> {
                dropped(DropReason.DEAD_LETTER_FAILED, 1, replayed);
                status.warn(
                        "dead_letter_failed",
                        "OpenSearch rejected a call-log document (" + what + ") and the dead-letter file "
                                + deadLetters.file() + " could not be written (" + brief(deadLetters.lastFailure())
                                + "); the document was dropped");
            }
        }
    }

    // ---- requests ----

    /** One {@code _bulk} request answered (any status) or failed. */
    void request(long latencyMillis, boolean failed) {
        metrics.recordBulkRequest(latencyMillis, failed);
    }

    /** Items answered 429 or 5xx, sent again. */
    void retried(long n) {
        metrics.recordRetried(n);
    }

    /** A request failed as a whole; it is retried (after a backoff, or from the spool). */
    void requestFailed(String problem, RetryPolicy.Verdict verdict, long retryTimeoutMillis) {
        if (verdict == RetryPolicy.Verdict.HOLD) {
            status.error(
                    "request_refused",
                    "Shipping call-log events to OpenSearch failed: " + problem + ". The events are kept (in memory"
                            + " or in the spool) and sent again until this is fixed: check the username, password and"
                            + " the roles of the appender's user");
        } else if (verdict == RetryPolicy.Verdict.REJECT) {
            // A 4xx other than 401/403/413/429 to the whole request (a proxy, a missing path): someone may fix it.
            status.error("request_rejected", "Shipping call-log events to OpenSearch failed: " + problem);
        } else if (spooling) {
            status.warn(
                    "request_failed",
                    "Shipping call-log events to OpenSearch failed (" + problem + "); they wait in the spool until"
                            + " it answers");
        } else {
            status.warn(
                    "request_failed",
                    "Shipping call-log events to OpenSearch failed (" + problem + "); retrying for up to "
                            + retryTimeoutMillis + " ms");
        }
    }

    /** A request of {@code sent} items got no answer within the request timeout; the next ones carry {@code next}. */
    void requestTimedOut(int sent, int next, long requestTimeoutMillis) {
        status.warn(
                "request_timed_out",
                "OpenSearch did not answer a request of " + sent + " call-log events within requestTimeoutMillis ("
                        + requestTimeoutMillis + " ms); the next requests carry at most " + next
                        + ", and more again once those are answered");
    }

    /** Items refused for the appender's credentials or permissions (401, 403): kept, and said loudly. */
    void itemsRefused(int n, String problem) {
        status.error(
                "items_refused",
                "OpenSearch refused " + n + " call-log documents (" + problem + "). They are kept (in memory or in"
                        + " the spool) and sent again until this is fixed: check the roles of the appender's user");
    }

    void retriesExhausted(int n, int maxRetries, String lastProblem, boolean replayed) {
        dropped(DropReason.RETRIES_EXHAUSTED, n, replayed);
        status.warn(
                "retries_exhausted",
                n + " call-log events were dropped after " + maxRetries + " retries (last answer: " + lastProblem
                        + ")");
    }

    void retryTimeout(int n, long retryTimeoutMillis, String problem) {
        dropped(DropReason.RETRY_TIMEOUT, n, false);
        status.error(
                "retry_timeout",
                n + " call-log events were dropped: OpenSearch did not take them within " + retryTimeoutMillis + " ms ("
                        + problem + ")");
    }

    // ---- the spool ----

    void spoolingStarted(String problem, Object directory) {
        status.warn(
                "spooling",
                "OpenSearch does not take call-log events (" + problem + "): they are written to the spool in "
                        + directory + " and shipped from there once it answers again");
    }

    void spoolFullDropNewest(long maxBytes, boolean replayed) {
        dropped(DropReason.SPOOL_FULL, 1, replayed);
        status.warn(
                "spool_full",
                "The call-log spool is full (" + maxBytes + " bytes): new events are dropped until OpenSearch takes"
                        + " the spooled ones");
    }

    /** Under dropOldest: {@code lost} unsent events went with the oldest segment, deleted to make room. */
    void spoolFullDroppedOldest(long maxBytes, long lost) {
        if (lost > 0) {
            metrics.recordReplayed(lost);
            metrics.recordDropped(DropReason.SPOOL_FULL, lost);
        }
        status.warn(
                "spool_full_oldest",
                "The call-log spool is full (" + maxBytes + " bytes): its oldest events are dropped to make room"
                        + " for new ones");
    }

    void spoolFullBlocking(long maxBytes) {
        status.warn(
                "spool_full_block",
                "The call-log spool is full (" + maxBytes + " bytes): events stay in memory and logging calls wait"
                        + " when memory is full too");
    }

    /** Writing the spool failed: {@code lost} events are dropped. */
    void spoolFailed(Object directory, Throwable e, long lost, boolean replayed) {
        dropped(DropReason.SPOOL_FAILED, lost, replayed);
        status.error(
                "spool_failed",
                "Writing the call-log spool " + directory + " failed (" + brief(e) + "); " + lost
                        + " events were dropped");
    }

    void spoolReadFailed(Throwable e) {
        status.error("spool_read_failed", "Reading the call-log spool failed: " + brief(e) + "; retrying later");
    }

    void spoolDeleteFailed(Throwable e) {
        status.warn("spool_delete_failed", "Deleting a delivered call-log spool segment failed: " + brief(e));
    }

    void spoolSyncFailed(Throwable e) {
        status.error("spool_sync_failed", "Syncing the call-log spool to disk failed: " + brief(e));
    }

    void spoolRecordInvalid(boolean replayed) {
        dropped(DropReason.ENCODING_FAILED, 1, replayed);
        status.warn(
                "spool_record_invalid",
                "A record of the call-log spool is not a bulk item (written by another version?); it was dropped");
    }

    void spoolCloseFailed(Throwable e) {
        status.sink().warn("Closing the call-log spool failed: " + brief(e));
    }

    void durable(long events) {
        metrics.recordDurable(events);
    }

    void spoolDamage(long segments, long skippedBytes) {
        metrics.recordSpoolDamage(segments, skippedBytes);
    }

    // ---- the threads ----

    void setupFailed(Throwable e) {
        status.sink().error("Call-log setup failed: " + brief(e) + "; shipping goes on");
    }

    void threadFailed(Throwable t) {
        status.sink().error("The call-log shipping thread failed: " + brief(t) + "; events are no longer shipped");
    }

    void notDeliveredAtShutdown(long n) {
        if (n > 0) {
            status.sink().warn(n + " call-log events were not delivered before shutdown");
        }
    }

    void stuckAtShutdown(long pending) {
        status.sink()
                .warn(pending + " call-log events were not delivered before shutdown (the shipping thread did not"
                        + " stop in time)");
    }

    /** Calls the metrics listeners when due (from either shipping thread). */
    void publishIfDue() {
        metrics.publishIfDue();
    }

    void publish() {
        metrics.publish();
    }

    static String cut(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= QUOTE_CHARS ? s : s.substring(0, QUOTE_CHARS) + "...";
    }

    /** One line about a throwable, without its stack trace. */
    static String brief(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String message = t.getMessage();
        if (message == null && t.getCause() != null) {
            return brief(t.getCause());
        }
        if (message != null) {
            int nl = message.indexOf('\n');
            if (nl >= 0) {
                message = message.substring(0, nl);
            }
        }
        return cut(t.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}
