package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.spool.Spool;
import dev.calllog.core.internal.spool.SyncPoint;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The thread that forces the spool to the device, so that neither the batch worker (spilling) nor the export thread
 * ever waits for an {@code fsync}: on a busy disk one can take seconds, and meanwhile the memory buffer would fill. They
 * ask for a sync ({@link #request()}, a few instructions) and go on; requests that arrive while a sync runs are served
 * by one more. A sync writes out what is gathered under the spool's lock, forces it without the lock (appends go on
 * meanwhile), and records the durability point under the lock again. The thread starts with the first request; {@link
 * #closeSpool} ends it, syncs what is left and closes the spool.
 */
final class SpoolSyncer {
    /** How long closing waits for a sync in progress before it closes the spool without one. */
    static final long CLOSE_WAIT_MILLIS = 10_000;

    /** Forces a sync point to the device; {@link SyncPoint#force()}, or a slow or failing device in tests. */
    @FunctionalInterface
    interface Forcer {
        void force(SyncPoint p) throws IOException;
    }

    private final Spool spool;
    private final ReentrantLock spoolLock;
    private final OutcomeRecorder recorder;
    private final PipelineClock clock;
    private final Forcer forcer;
    /** Held for one whole sync: the thread's, or the last one at close. */
    private final ReentrantLock syncing = new ReentrantLock();

    private long lastSyncNanos; // under spoolLock

    private final Object monitor = new Object();
    private boolean requested; // under monitor
    private boolean closed; // under monitor
    private Thread thread; // under monitor

    SpoolSyncer(Spool spool, ReentrantLock spoolLock, OutcomeRecorder recorder, PipelineClock clock, Forcer forcer) {
        this.spool = spool;
        this.spoolLock = spoolLock;
        this.recorder = recorder;
        this.clock = clock;
        this.forcer = forcer;
        this.lastSyncNanos = clock.nanoTime();
    }

    /** When the last sync started; read under the spool's lock. */
    long lastSyncNanos() {
        return lastSyncNanos;
    }

    /** Asks for a sync of everything written so far; never waits for one. Ignored once closed. */
    void request() {
        synchronized (monitor) {
            if (closed) {
                return;
            }
            requested = true;
            if (thread == null) {
                thread = new Thread(this::run, "calllog-spool-sync");
                thread.setDaemon(true);
                thread.start();
            }
            monitor.notifyAll();
        }
    }

    private void run() {
        while (true) {
            synchronized (monitor) {
                while (!requested && !closed) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return; // closeSpool syncs what is left
                }
                requested = false;
            }
            try {
                syncOnce();
            } catch (RuntimeException e) {
                // A sync reports its own failures; this thread must outlive any.
            }
        }
    }

    /** One sync; a failed force is reported, and what it held is forced with the next sync. */
    private void syncOnce() {
        syncing.lock();
        try {
            SyncPoint p;
            spoolLock.lock();
            try {
                p = spool.prepareSync();
                lastSyncNanos = clock.nanoTime();
            } catch (IOException | RuntimeException e) {
                recorder.spoolSyncFailed(e);
                return;
            } finally {
                spoolLock.unlock();
            }
            if (p == null) {
                return;
            }
            Exception failure = null;
            try {
                forcer.force(p);
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
            spoolLock.lock();
            try {
                if (failure == null) {
                    spool.synced(p);
                    recorder.durable(spool.syncedRecords());
                } else {
                    spool.notForced(p);
                }
            } finally {
                spoolLock.unlock();
            }
            if (failure != null) {
                recorder.spoolSyncFailed(failure);
            }
        } finally {
            syncing.unlock();
        }
    }

    /**
     * Ends the thread, syncs what is left and closes the spool (its segments stay for the next run). When a sync in
     * progress does not finish within {@value #CLOSE_WAIT_MILLIS} ms, the spool is closed without one, and that is
     * reported.
     */
    void closeSpool() {
        Thread t;
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
            t = thread;
        }
        boolean mine = false;
        try {
            if (t != null) {
                t.join(CLOSE_WAIT_MILLIS);
            }
            mine = syncing.tryLock(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!mine) {
            recorder.spoolSyncFailed(new IOException("the device did not finish a sync within " + CLOSE_WAIT_MILLIS
                    + " ms; the spool is closed without one"));
        }
        spoolLock.lock();
        try {
            if (mine && spool.needsSync()) {
                syncOnce(); // reentrant: this thread holds both locks
            }
            spool.close();
        } catch (IOException | RuntimeException e) {
            recorder.spoolCloseFailed(e);
        } finally {
            spoolLock.unlock();
            if (mine) {
                syncing.unlock();
            }
        }
    }
}
