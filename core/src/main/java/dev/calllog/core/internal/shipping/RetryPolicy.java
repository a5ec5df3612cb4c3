package dev.calllog.core.internal.shipping;

import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * What an answer means for the events it concerns, and how long to wait before trying again. Holds no state beyond its
 * settings and its random source (used by one thread: the export thread).
 *
 * <ul>
 *   <li>2xx: delivered. 409 {@code version_conflict_engine_exception} on a {@code create}: delivered by an earlier
 *       attempt (the event id is the {@code _id}), a duplicate, so also a success.
 *   <li>429 and 5xx, no answer at all (refused connection, timeout, reset), a malformed answer: {@link Verdict#RETRY},
 *       with exponential backoff and jitter, honouring {@code Retry-After}; items at most {@code maxRetries} times, a
 *       whole request for at most {@code retryTimeoutMillis}.
 *   <li>401 and 403: {@link Verdict#HOLD}. Credentials or permissions are a configuration problem of the whole cluster,
 *       never of one document: the events are kept and sent again, without a time limit, until someone fixes it.
 *   <li>Any other 4xx to an item (400 above all): {@link Verdict#REJECT}, the document can never be indexed: it goes to
 *       the dead letters. To a whole request (a proxy's 404, say): retried like a failure, reported as an error.
 * </ul>
 */
final class RetryPolicy {
    static final String VERSION_CONFLICT = "version_conflict_engine_exception";

    /** What to do with an event after an answer. */
    enum Verdict {
        DELIVERED,
        DUPLICATE,
        RETRY,
        HOLD,
        REJECT
    }

    private final int maxRetries;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final long retryTimeoutMillis;
    private final RandomGenerator random;

    RetryPolicy(
            int maxRetries,
            long initialBackoffMillis,
            long maxBackoffMillis,
            long retryTimeoutMillis,
            RandomGenerator random) {
        this.maxRetries = maxRetries;
        this.initialBackoffMillis = Math.max(1, initialBackoffMillis);
        this.maxBackoffMillis = Math.max(this.initialBackoffMillis, maxBackoffMillis);
        this.retryTimeoutMillis = retryTimeoutMillis;
        this.random = random;
    }

    /** The verdict on one item of a bulk answer. */
    static Verdict ofItem(int status, String errorType) {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status == 409 && VERSION_CONFLICT.equals(errorType)) {
            return Verdict.DUPLICATE;
        }
        if (status == 429 || status >= 500) {
            return Verdict.RETRY;
        }
        if (status == 401 || status == 403) {
            return Verdict.HOLD;
        }
        return Verdict.REJECT;
    }

    /**
     * The verdict on a request that failed as a whole with {@code status} (not 2xx, not 413, which is split), or -1
     * when no answer came: RETRY, HOLD (401, 403), or REJECT (another 4xx, retried but reported as an error).
     */
    static Verdict ofRequest(int status) {
        if (status == 401 || status == 403) {
            return Verdict.HOLD;
        }
        if (status >= 400 && status < 500 && status != 429) {
            return Verdict.REJECT;
        }
        return Verdict.RETRY;
    }

    /** Whether items retried {@code rounds} times have had their share ({@code maxRetries}). */
    boolean retriesExhausted(int rounds) {
        return rounds > maxRetries;
    }

    int maxRetries() {
        return maxRetries;
    }

    long retryTimeoutMillis() {
        return retryTimeoutMillis;
    }

    /** Whether a request first tried at {@code firstAttemptNanos} has been retried long enough. */
    boolean timedOut(long firstAttemptNanos, long nowNanos) {
        return nowNanos - firstAttemptNanos >= TimeUnit.MILLISECONDS.toNanos(retryTimeoutMillis);
    }

    /**
     * The wait before attempt {@code attempt + 1} ({@code attempt} from 1): a random delay between {@code
     * initialBackoffMillis} and the exponential bound {@code initialBackoffMillis * 2^(attempt-1)}, at most {@code
     * maxBackoffMillis} ("full jitter" above a floor, so retries never spin); at least what the cluster asked for in
     * {@code Retry-After}, up to {@code maxBackoffMillis}.
     *
     * @param retryAfterMillis the cluster's {@code Retry-After}, or a negative value when it gave none
     */
    long backoffNanos(int attempt, long retryAfterMillis) {
        long bound = initialBackoffMillis << Math.min(Math.max(attempt, 1) - 1, 30);
        if (bound <= 0 || bound > maxBackoffMillis) {
            bound = maxBackoffMillis;
        }
        long millis = initialBackoffMillis + (long) (random.nextDouble() * (bound - initialBackoffMillis + 1));
        millis = Math.min(millis, bound);
        if (retryAfterMillis > millis) {
            millis = Math.min(retryAfterMillis, maxBackoffMillis);
        }
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
