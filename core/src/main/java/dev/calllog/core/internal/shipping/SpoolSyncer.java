package dev.calllog.core.internal.shipping;

/**
 * The thread that forces the spool to the device, so that neither the batch worker (spilling) nor the export thread
 * ever waits for an {@code fsync}: on a busy disk one can take seconds, and meanwhile the memory buffer would fill. They
 * ask for a sync ({@link #request()}, a few instructions) and go on; requests that arrive while a sync runs are served
 * by one more. The thread starts with the first request and ends at {@link #close}.
 */
final class SpoolSyncer {
    private final String name;
    private final Runnable syncOnce;
    private final Object monitor = new Object();
    private boolean requested; // under monitor
    private boolean closed; // under monitor
    private Thread thread; // under monitor

    SpoolSyncer(String name, Runnable syncOnce) {
        this.name = name;
        this.syncOnce = syncOnce;
    }

    /** Asks for a sync of everything written so far; never waits for one. Ignored once closed. */
    void request() {
        synchronized (monitor) {
            if (closed) {
                return;
            }
            requested = true;
            if (thread == null) {
                thread = new Thread(this::run, name);
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
                    return; // the closer syncs what is left
                }
                requested = false;
            }
            try {
                syncOnce.run();
            } catch (RuntimeException e) {
                // The sync reports its own failures; this thread must outlive any.
            }
        }
    }

    /**
     * Ends the thread once the sync in progress, if any, is done, waiting for that at most {@code millis}. The caller
     * syncs what is left itself.
     *
     * @return whether the thread has ended
     */
    boolean close(long millis) {
        Thread t;
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
            t = thread;
        }
        if (t == null) {
            return true;
        }
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
