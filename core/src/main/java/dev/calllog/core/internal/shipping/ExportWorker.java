package dev.calllog.core.internal.shipping;

import dev.calllog.core.metrics.DropReason;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The export thread: takes the batches the worker hands over and delivers each until every item is settled, and, with
 * a spool, ships the spool once the cluster answers. The one thread that waits on the cluster: requests, backoffs,
 * probes.
 *
 * <p>Delivering a batch: send the items still unsettled ({@link BulkExporter}); settle each by its answer ({@link
 * RetryPolicy}): delivered, duplicate, dead letter; send again, after a backoff, what must be retried. Items answered
 * 429/5xx are retried at most {@code maxRetries} times. Items whose request got no answer are retried for at most
 * {@code retryTimeoutMillis} without a spool, or written to the spool at once with one (the outage starts: the
 * following batches go to the spool until a probe is answered). Items refused with 401/403 are held: without a spool,
 * retried with no time limit; with one, spooled like an outage. At the stop deadline, what is left goes to the spool, or
 * is counted as lost.
 */
final class ExportWorker {
    /** Item categories after an answer. */
    private static final byte SETTLED = 0;

    private static final byte RETRY = 1;
    private static final byte HOLD = 2;
    private static final byte UNANSWERED = 3;

    private final BatchHandoff handoff;
    private final BulkExporter exporter;
    private final RetryPolicy policy;
    private final OutcomeRecorder recorder;
    private final SpoolingExporter spool;
    private final FlushTracker flushes;
    private final StopSignal stop;
    private final PipelineClock clock;
    private final int batchMaxEvents;
    private final long batchMaxBytes;

    private byte[] category = new byte[256];
    private long lostAtStop;

    ExportWorker(
            BatchHandoff handoff,
            BulkExporter exporter,
            RetryPolicy policy,
            OutcomeRecorder recorder,
            SpoolingExporter spool,
            FlushTracker flushes,
            StopSignal stop,
            PipelineClock clock,
            int batchMaxEvents,
            long batchMaxBytes) {
        this.handoff = handoff;
        this.exporter = exporter;
        this.policy = policy;
        this.recorder = recorder;
        this.spool = spool;
        this.flushes = flushes;
        this.stop = stop;
        this.clock = clock;
        this.batchMaxEvents = batchMaxEvents;
        this.batchMaxBytes = batchMaxBytes;
    }

    /**
     * One turn of the export loop: delivers the batch handed over, or one batch of the spool, or decides to wait.
     *
     * @return how long to park before the next turn (0: go on at once), or -1 when the thread is done
     */
    long turn() {
        recorder.publishIfDue();
        if (stop.failed()) {
            return -1;
        }
        Batch b = handoff.take();
        if (b != null) {
            deliverHandedOver(b);
            return 0;
        }
        if (stop.stopping()) {
            if (!stop.isWorkerDone() && !stop.deadlinePassed()) {
                return Math.max(1, stop.nanosLeft());
            }
            // The worker hands over nothing more (its last batch, if any, is in the slot by now), or the time is up.
            b = handoff.take();
            if (b == null) {
                return -1;
            }
            deliverHandedOver(b);
            return 0;
        }
        if (spool != null && spool.backlog()) {
            if (spool.probeDue()) {
                return replay() ? 0 : BatchWorker.IDLE_PARK_NANOS;
            }
            return Math.max(1, Math.min(BatchWorker.IDLE_PARK_NANOS, spool.nextProbeNanos() - clock.nanoTime()));
        }
        return BatchWorker.IDLE_PARK_NANOS;
    }

    /**
     * A batch from the worker: sent; or, during an outage (no probe due yet) or behind a backlog, written to the spool
     * behind the others, which are shipped first.
     */
    private void deliverHandedOver(Batch b) {
        int[] idx = b.first == 0 ? b.allItems() : Arrays.copyOfRange(b.allItems(), b.first, b.items());
        int n = b.items() - b.first;
        if (spool != null && spool.hasRoom() && (spool.backlog() || !spool.probeDue()) && !stop.stopping()) {
            int settled = spool.append(b, idx, n);
            if (settled < n) {
                deliver(b, Arrays.copyOfRange(idx, settled, n), n - settled); // spool full, block policy
            }
        } else {
            deliver(b, idx, n);
        }
        flushes.settled(b.seq);
        handoff.release(b);
    }

    /**
     * Sends one batch read back from the spool; deletes it from the spool once every item is settled, else reads it
     * again later (resent items the cluster has are answered 409: duplicates, not indexed twice).
     *
     * @return false when there was nothing to read or it could not be read
     */
    private boolean replay() {
        Batch b = handoff.acquire();
        if (b == null) {
            return false; // the worker holds both for now; the one it hands over comes first
        }
        try {
            if (!spool.read(b, batchMaxEvents, batchMaxBytes)) {
                spool.enterOutage("the spool could not be read", policy, -1);
                return false;
            }
            boolean done = b.isEmpty() || deliver(b, b.allItems(), b.items());
            spool.finishReplay(done);
            return true;
        } finally {
            handoff.release(b);
        }
    }

    /**
     * Delivers the items {@code idx[0, n)} of {@code b} until each is settled.
     *
     * @return false when items of a batch read back from the spool were left in it (to be read again)
     */
    boolean deliver(Batch b, int[] idx, int n) {
        long firstAttempt = clock.nanoTime();
        int itemRounds = 0;
        int holdRounds = 0;
        int failures = 0;
        boolean answered = false;
        while (n > 0) {
            if (stop.deadlinePassed()) {
                return leaveAtStop(b, idx, n);
            }
            BulkExporter.Answer a = exporter.export(b, idx, n);
            if (category.length < n) {
                category = new byte[Math.max(n, category.length * 2)];
            }
            int retry = 0;
            int hold = 0;
            int ok = 0;
            int duplicates = 0;
            String itemProblem = null;
            for (int k = 0; k < n; k++) {
                int status = a.status(k);
                byte c = SETTLED;
                if (status == BulkExporter.NO_ANSWER) {
                    c = UNANSWERED;
                } else {
                    switch (RetryPolicy.ofItem(status, a.type(k))) {
                        case DELIVERED -> ok++;
                        case DUPLICATE -> duplicates++;
                        case RETRY -> {
                            c = RETRY;
                            retry++;
                            itemProblem = status + " " + a.type(k) + ": " + OutcomeRecorder.cut(a.reason(k));
                        }
                        case HOLD -> {
                            c = HOLD;
                            hold++;
                            itemProblem = status + " " + a.type(k) + ": " + OutcomeRecorder.cut(a.reason(k));
                        }
                        case REJECT -> {
                            int i = idx[k];
                            recorder.deadLetter(
                                    status,
                                    a.type(k),
                                    a.reason(k),
                                    b.array(),
                                    b.docOffset(i),
                                    b.docLength(i),
                                    b.replayed);
                        }
                    }
                }
                category[k] = c;
            }
            recorder.delivered(ok, b.replayed);
            recorder.duplicates(duplicates, b.replayed);
            int unanswered = a.unanswered();
            if (unanswered < n && spool != null) {
                spool.leaveOutage(); // the cluster answered
            }
            if (hold > 0) {
                holdRounds++;
                recorder.itemsRefused(hold, itemProblem);
            }
            if (unanswered > 0) {
                failures++;
                RetryPolicy.Verdict verdict = RetryPolicy.ofRequest(a.requestStatus());
                recorder.requestFailed(a.problem(), verdict, policy.retryTimeoutMillis());
                if (verdict == RetryPolicy.Verdict.HOLD) {
                    hold += unanswered;
                    mark(n, UNANSWERED, HOLD);
                }
            }
            answered |= unanswered < n;
            // A batch read back from the spool that was partly answered (its later requests timed out) goes on from
            // where it is, in this round or a later one: read again from its start, it would send again what the
            // cluster took, and could meet the same timeout at the same place each time.
            boolean goOn = b.replayed
                    && hold == 0
                    && answered
                    && !policy.timedOut(firstAttempt, clock.nanoTime())
                    && !stop.stopping();
            if (spool != null && (unanswered > 0 || hold > 0) && !goOn) {
                // The cluster does not take these now: they wait in the spool, and so do the next batches.
                spool.enterOutage(
                        unanswered > 0 ? a.problem() : "documents refused: " + itemProblem,
                        policy,
                        a.retryAfterMillis());
                if (b.replayed) {
                    return false; // still in the spool, read again after the probe
                }
                int[] parked = pick(idx, n, UNANSWERED, HOLD);
                int settled = spool.append(b, parked, parked.length);
                for (int k = 0, p = 0; k < n && p < settled; k++) {
                    if (category[k] == UNANSWERED || category[k] == HOLD) {
                        category[k] = SETTLED; // spooled
                        p++;
                    }
                }
            }
            if (retry > 0) {
                itemRounds++;
                if (policy.retriesExhausted(itemRounds)) {
                    recorder.retriesExhausted(retry, policy.maxRetries(), itemProblem, b.replayed);
                    mark(n, RETRY, SETTLED);
                } else {
                    recorder.retried(retry);
                }
            }
            if (!b.replayed && countOf(n, UNANSWERED) > 0 && policy.timedOut(firstAttempt, clock.nanoTime())) {
                int lost = countOf(n, UNANSWERED);
                recorder.retryTimeout(lost, policy.retryTimeoutMillis(), a.problem());
                mark(n, UNANSWERED, SETTLED);
            }
            int[] rest = pick(idx, n, RETRY, UNANSWERED, HOLD);
            if (rest.length == 0) {
                return true;
            }
            long wait = policy.backoffNanos(Math.max(Math.max(itemRounds, holdRounds), failures), a.retryAfterMillis());
            if (countOf(n, UNANSWERED) > 0 && countOf(n, HOLD) == 0 && countOf(n, RETRY) == 0) {
                // Only failed requests left: never wait past their retry timeout.
                long left =
                        firstAttempt + TimeUnit.MILLISECONDS.toNanos(policy.retryTimeoutMillis()) - clock.nanoTime();
                wait = Math.min(wait, Math.max(0, left));
            }
            idx = rest;
            n = rest.length;
            waitFor(wait);
        }
        return true;
    }

    /** At the stop deadline: the items go to the spool (a batch read back stays there), or are counted as lost. */
    private boolean leaveAtStop(Batch b, int[] idx, int n) {
        if (spool != null) {
            if (b.replayed) {
                return false;
            }
            int settled = spool.append(b, idx, n);
            n -= settled;
        }
        if (n > 0) {
            recorder.dropped(DropReason.SHUTDOWN, n, b.replayed);
            lostAtStop += n;
        }
        return true;
    }

    /** Waits {@code nanos}, or less when the stop deadline comes first. */
    private void waitFor(long nanos) {
        long until = clock.nanoTime() + nanos;
        while (true) {
            long left = until - clock.nanoTime();
            if (stop.stopping()) {
                left = Math.min(left, stop.nanosLeft());
            }
            if (left <= 0) {
                return;
            }
            clock.park(this, left);
            Thread.interrupted();
        }
    }

    private void mark(int n, byte from, byte to) {
        for (int k = 0; k < n; k++) {
            if (category[k] == from) {
                category[k] = to;
            }
        }
    }

    private int countOf(int n, byte c) {
        int count = 0;
        for (int k = 0; k < n; k++) {
            if (category[k] == c) {
                count++;
            }
        }
        return count;
    }

    /** The items of {@code idx[0, n)} in any of the categories, in order. */
    private int[] pick(int[] idx, int n, byte... categories) {
        int m = 0;
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            for (byte c : categories) {
                if (category[k] == c) {
                    out[m++] = idx[k];
                    break;
                }
            }
        }
        return m == n ? out : Arrays.copyOf(out, m);
    }

    /** Events this thread gave up at stop. */
    long lostAtStop() {
        return lostAtStop;
    }
}
