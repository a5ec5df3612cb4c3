package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.config.OverflowPolicy;
import dev.calllog.core.internal.spool.Spool;
import dev.calllog.core.internal.spool.SpoolRecords;
import dev.calllog.core.internal.spool.SyncPoint;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The disk spool as the pipeline uses it, from two threads: the batch worker writes events the cluster cannot take now
 * ({@link #append} on its spill path, never waiting for a request), the export thread writes a batch whose request
 * failed, reads the spool back once the cluster answers ({@link #read}, {@link #finishReplay}), and keeps the outage
 * state: after a request failed as a whole, events go to the spool until a probe, sent after a backoff, is answered.
 *
 * <p>Every use of the {@link Spool} is under one lock, held for a disk write or read of one batch, never across a
 * request. When the spool is full, the overflow policy decides: drop what does not fit ({@code dropNewest}), delete the
 * oldest segment to make room ({@code dropOldest}; while the export thread replays, the batch worker waits for the
 * replay to end, at most {@value #MAX_REPLAY_WAIT_MILLIS} ms, before it drops the new event instead), or keep the events in
 * memory ({@code block}), where they wait for the cluster and callers wait once memory is full too.
 *
 * <p>Syncing to the device is done by a thread of its own ({@link SpoolSyncer}), the lock held only to write out what is
 * gathered before and to record the durability point after: a slow {@code fsync} holds up neither thread, so spilling
 * goes on at the speed of writing to the operating system.
 */
final class SpoolingExporter {
    private final Spool spool;
    private final OverflowPolicy policy;
    private final long fsyncNanos;
    private final OutcomeRecorder recorder;
    private final PipelineClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a replay ends, for a writer waiting to delete the oldest segment (dropOldest). */
    private final Condition replayEnded = lock.newCondition();

    /** How long a write waits for a replay to end, under dropOldest, before it drops the newest event instead. */
    static final long MAX_REPLAY_WAIT_MILLIS = 2_000;

    /** Items written, or records read, under one taking of the lock. */
    static final int CHUNK = 256;

    /** The cluster refused the last request: events go to the spool until the probe at {@link #nextProbeNanos}. */
    private volatile boolean outage;
    /** The spool holds events not yet settled (unread, or read and in flight): newer ones go behind them. */
    private volatile boolean backlog;
    /** The spool was full under the block policy: events stay in memory until it has room again. */
    private volatile boolean fullUnderBlock;

    private volatile long nextProbeNanos;
    private int outageAttempts; // export thread
    private boolean replaying; // under lock
    private Thread replayer; // under lock: the thread replaying
    private volatile boolean deferSync;
    private final SpoolSyncer syncer;

    SpoolingExporter(
            Spool spool, OverflowPolicy policy, long fsyncMillis, OutcomeRecorder recorder, PipelineClock clock) {
        this(spool, policy, fsyncMillis, recorder, clock, SyncPoint::force);
    }

    SpoolingExporter(
            Spool spool,
            OverflowPolicy policy,
            long fsyncMillis,
            OutcomeRecorder recorder,
            PipelineClock clock,
            SpoolSyncer.Forcer forcer) {
        this.spool = spool;
        this.syncer = new SpoolSyncer(spool, lock, recorder, clock, forcer);
        this.policy = policy;
        this.fsyncNanos = TimeUnit.MILLISECONDS.toNanos(fsyncMillis);
        this.recorder = recorder;
        this.clock = clock;
        this.backlog = !spool.isEmpty();
    }

    Spool spool() {
        return spool;
    }

    /** Whether new events should go to the spool rather than to the cluster: an outage, or a backlog to keep behind. */
    boolean wantsSpill() {
        return (outage || backlog) && !fullUnderBlock;
    }

    boolean outage() {
        return outage;
    }

    /** False once the spool was found full under the block policy, until a replay makes room. */
    boolean hasRoom() {
        return !fullUnderBlock;
    }

    boolean backlog() {
        return backlog;
    }

    /** Whether the probe of the cluster is due (always, outside an outage). */
    boolean probeDue() {
        return !outage || clock.nanoTime() - nextProbeNanos >= 0;
    }

    long nextProbeNanos() {
        return nextProbeNanos;
    }

    /** A request failed as a whole: events go to the spool until a probe after the backoff. Export thread only. */
    void enterOutage(String problem, RetryPolicy retry, long retryAfterMillis) {
        if (!outage) {
            recorder.spoolingStarted(problem, spool.directory());
        }
        outageAttempts = Math.min(outageAttempts + 1, 30);
        nextProbeNanos = clock.nanoTime() + retry.backoffNanos(outageAttempts, retryAfterMillis);
        outage = true;
    }

    /** The cluster answered. Export thread only. */
    void leaveOutage() {
        outage = false;
        outageAttempts = 0;
    }

    /** At stop: one sync when the spool closes covers every batch written from now on. */
    void deferSync() {
        deferSync = true;
    }

    /**
     * Writes the items {@code idx[0, n)} of {@code batch} to the spool, settling each: spooled, or dropped when the
     * spool is full (dropNewest) or fails. Under the block policy a full spool stops the writing: the items from the
     * returned index on are the caller's, to keep in memory. The lock is taken for {@value #CHUNK} items at a time, so
     * that the other thread never waits long for it.
     *
     * @return how many of the items, from the first, are settled
     */
    int append(Batch batch, int[] idx, int n) {
        int k = 0;
        boolean wrote = false;
        while (k < n) {
            int end = Math.min(n, k + CHUNK);
            lock.lock();
            try {
                long before = spool.appendedRecords();
                long fullDrops = 0;
                long bytes = 0;
                boolean blocked = false;
                int j = k;
                try {
                    for (; j < end; j++) {
                        int i = idx[j];
                        int off = batch.itemOffset(i);
                        int len = batch.itemLength(i);
                        boolean written = spool.append(batch.array(), off, len);
                        while (!written && policy == OverflowPolicy.DROP_OLDEST) {
                            if (replaying) {
                                // The oldest segment is being read: wait for the replay, which may make room.
                                if (!awaitReplayEnd()) {
                                    break;
                                }
                                written = spool.append(batch.array(), off, len);
                                continue;
                            }
                            long lost = spool.dropOldest();
                            if (lost < 0) {
                                break; // the spool is empty: this item alone is larger than the spool
                            }
                            recorder.spoolFullDroppedOldest(spool.maxBytes(), lost);
                            written = spool.append(batch.array(), off, len);
                        }
                        if (!written) {
                            if (policy == OverflowPolicy.BLOCK) {
                                fullUnderBlock = true;
                                blocked = true;
                                recorder.spoolFullBlocking(spool.maxBytes());
                                break;
                            }
                            recorder.spoolFullDropNewest(spool.maxBytes(), false);
                            fullDrops++;
                            continue;
                        }
                        bytes += len;
                    }
                    spool.flush(); // one write for the chunk: from here on, a crash of the process loses none of it
                    long spooled = spool.appendedRecords() - before;
                    recorder.spooled(spooled, bytes);
                    wrote |= spooled > 0;
                } catch (IOException | RuntimeException e) {
                    // A failed write takes back, from the appended count, the records it lost; the rest is given up.
                    long spooled = spool.appendedRecords() - before;
                    recorder.spooled(spooled, bytes);
                    wrote |= spooled > 0;
                    int stop = blocked ? j : n;
                    recorder.spoolFailed(spool.directory(), e, (stop - k) - spooled - fullDrops, false);
                    if (wrote) {
                        backlog = true;
                    }
                    return finishAppend(stop, wrote);
                }
                if (wrote) {
                    backlog = true;
                }
                if (blocked) {
                    return finishAppend(j, wrote);
                }
                k = end;
            } finally {
                lock.unlock();
            }
        }
        return finishAppend(k, wrote);
    }

    /** After an append: asks for the sync that makes it durable ({@code spoolFsyncMillis} 0), never waiting for it. */
    private int finishAppend(int settled, boolean wrote) {
        if (wrote && fsyncNanos == 0 && !deferSync) {
            syncer.request();
        }
        return settled;
    }

    /**
     * Reads the next records into {@code batch} (emptied first), at most {@code maxEvents} and {@code maxBytes}, taking
     * the lock for {@value #CHUNK} records at a time. Export thread only; {@link #finishReplay} must follow.
     *
     * @return false when the spool could not be read (reported; it is read again later)
     */
    boolean read(Batch batch, int maxEvents, long maxBytes) {
        batch.reset();
        batch.replayed = true;
        Spool.RecordSink sink = (off, len) -> {
            // Only the document is taken from disk: the action line is written anew (see SpoolRecords).
            if (!SpoolRecords.rebuildAction(batch.body(), off) || !batch.addItem(off)) {
                batch.body().truncate(off);
                recorder.spoolRecordInvalid(true);
            }
        };
        lock.lock();
        replaying = true;
        replayer = Thread.currentThread();
        lock.unlock();
        try {
            while (batch.items() < maxEvents && batch.length() < maxBytes) {
                int want = Math.min(CHUNK, maxEvents - batch.items());
                int got;
                lock.lock();
                try {
                    got = spool.read(batch.body(), want, maxBytes - batch.length(), sink);
                    recorder.spoolDamage(spool.damagedSegments(), spool.skippedBytes());
                } finally {
                    lock.unlock();
                }
                if (got < want) {
                    break;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            lock.lock();
            try {
                spool.rewind();
                replaying = false;
                replayEnded.signalAll();
            } finally {
                lock.unlock();
            }
            recorder.spoolReadFailed(e);
            return false;
        }
    }

    /**
     * After a batch read back was sent: every item settled ({@code done}: what was read is deleted once its segment is
     * done), or some went back ({@code done} false: they are read again later).
     */
    void finishReplay(boolean done) {
        lock.lock();
        try {
            if (done) {
                spool.commit();
                fullUnderBlock = false; // segments deleted: room again
            } else {
                spool.rewind();
            }
        } catch (IOException e) {
            recorder.spoolDeleteFailed(e);
        } finally {
            replaying = false;
            replayEnded.signalAll();
            backlog = !spool.isEmpty();
            lock.unlock();
        }
    }

    /** Whether a write waits for the replay in progress to end (tests). */
    boolean writerWaitsForReplay() {
        lock.lock();
        try {
            return lock.hasWaiters(replayEnded);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock, held once: waits until the replay in progress ends, at most {@value #MAX_REPLAY_WAIT_MILLIS} ms.
     * The replaying thread itself never waits.
     *
     * @return whether no replay is in progress any more
     */
    private boolean awaitReplayEnd() {
        if (Thread.currentThread() == replayer) {
            return false;
        }
        long nanos = TimeUnit.MILLISECONDS.toNanos(MAX_REPLAY_WAIT_MILLIS);
        try {
            while (replaying && nanos > 0) {
                nanos = replayEnded.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !replaying;
    }

    /** Asks for a sync when written events wait for the interval sync ({@code spoolFsyncMillis} > 0) and it is due. */
    void syncIfDue() {
        if (fsyncNanos == 0 || !lock.tryLock()) {
            return;
        }
        boolean due;
        try {
            due = spool.needsSync() && clock.nanoTime() - syncer.lastSyncNanos() >= fsyncNanos;
        } finally {
            lock.unlock();
        }
        if (due) {
            syncer.request();
        }
    }

    /** How long until the next interval sync is due, when events wait for it; else Long.MAX_VALUE. */
    long nanosToSync() {
        if (fsyncNanos == 0 || !lock.tryLock()) {
            return Long.MAX_VALUE;
        }
        try {
            return spool.needsSync()
                    ? Math.max(1, syncer.lastSyncNanos() + fsyncNanos - clock.nanoTime())
                    : Long.MAX_VALUE;
        } finally {
            lock.unlock();
        }
    }

    /** Syncs what is left to sync and closes the spool (its segments stay for the next run). */
    void close() {
        syncer.closeSpool();
    }
}
