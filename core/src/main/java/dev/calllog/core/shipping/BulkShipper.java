package dev.calllog.core.shipping;

import dev.calllog.core.config.CallLogConfig;
import dev.calllog.core.config.OverflowPolicy;
import dev.calllog.core.json.ByteBuf;
import dev.calllog.core.json.JsonReader.MalformedJsonException;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.core.spool.Spool;
import dev.calllog.core.spool.SpoolRecords;
import dev.calllog.core.spool.SpoolWriteException;
import dev.calllog.core.status.ThrottledStatus;
import dev.calllog.core.transport.BulkTransport;
import dev.calllog.core.transport.HttpResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Ships records to an OpenSearch data stream in {@code _bulk} requests, from one background thread, through a bounded
 * in-memory buffer.
 *
 * <p>{@link #offer} is what the logging thread calls: it never blocks, never throws and does no I/O. It adds the record
 * to a lock-free queue whose estimated size is bounded by {@code bufferBytes}; when the buffer is full the record is
 * dropped and counted. The worker thread takes batches of up to {@code batchMaxEvents} records and {@code
 * batchMaxBytes} (uncompressed), waiting at most {@code lingerMillis} for a batch to fill, encodes them once into a
 * reused buffer, gzips the body, and sends it. While a request is in flight, the worker takes the next full batch out
 * of the buffer and encodes and gzips it into a second set of buffers (see {@link #prefetch}), so that at most two
 * batches are in hand. Each item's answer decides its fate:
 *
 * <ul>
 *   <li>200/201: delivered; 409 {@code version_conflict_engine_exception}: delivered by an earlier attempt (duplicate).
 *   <li>429 and 5xx: sent again, alone, with exponential backoff and jitter, at most {@code maxRetries} times, then
 *       dropped ({@code retries_exhausted}).
 *   <li>any other status: the document can never be indexed; it goes to the dead-letter file with the reason.
 * </ul>
 *
 * A request that fails as a whole (no answer, timeout, 429, 5xx, 401/403/404..., a malformed answer) is sent again with
 * the same backoff for at most {@code retryTimeoutMillis} since its first attempt, then its records are dropped
 * ({@code retry_timeout}); the transport tries the other nodes meanwhile. A request answered 413 is split in halves.
 * While the worker retries, the buffer keeps filling and then drops: the logging thread is never slowed down.
 *
 * <p>When the buffer is full, {@code overflowPolicy} decides: drop the new record (default), drop the oldest buffered
 * one, or let the caller wait at most {@code blockTimeoutMillis} for room.
 *
 * <p><b>With a {@link Spool}</b> (setting {@code spoolDir}), a request that fails as a whole does not keep its records in
 * memory: the worker appends them to the spool, and from then on writes what arrives in memory to the spool too, behind
 * them, until a probe request (sent after the usual backoff) is answered; it then ships the spool, oldest first, in
 * batches read back from it, before anything newer, deleting segments once their records are settled. The spool is
 * synced after every batch written to it, or every {@code spoolFsyncMillis}. {@code retryTimeoutMillis} does not apply
 * to spooled records: they wait as long as the spool has room; when it has none, {@code overflowPolicy} decides (drop
 * what does not fit, delete the oldest segment, or keep the records in memory so that callers wait). At stop, what
 * could not be delivered in time is spooled, not dropped.
 *
 * <p>Every offered record ends exactly once as delivered, duplicate, dead-lettered, spooled or dropped with a reason
 * (see {@link ShippingMetrics}); every loss is reported, throttled, through the status channel.
 *
 * @param <R> the record type
 */
public final class BulkShipper<R> {
    private static final int RUNNING = 0;
    private static final int IDLE = 1;
    private static final int LINGERING = 2;

    /** Longest idle park; the worker is woken sooner by an offer, a flush or stop. */
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long {@link #stop()} waits, after its timeout, for an aborted request to let go of the worker. */
    private static final long STOP_GRACE_MILLIS = 1_000;
    /** How long a caller waiting for room (block policy) sleeps between two looks. */
    private static final long BLOCK_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** Longest piece of a cluster's answer quoted in a message. */
    private static final int QUOTE_CHARS = 200;

    private static final String VERSION_CONFLICT = "version_conflict_engine_exception";

    /**
     * Cuts the bulk answer down to what {@link BulkResponseParser} reads: every item's status (positions stay), and the
     * error of the failed ones. The full answer repeats the index, id, version, shards, seq_no and term of every item,
     * about 190 bytes each against 25, which the node serialises and the shipper reads for nothing. Error answers to the
     * whole request are not filtered.
     */
    private static final String RESPONSE_FILTER =
            "?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason";

    private final BulkItemEncoder<R> encoder;
    private final BulkTransport transport;
    private final ThrottledStatus status;
    private final ShippingMetrics metrics;
    private final DeadLetterFile deadLetters;
    /** The disk spool, or null when it is off. Used by the worker only (and by stop() when there is no worker). */
    private final Spool spool;

    private final OverflowPolicy overflowPolicy;
    private final long blockTimeoutNanos;
    private final long spoolFsyncNanos;

    private final long bufferBytes;
    private final int batchMaxEvents;
    private final long batchMaxBytes;
    private final long lingerNanos;
    private final int maxRetries;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final long retryTimeoutMillis;
    private final long shutdownTimeoutMillis;
    private final String threadName;
    private final String bulkPath;
    private final String bulkRequestPath;
    private final Map<String, String> bulkHeaders;

    // Shared between the offering threads, the worker, flush and stop.
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong bufferedEvents = new AtomicLong();
    private final AtomicInteger pendingFlushes = new AtomicInteger();
    private final AtomicInteger workerState = new AtomicInteger(RUNNING);
    private volatile Thread worker;
    private volatile Runnable beforeFirstBatch;
    /** Offers are refused. */
    private volatile boolean closed;
    /** The worker delivers what it can until {@link #stopDeadlineNanos}, then gives up the rest. */
    private volatile boolean stopping;

    private volatile long stopDeadlineNanos;
    /** The final drain has run: nothing offered from now on would be seen by the worker. */
    private volatile boolean drained;

    private boolean stopRequested; // guarded by this

    // Worker thread only.
    private ByteBuf encoded = new ByteBuf(64 * 1024);
    private final ByteBuf subset = new ByteBuf(16 * 1024);
    private ByteBuf compressed = new ByteBuf(16 * 1024);
    /** {@link #compressed} holds the gzip of the whole of {@link #encoded} (compressed ahead, by {@link #prefetch}). */
    private boolean compressedWhole;
    /** The estimated size the records of the batch in hand were buffered with. */
    private long batchEstimate;

    // Worker thread only: the next batch, taken and encoded (and gzipped) while the request before it was in flight
    // (see prefetch()); swapped with the fields above by swapBatches().
    private ByteBuf nextEncoded = new ByteBuf(64 * 1024);
    private ByteBuf nextCompressed = new ByteBuf(16 * 1024);
    private boolean nextCompressedWhole;
    private long nextBatchEstimate;
    private int[] nextItemStart = new int[256];
    private int[] nextDocStart = new int[256];
    private int[] nextItemEnd = new int[256];
    private int nextItems;
    private final GzipCompressor gzip;
    private final BulkResponseParser parser = new BulkResponseParser();
    private final List<FlushMarker> reachedMarkers = new ArrayList<>();
    private int[] itemStart = new int[256];
    private int[] docStart = new int[256];
    private int[] itemEnd = new int[256];
    private int[] allItems = new int[0];
    private int items;
    /** Records taken from the queue and not yet settled. */
    private long inHand;
    /** Records given up because the shutdown timeout ran out. */
    private long lostAtShutdown;

    private byte[] sendBytes;
    private int sendLength;
    private String lastItemProblem;
    private final String bufferFullMessage;
    private final String bufferFullOldestMessage;

    // Worker thread only: the spool's state.
    /** The cluster refused the last request: memory goes to the spool until the probe at {@link #nextProbeNanos}. */
    private boolean outage;

    private int outageAttempts;
    private long nextProbeNanos;
    private long lastSyncNanos;
    /** The batch in hand was read from the spool. */
    private boolean replaying;
    /** Part of the batch in hand went (back) to the spool: the rest follows it, unsent. */
    private boolean batchParked;

    /**
     * @param config the settings; read once, here
     * @param encoder turns a record into a bulk item
     * @param transport sends the requests; owned by the shipper from now on and closed by {@link #stop()}
     * @param status where trouble is reported, throttled
     * @param metrics the counters this shipper updates
     * @param deadLetters where rejected documents go
     */
    public BulkShipper(
            CallLogConfig config,
            BulkItemEncoder<R> encoder,
            BulkTransport transport,
            ThrottledStatus status,
            ShippingMetrics metrics,
            DeadLetterFile deadLetters) {
        this(config, encoder, transport, status, metrics, deadLetters, null);
    }

    /**
     * @param config the settings; read once, here
     * @param encoder turns a record into a bulk item
     * @param transport sends the requests; owned by the shipper from now on and closed by {@link #stop()}
     * @param status where trouble is reported, throttled
     * @param metrics the counters this shipper updates
     * @param deadLetters where rejected documents go
     * @param spool where records wait while the cluster cannot take them, or null for none; owned by the shipper from
     *     now on and closed by {@link #stop()}
     */
    public BulkShipper(
            CallLogConfig config,
            BulkItemEncoder<R> encoder,
            BulkTransport transport,
            ThrottledStatus status,
            ShippingMetrics metrics,
            DeadLetterFile deadLetters,
            Spool spool) {
        this.spool = spool;
        this.overflowPolicy = config.overflowPolicy();
        this.blockTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.blockTimeoutMillis());
        this.spoolFsyncNanos = TimeUnit.MILLISECONDS.toNanos(config.spoolFsyncMillis());
        this.encoder = encoder;
        this.transport = transport;
        this.status = status;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.bufferBytes = config.bufferBytes();
        this.bufferFullMessage = "The call-log buffer is full (" + bufferBytes
                + " bytes): events are dropped until OpenSearch takes them again";
        this.bufferFullOldestMessage = "The call-log buffer is full (" + bufferBytes
                + " bytes): the oldest buffered events are dropped to make room for new ones";
        this.batchMaxEvents = config.batchMaxEvents();
        this.batchMaxBytes = config.batchMaxBytes();
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(config.lingerMillis());
        this.maxRetries = config.maxRetries();
        this.initialBackoffMillis = config.initialBackoffMillis();
        this.maxBackoffMillis = config.maxBackoffMillis();
        this.retryTimeoutMillis = config.retryTimeoutMillis();
        this.shutdownTimeoutMillis = config.shutdownTimeoutMillis();
        this.threadName = "calllog-shipper-" + config.dataStream();
        this.bulkPath = "/" + config.dataStream() + "/_bulk";
        this.bulkRequestPath = bulkPath + RESPONSE_FILTER;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-ndjson");
        if (config.gzip()) {
            headers.put("Content-Encoding", "gzip");
            headers.put("Accept-Encoding", "gzip");
        }
        this.bulkHeaders = Map.copyOf(headers);
        this.gzip = config.gzip() ? new GzipCompressor() : null;
        metrics.bindBuffer(bufferedEvents::get, bufferedBytes::get);
        if (spool != null) {
            metrics.bindSpool(spool::sizeBytes);
        }
    }

    /** Starts the worker thread. Records offered before are kept and shipped. Does nothing if started or stopped. */
    public void start() {
        start(null);
    }

    /**
     * Starts the worker thread, which first runs {@code beforeFirstBatch} (template setup, say); whatever it throws is
     * reported and shipping goes on.
     */
    public synchronized void start(Runnable beforeFirstBatch) {
        if (stopRequested || worker != null) {
            return;
        }
        this.beforeFirstBatch = beforeFirstBatch;
        Thread t = new Thread(this::run, threadName);
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    /**
     * Buffers a record for shipping. Never throws and does no I/O; never blocks unless the {@code block} overflow
     * policy is set, and then at most {@code blockTimeoutMillis}.
     *
     * @return whether the record was accepted; when not, it was counted as dropped
     */
    public boolean offer(R record) {
        if (record == null) {
            return false;
        }
        if (closed) {
            metrics.recordRefused();
            metrics.recordDropped(DropReason.STOPPED, 1);
            status.warn("stopped", "A call-log event arrived after the appender stopped; it was dropped");
            return false;
        }
        int size;
        try {
            size = Math.max(1, encoder.estimatedBytes(record));
        } catch (RuntimeException e) {
            metrics.recordRefused();
            metrics.recordDropped(DropReason.ENCODING_FAILED, 1);
            status.warn("encoding_failed", "A call-log event could not be encoded and was dropped: " + brief(e));
            return false;
        }
        long bytes;
        long blockDeadline = 0;
        while (true) {
            bytes = bufferedBytes.get();
            if (bytes + size <= bufferBytes) {
                if (bufferedBytes.compareAndSet(bytes, bytes + size)) {
                    break;
                }
                continue;
            }
            if (overflowPolicy == OverflowPolicy.DROP_OLDEST && size <= bufferBytes && evictOldest()) {
                continue;
            }
            if (overflowPolicy == OverflowPolicy.BLOCK && !closed) {
                long now = System.nanoTime();
                if (blockDeadline == 0) {
                    blockDeadline = now + blockTimeoutNanos;
                }
                if (now - blockDeadline < 0) {
                    LockSupport.unpark(worker);
                    LockSupport.parkNanos(this, BLOCK_POLL_NANOS);
                    continue;
                }
            }
            metrics.recordRefused();
            metrics.recordDropped(DropReason.BUFFER_FULL, 1);
            // Built once: under overload this runs for every logging call, on the caller's thread.
            status.warn("buffer_full", bufferFullMessage);
            return false;
        }
        long events = bufferedEvents.incrementAndGet();
        // The record itself goes into the queue, not a holder with its size: the encoder gives the same size again
        // when the worker takes it, and the logging thread allocates one object less.
        queue.offer(record);
        metrics.recordAccepted();
        if (drained && queue.remove(record)) {
            // Raced with the final drain of stop(): nobody will ship it.
            unbuffer(size);
            metrics.recordDropped(DropReason.STOPPED, 1);
            return false;
        }
        int state = workerState.get();
        if (state == IDLE || state == LINGERING && (events >= batchMaxEvents || bytes + size >= batchMaxBytes)) {
            if (workerState.compareAndSet(state, RUNNING)) {
                LockSupport.unpark(worker);
            }
        }
        return true;
    }

    /**
     * Drops the oldest buffered record (dropOldest policy), unless the worker took it first.
     *
     * @return whether one was dropped
     */
    @SuppressWarnings("unchecked")
    private boolean evictOldest() {
        for (Object o : queue) {
            if (!(o instanceof FlushMarker) && queue.remove(o)) {
                unbuffer(sizeOf((R) o));
                metrics.recordDropped(DropReason.BUFFER_FULL, 1);
                status.warn("buffer_full_oldest", bufferFullOldestMessage);
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until every record offered before this call is settled: delivered, spooled, dead-lettered or dropped. Sends
     * what is buffered at once, without lingering.
     *
     * @return whether everything was settled within {@code timeoutMillis}
     */
    public boolean flush(long timeoutMillis) {
        Thread w = worker;
        if (drained) {
            return true;
        }
        if (w == null) {
            return bufferedEvents.get() == 0;
        }
        FlushMarker marker = new FlushMarker();
        pendingFlushes.incrementAndGet();
        queue.offer(marker);
        if (drained && queue.remove(marker)) {
            pendingFlushes.decrementAndGet();
            return true;
        }
        LockSupport.unpark(w);
        try {
            return marker.done.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops accepting records, delivers what it can within {@code shutdownTimeoutMillis}, then counts and reports what it
     * could not, and closes the transport. With a spool, what is not delivered in the first three quarters of the
     * timeout is spooled in the last quarter. Returns within the timeout plus, when a request is still in flight then, a
     * short grace to abort it. Idempotent.
     */
    public synchronized void stop() {
        if (stopRequested) {
            return;
        }
        stopRequested = true;
        closed = true;
        long sendMillis = spool == null ? shutdownTimeoutMillis : shutdownTimeoutMillis * 3 / 4;
        stopDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sendMillis);
        stopping = true;
        Thread w = worker;
        if (w == null) {
            spoolLeftovers();
            reportShutdown(finalDrain(DropReason.SHUTDOWN));
            closeSpool();
            closeQuietly();
            return;
        }
        if (w == Thread.currentThread()) {
            return; // stop() called from within beforeFirstBatch: the worker winds down by itself
        }
        LockSupport.unpark(w);
        boolean interrupted = !join(w, sendMillis);
        if (w.isAlive()) {
            // A request is still in flight: abort it.
            w.interrupt();
            closeQuietly();
            interrupted |= !join(w, shutdownTimeoutMillis - sendMillis + STOP_GRACE_MILLIS);
        }
        closeQuietly();
        if (w.isAlive()) {
            long pending = metrics.snapshot().pending();
            status.sink()
                    .warn(pending
                            + " call-log events were not delivered before shutdown (the shipping thread did not stop"
                            + " in time)");
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The counters of this shipper. */
    public ShippingMetrics metrics() {
        return metrics;
    }

    private static boolean join(Thread t, long millis) {
        try {
            t.join(Math.max(1, millis));
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void closeQuietly() {
        try {
            transport.close();
        } catch (IOException | RuntimeException e) {
            // Closing is best effort; the connections die with the process anyway.
        }
    }

    // ---- worker ----

    private void run() {
        DropReason leftovers = DropReason.SHUTDOWN;
        try {
            Runnable hook = beforeFirstBatch;
            if (hook != null) {
                try {
                    hook.run();
                } catch (RuntimeException e) {
                    status.sink().error("Call-log setup failed: " + brief(e) + "; shipping goes on");
                }
            }
            loop();
        } catch (Throwable t) {
            leftovers = DropReason.INTERNAL_ERROR;
            closed = true;
            status.sink().error("The call-log shipping thread failed: " + brief(t) + "; events are no longer shipped");
        } finally {
            // The batch taken ahead is not lost with the one in hand: it goes to the spool with the queue, or is
            // dropped with it.
            if (inHand - nextItems > 0) {
                drop(leftovers, inHand - nextItems);
            }
            replaying = false;
            completeReachedMarkers();
            if (leftovers == DropReason.SHUTDOWN) {
                spoolLeftovers();
            }
            if (nextItems > 0) {
                drop(leftovers, nextItems);
                nextItems = 0;
            }
            long leftInQueue = finalDrain(leftovers);
            if (leftovers == DropReason.SHUTDOWN) {
                reportShutdown(lostAtShutdown + leftInQueue);
            }
            closeSpool();
            metrics.publish();
            if (gzip != null) {
                gzip.close();
            }
        }
    }

    private void loop() {
        long lingerStart = -1;
        while (true) {
            housekeeping();
            boolean spoolFirst = spool != null && (outage || !spool.isEmpty());
            if (stopping) {
                if (!hasQueued() || deadlinePassed()) {
                    return; // with a spool, run() spools what is left
                }
                if (spoolFirst) {
                    // The cluster is down or a backlog waits: memory joins the spool now, rather than at the deadline.
                    fillBatch();
                    spoolBatch();
                    completeReachedMarkers();
                    continue;
                }
            } else if (spoolFirst) {
                long now = System.nanoTime();
                boolean probeDue = !outage || now - nextProbeNanos >= 0;
                if (hasQueued()) {
                    if (!probeDue && lingerNanos > 0 && !batchReady()) {
                        // Gather a batch before writing, as before sending: one write and one sync per batch.
                        if (lingerStart < 0) {
                            lingerStart = now;
                        }
                        long wait = Math.min(lingerStart + lingerNanos - now, nextProbeNanos - now);
                        if (wait > 0) {
                            park(LINGERING, wait);
                            continue;
                        }
                    }
                    lingerStart = -1;
                    fillBatch();
                    spoolBatch();
                    completeReachedMarkers();
                    continue;
                }
                if (probeDue && !spool.isEmpty()) {
                    replayBatch();
                    continue;
                }
                if (!probeDue) {
                    park(IDLE, Math.min(IDLE_PARK_NANOS, nextProbeNanos - now));
                    continue;
                }
                // The probe is due and the spool is empty: the next batch from memory is the probe.
            }
            if (!hasQueued()) {
                lingerStart = -1;
                if (!stopping) {
                    park(IDLE, idleParkNanos());
                }
                continue;
            }
            if (lingerNanos > 0 && !batchReady()) {
                long now = System.nanoTime();
                if (lingerStart < 0) {
                    lingerStart = now;
                }
                long wait = lingerStart + lingerNanos - now;
                if (wait > 0) {
                    park(LINGERING, wait);
                    continue;
                }
            }
            long batchStart = System.nanoTime();
            fillBatch();
            if (items > 0) {
                batchParked = false;
                deliver(allItems(), items, System.nanoTime());
            }
            completeReachedMarkers();
            // Records that came in while this batch was out have waited since it started.
            lingerStart = hasQueued() ? batchStart : -1;
        }
    }

    /** Parks the worker in {@code state} (IDLE or LINGERING) for at most {@code nanos}, unless woken sooner. */
    private void park(int state, long nanos) {
        workerState.set(state);
        boolean wait = state == IDLE ? !hasQueued() && !stopping : !batchReady();
        if (wait && nanos > 0) {
            LockSupport.parkNanos(this, nanos);
        }
        workerState.set(RUNNING);
        Thread.interrupted();
    }

    /** How long an idle worker may sleep: until the next interval sync of the spool is due, at most a second. */
    private long idleParkNanos() {
        if (spool != null && spoolFsyncNanos > 0 && spool.needsSync()) {
            return Math.max(1, Math.min(IDLE_PARK_NANOS, lastSyncNanos + spoolFsyncNanos - System.nanoTime()));
        }
        return IDLE_PARK_NANOS;
    }

    /** Runs on every turn of the loop: the interval sync of the spool, and the metrics listeners. */
    private void housekeeping() {
        if (spool != null && spoolFsyncNanos > 0 && spool.needsSync()) {
            if (System.nanoTime() - lastSyncNanos >= spoolFsyncNanos) {
                syncSpool();
            }
        }
        metrics.publishIfDue();
    }

    /** Whether records wait: in the queue, or taken ahead into the next batch. */
    private boolean hasQueued() {
        return nextItems > 0 || !queue.isEmpty();
    }

    /** Whether a whole batch waits in the queue. */
    private boolean fullBatchQueued() {
        return bufferedEvents.get() >= batchMaxEvents || bufferedBytes.get() >= batchMaxBytes;
    }

    /** Whether to send without waiting any longer: a full batch, a flush, or stop. */
    private boolean batchReady() {
        return stopping
                || nextItems > 0
                || pendingFlushes.get() > 0
                || bufferedEvents.get() >= batchMaxEvents
                || bufferedBytes.get() >= batchMaxBytes;
    }

    private boolean deadlinePassed() {
        return stopping && System.nanoTime() - stopDeadlineNanos >= 0;
    }

    @SuppressWarnings("unchecked")
    private void fillBatch() {
        if (nextItems > 0) {
            // The batch taken ahead is the start of this one.
            swapBatches();
            nextEncoded.reset();
            nextItems = 0;
            nextCompressedWhole = false;
            nextBatchEstimate = 0;
        } else {
            encoded.reset();
            items = 0;
            compressedWhole = false;
            batchEstimate = 0;
        }
        if (takeRecords(true) > 0) {
            compressedWhole = false;
        }
    }

    /**
     * Takes records from the queue into the batch in hand, encoding each, until the batch is full or the queue empty, or
     * up to a flush marker (taken when {@code takeMarkers}, else left in the queue).
     *
     * @return the records taken
     */
    @SuppressWarnings("unchecked")
    private int takeRecords(boolean takeMarkers) {
        long estimate = batchEstimate;
        long takenBytes = 0;
        int taken = 0;
        try {
            while (items < batchMaxEvents) {
                Object head = queue.peek();
                if (head == null) {
                    break;
                }
                if (head instanceof FlushMarker) {
                    if (takeMarkers) {
                        queue.poll();
                        pendingFlushes.decrementAndGet();
                        reachedMarkers.add((FlushMarker) head);
                    }
                    break; // everything offered before the flush is in this batch
                }
                R record = (R) head;
                int size = sizeOf(record);
                if (items > 0 && estimate + size > batchMaxBytes) {
                    break;
                }
                queue.poll();
                taken++;
                estimate += size;
                takenBytes += size;
                inHand++;
                encode(record);
            }
        } finally {
            batchEstimate = estimate;
            // Once per batch rather than per record: these counters are shared with every logging thread.
            bufferedEvents.addAndGet(-taken);
            bufferedBytes.addAndGet(-takenBytes);
        }
        return taken;
    }

    /**
     * While a request is in flight: when a whole batch waits in the queue, takes it, encodes it and gzips it into the
     * second set of buffers, so that it is ready to go as soon as the answer came. The shipping thread thus prepares
     * the next request while the cluster (and the HTTP client's own thread) handle this one. Not while the spool is in
     * use or the shipper stops: those paths take records one batch at a time, in order.
     */
    private void prefetch() {
        if (nextItems > 0 || stopping || spool != null && (outage || !spool.isEmpty()) || !fullBatchQueued()) {
            return;
        }
        // The batch in flight is set aside untouched (its bytes are being sent) while the next one is built.
        swapBatches();
        try {
            encoded.reset();
            items = 0;
            batchEstimate = 0;
            compressedWhole = false;
            takeRecords(false);
            if (gzip != null && items > 0) {
                gzip.compress(encoded.array(), 0, encoded.length(), compressed);
                compressedWhole = true;
            }
        } finally {
            swapBatches();
        }
    }

    /** Exchanges the batch in hand with the next one. */
    private void swapBatches() {
        ByteBuf b = encoded;
        encoded = nextEncoded;
        nextEncoded = b;
        b = compressed;
        compressed = nextCompressed;
        nextCompressed = b;
        int[] a = itemStart;
        itemStart = nextItemStart;
        nextItemStart = a;
        a = docStart;
        docStart = nextDocStart;
        nextDocStart = a;
        a = itemEnd;
        itemEnd = nextItemEnd;
        nextItemEnd = a;
        int n = items;
        items = nextItems;
        nextItems = n;
        boolean z = compressedWhole;
        compressedWhole = nextCompressedWhole;
        nextCompressedWhole = z;
        long e = batchEstimate;
        batchEstimate = nextBatchEstimate;
        nextBatchEstimate = e;
    }

    /** The size a record was buffered with: the encoder's estimate, as {@link #offer} took it. */
    private int sizeOf(R record) {
        return Math.max(1, encoder.estimatedBytes(record));
    }

    private void unbuffer(int size) {
        bufferedEvents.decrementAndGet();
        bufferedBytes.addAndGet(-size);
    }

    private void encode(R record) {
        int start = encoded.length();
        String problem = null;
        try {
            encoder.encode(record, encoded);
        } catch (RuntimeException e) {
            problem = brief(e);
        }
        if (problem == null && addItem(start)) {
            return;
        }
        if (problem == null) {
            problem = "the encoder did not write an action line and a document line";
        }
        if (encoded.length() >= start) {
            encoded.truncate(start);
        }
        drop(DropReason.ENCODING_FAILED, 1);
        status.warn("encoding_failed", "A call-log event could not be encoded and was dropped: " + problem);
    }

    /**
     * Registers the bytes of {@link #encoded} from {@code start} to its end as the next item, when they are an action
     * line and a document line.
     *
     * @return false when they are not (nothing registered)
     */
    private boolean addItem(int start) {
        int end = encoded.length();
        byte[] a = encoded.array();
        int newline = -1;
        for (int i = start; i < end; i++) {
            if (a[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (end <= start || newline < 0 || newline + 2 > end - 1 || a[end - 1] != '\n') {
            return false;
        }
        if (items == itemStart.length) {
            int size = items * 2;
            itemStart = Arrays.copyOf(itemStart, size);
            docStart = Arrays.copyOf(docStart, size);
            itemEnd = Arrays.copyOf(itemEnd, size);
        }
        itemStart[items] = start;
        docStart[items] = newline + 1;
        itemEnd[items] = end;
        items++;
        return true;
    }

    private int[] allItems() {
        if (allItems.length < items) {
            allItems = new int[Math.max(items, allItems.length * 2)];
            for (int i = 0; i < allItems.length; i++) {
                allItems[i] = i;
            }
        }
        return allItems;
    }

    /**
     * Sends the items {@code idx[0, n)} until each is settled. Items are indices into the encoded batch, ascending; the
     * array is not modified.
     */
    private void deliver(int[] idx, int n, long firstAttemptNanos) {
        int itemRetries = 0;
        int requestFailures = 0;
        while (true) {
            if (spool != null && (batchParked || deadlinePassed())) {
                // Behind records that went to the spool, or out of time: these follow them there.
                int parked = toSpool(idx, n);
                if (parked == n) {
                    return;
                }
                idx = Arrays.copyOfRange(idx, parked, n);
                n -= parked;
            }
            if (deadlinePassed()) {
                drop(DropReason.SHUTDOWN, n);
                return;
            }
            HttpResult result = null;
            String problem = null;
            long sentAt = System.nanoTime();
            try {
                prepareBody(idx, n);
                BulkTransport.Pending pending =
                        transport.start("POST", bulkRequestPath, sendBytes, 0, sendLength, bulkHeaders);
                prefetch();
                result = pending.await();
            } catch (IOException | RuntimeException e) {
                problem = "the request failed: " + brief(e);
            }
            Thread.interrupted(); // an interrupt from stop() has done its job once the request is over
            long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);

            if (result != null && result.status() == 413) {
                metrics.recordBulkRequest(latencyMillis, true);
                if (n == 1) {
                    deadLetter(idx[0], 413, "document_too_large", "document too large");
                    return;
                }
                // Too big for the node: split, and let each half go its own way.
                int half = n / 2;
                deliver(Arrays.copyOfRange(idx, 0, half), half, firstAttemptNanos);
                deliver(Arrays.copyOfRange(idx, half, n), n - half, firstAttemptNanos);
                return;
            }
            if (result != null && result.isSuccess()) {
                problem = parse(result.body(), n);
                if (problem == null) {
                    metrics.recordBulkRequest(latencyMillis, false);
                    requestFailures = 0;
                    leaveOutage();
                    int[] retry = settleItems(idx, n);
                    if (retry == null) {
                        return;
                    }
                    int m = retry.length;
                    itemRetries++;
                    if (itemRetries > maxRetries) {
                        drop(DropReason.RETRIES_EXHAUSTED, m);
                        status.warn(
                                "retries_exhausted",
                                m + " call-log events were dropped after " + maxRetries + " retries (last answer: "
                                        + lastItemProblem + ")");
                        return;
                    }
                    metrics.recordRetried(m);
                    idx = retry;
                    n = m;
                    backOff(itemRetries, Long.MAX_VALUE);
                    continue;
                }
            } else if (result != null) {
                problem = describe(result);
            }

            metrics.recordBulkRequest(latencyMillis, true);
            requestFailures++;
            if (spool != null) {
                int parked = toSpool(idx, n);
                if (parked > 0) {
                    enterOutage(problem);
                }
                if (parked == n) {
                    return;
                }
                // The spool is full and the policy is block: the rest is retried in memory, as without a spool.
                idx = Arrays.copyOfRange(idx, parked, n);
                n -= parked;
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstAttemptNanos);
            if (elapsedMillis >= retryTimeoutMillis) {
                drop(DropReason.RETRY_TIMEOUT, n);
                status.error(
                        "retry_timeout",
                        n + " call-log events were dropped: OpenSearch did not take them within " + retryTimeoutMillis
                                + " ms (" + problem + ")");
                return;
            }
            if (result != null && result.status() >= 400 && result.status() < 500 && result.status() != 429) {
                // Credentials, permissions or a missing template: retried, as someone may fix it, but said loudly.
                status.error("request_rejected", "Shipping call-log events to OpenSearch failed: " + problem);
            } else {
                status.warn(
                        "request_failed",
                        "Shipping call-log events to OpenSearch failed (" + problem + "); retrying for up to "
                                + retryTimeoutMillis + " ms");
            }
            backOff(
                    requestFailures,
                    firstAttemptNanos + TimeUnit.MILLISECONDS.toNanos(retryTimeoutMillis) - System.nanoTime());
        }
    }

    /** Sets {@link #sendBytes}/{@link #sendLength} to the (gzipped) body holding the items {@code idx[0, n)}. */
    private void prepareBody(int[] idx, int n) {
        byte[] src;
        int len;
        if (n == items) {
            // The whole batch: the encoded buffer is the body.
            src = encoded.array();
            len = encoded.length();
        } else {
            subset.reset();
            byte[] a = encoded.array();
            for (int k = 0; k < n; k++) {
                int i = idx[k];
                subset.write(a, itemStart[i], itemEnd[i] - itemStart[i]);
            }
            src = subset.array();
            len = subset.length();
        }
        if (gzip != null) {
            if (!(n == items && compressedWhole)) {
                gzip.compress(src, 0, len, compressed);
                compressedWhole = n == items;
            }
            sendBytes = compressed.array();
            sendLength = compressed.length();
        } else {
            sendBytes = src;
            sendLength = len;
        }
    }

    /** Parses a 2xx answer; returns what is wrong with it, or null. */
    private String parse(byte[] body, int n) {
        try {
            parser.parse(body);
        } catch (MalformedJsonException e) {
            return "malformed bulk response (" + e.getMessage() + ")";
        }
        if (parser.count() != n) {
            return "the bulk response has " + parser.count() + " items for " + n + " sent";
        }
        return null;
    }

    /** Settles each answered item; returns the items to send again (429, 5xx), or null when there are none. */
    private int[] settleItems(int[] idx, int n) {
        if (parser.allSucceeded()) {
            delivered(n);
            return null;
        }
        int[] retry = null;
        int retries = 0;
        int ok = 0;
        int duplicates = 0;
        for (int k = 0; k < n; k++) {
            int s = parser.status(k);
            if (s >= 200 && s < 300) {
                ok++;
            } else if (s == 409 && VERSION_CONFLICT.equals(parser.errorType(k))) {
                duplicates++;
            } else if (s == 429 || s >= 500) {
                if (retry == null) {
                    retry = new int[n - k];
                }
                retry[retries++] = idx[k];
                lastItemProblem = s + " " + parser.errorType(k) + ": " + cut(parser.errorReason(k));
            } else {
                deadLetter(idx[k], s, parser.errorType(k), parser.errorReason(k));
            }
        }
        delivered(ok);
        if (duplicates > 0) {
            metrics.recordDuplicates(duplicates);
            settled(duplicates);
        }
        return retry == null ? null : Arrays.copyOf(retry, retries);
    }

    private void deadLetter(int item, int httpStatus, String type, String reason) {
        int off = docStart[item];
        int len = itemEnd[item] - 1 - off; // without the newline
        DeadLetterFile.Outcome outcome = deadLetters.append(httpStatus, type, reason, encoded.array(), off, len);
        String what = httpStatus + " " + type + ": " + cut(reason);
        switch (outcome) {
            case WRITTEN:
            case COUNTED_ONLY:
                metrics.recordDeadLettered(1);
                settled(1);
                status.warn(
                        "dead_letter",
                        "OpenSearch rejected a call-log document (" + what + ")"
                                + (outcome == DeadLetterFile.Outcome.WRITTEN
                                        ? "; it was written to " + deadLetters.file()
                                        : ""));
                break;
            case FULL:
                drop(DropReason.DEAD_LETTER_FULL, 1);
                status.warn(
                        "dead_letter_full",
                        "OpenSearch rejected a call-log document (" + what + ") and the dead-letter file "
                                + deadLetters.file() + " is full; the document was dropped");
                break;
            default:
                drop(DropReason.DEAD_LETTER_FAILED, 1);
                status.warn(
                        "dead_letter_failed",
                        "OpenSearch rejected a call-log document (" + what + ") and the dead-letter file "
                                + deadLetters.file() + " could not be written (" + brief(deadLetters.lastFailure())
                                + "); the document was dropped");
        }
    }

    private void delivered(int n) {
        if (n > 0) {
            metrics.recordDelivered(n);
            settled(n);
        }
    }

    private void drop(DropReason reason, long n) {
        metrics.recordDropped(reason, n);
        settled(n);
        if (reason == DropReason.SHUTDOWN) {
            lostAtShutdown += n;
        }
    }

    /** {@code n} records in hand reached their outcome; those read back from the spool are counted as replayed. */
    private void settled(long n) {
        inHand -= n;
        if (replaying) {
            metrics.recordReplayed(n);
        }
    }

    // ---- spool ----

    /** Writes the batch just taken from memory to the spool (the cluster is down, or a backlog waits). */
    private void spoolBatch() {
        if (items == 0) {
            return;
        }
        batchParked = false;
        replaying = false;
        int parked = toSpool(allItems(), items);
        if (parked < items) {
            // The spool is full and the policy is block: these are sent (and retried) from memory.
            int[] rest = Arrays.copyOfRange(allItems(), parked, items);
            batchParked = false;
            deliver(rest, rest.length, System.nanoTime());
        }
    }

    /**
     * Puts the items {@code idx[0, n)} of the batch in hand into the spool: read-back items stay where they are (the
     * reader rewinds), items from memory are appended. When the spool is full, the policy decides: drop the items
     * (dropNewest), delete the oldest segments to make room (dropOldest), or leave them in hand (block).
     *
     * @return how many of the items, from the first, are settled (spooled or dropped); fewer than {@code n} only under
     *     the block policy
     */
    private int toSpool(int[] idx, int n) {
        batchParked = true;
        if (replaying) {
            inHand -= n; // back in the spool, unsettled, to be read again
            return n;
        }
        int k = 0;
        long bytes = 0;
        try {
            for (; k < n; k++) {
                int i = idx[k];
                int len = itemEnd[i] - itemStart[i];
                boolean written = spool.append(encoded.array(), itemStart[i], len);
                while (!written && overflowPolicy == OverflowPolicy.DROP_OLDEST) {
                    long lost = spool.dropOldest();
                    if (lost < 0) {
                        break; // the spool is empty: this item alone is larger than the spool
                    }
                    if (lost > 0) {
                        metrics.recordReplayed(lost);
                        metrics.recordDropped(DropReason.SPOOL_FULL, lost);
                    }
                    status.warn(
                            "spool_full_oldest",
                            "The call-log spool is full (" + spool.maxBytes() + " bytes): its oldest events are"
                                    + " dropped to make room for new ones");
                    written = spool.append(encoded.array(), itemStart[i], len);
                }
                if (!written) {
                    if (overflowPolicy == OverflowPolicy.BLOCK) {
                        status.warn(
                                "spool_full_block",
                                "The call-log spool is full (" + spool.maxBytes() + " bytes): events stay in memory"
                                        + " and logging calls wait when memory is full too");
                        break;
                    }
                    drop(DropReason.SPOOL_FULL, 1);
                    status.warn(
                            "spool_full",
                            "The call-log spool is full (" + spool.maxBytes() + " bytes): new events are dropped until"
                                    + " OpenSearch takes the spooled ones");
                    continue;
                }
                inHand--;
                bytes += len;
                metrics.recordSpooled(1);
            }
            spool.flush(); // one write for the batch: from here on, a crash of the process loses none of it
        } catch (IOException | RuntimeException e) {
            long lost = n - k;
            drop(DropReason.SPOOL_FAILED, lost);
            if (e instanceof SpoolWriteException w) {
                // Counted as spooled, but never written.
                metrics.recordSpooled(-w.lostRecords());
                metrics.recordDropped(DropReason.SPOOL_FAILED, w.lostRecords());
                lost += w.lostRecords();
            }
            status.error(
                    "spool_failed",
                    "Writing the call-log spool " + spool.directory() + " failed (" + brief(e) + "); " + lost
                            + " events were dropped");
            k = n;
        }
        if (bytes > 0) {
            metrics.recordSpooledBytes(bytes);
            // While stopping, one sync at the end (closeSpool) covers every batch.
            if (spoolFsyncNanos == 0 && !stopping) {
                syncSpool();
            }
        }
        return k;
    }

    /** Reads a batch back from the spool and ships it; commits it when every item is settled, else rewinds. */
    private void replayBatch() {
        encoded.reset();
        items = 0;
        compressedWhole = false;
        replaying = true;
        batchParked = false;
        try {
            spool.read(encoded, batchMaxEvents, batchMaxBytes, (off, len) -> {
                inHand++;
                // Only the document is taken from disk: the action line is written anew (see SpoolRecords).
                if (!SpoolRecords.rebuildAction(encoded, off) || !addItem(off)) {
                    encoded.truncate(off);
                    drop(DropReason.ENCODING_FAILED, 1);
                    status.warn(
                            "spool_record_invalid",
                            "A record of the call-log spool is not a bulk item (written by another version?); it was"
                                    + " dropped");
                }
            });
            syncDamageCounters();
        } catch (IOException | RuntimeException e) {
            spool.rewind();
            inHand = 0;
            replaying = false;
            status.error("spool_read_failed", "Reading the call-log spool failed: " + brief(e) + "; retrying later");
            enterOutage("the spool could not be read");
            return;
        }
        try {
            if (items > 0) {
                deliver(allItems(), items, System.nanoTime());
            }
            if (batchParked) {
                spool.rewind();
            } else {
                spool.commit();
            }
        } catch (IOException e) {
            status.warn("spool_delete_failed", "Deleting a delivered call-log spool segment failed: " + brief(e));
        } finally {
            replaying = false;
        }
    }

    private void enterOutage(String problem) {
        long now = System.nanoTime();
        if (!outage) {
            status.warn(
                    "spooling",
                    "OpenSearch does not take call-log events (" + problem + "): they are written to the spool in "
                            + spool.directory() + " and shipped from there once it answers again");
        }
        outage = true;
        outageAttempts = Math.min(outageAttempts + 1, 30);
        nextProbeNanos = now + TimeUnit.MILLISECONDS.toNanos(backoffMillis(outageAttempts));
    }

    private void leaveOutage() {
        outage = false;
        outageAttempts = 0;
    }

    private void syncSpool() {
        try {
            spool.sync();
            metrics.recordDurable(spool.syncedRecords());
        } catch (IOException | RuntimeException e) {
            status.error("spool_sync_failed", "Syncing the call-log spool to disk failed: " + brief(e));
        }
        lastSyncNanos = System.nanoTime();
    }

    private void syncDamageCounters() {
        metrics.recordSpoolDamage(spool.damagedSegments(), spool.skippedBytes());
    }

    /** At stop: what is still in memory goes to the spool (nothing is dropped while it has room). */
    private void spoolLeftovers() {
        if (spool == null) {
            return;
        }
        replaying = false;
        while (hasQueued()) {
            fillBatch();
            int parked = toSpool(allItems(), items);
            if (parked < items) {
                drop(DropReason.SHUTDOWN, items - parked);
            }
            completeReachedMarkers();
        }
    }

    private void closeSpool() {
        if (spool == null) {
            return;
        }
        try {
            if (spool.needsSync()) {
                syncSpool();
            }
            spool.close();
        } catch (IOException | RuntimeException e) {
            status.sink().warn("Closing the call-log spool failed: " + brief(e));
        }
    }

    /**
     * Waits before attempt number {@code attempt + 1}: a random delay between {@code initialBackoffMillis} and the
     * exponential bound {@code initialBackoffMillis * 2^(attempt-1)}, at most {@code maxBackoffMillis} ("full jitter"
     * above a floor, so retries never spin), never longer than {@code maxWaitNanos} nor past the stop deadline.
     */
    private void backOff(int attempt, long maxWaitNanos) {
        long delay = backoffMillis(attempt);
        long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(delay), maxWaitNanos);
        long until = System.nanoTime() + Math.max(0, wait);
        while (true) {
            long end = until;
            if (stopping && end - stopDeadlineNanos > 0) {
                end = stopDeadlineNanos;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, left);
            Thread.interrupted();
        }
    }

    /** The delay before attempt {@code attempt + 1}, with jitter; see {@link #backOff}. */
    private long backoffMillis(int attempt) {
        long bound = initialBackoffMillis << Math.min(attempt - 1, 30);
        if (bound <= 0 || bound > maxBackoffMillis) {
            bound = maxBackoffMillis;
        }
        return initialBackoffMillis + ThreadLocalRandom.current().nextLong(bound - initialBackoffMillis + 1);
    }

    private void completeReachedMarkers() {
        for (FlushMarker m : reachedMarkers) {
            m.done.countDown();
        }
        reachedMarkers.clear();
    }

    /** Takes everything out of the queue, counting records as dropped; returns how many. */
    private long finalDrain(DropReason reason) {
        long n = drainQueue(reason);
        drained = true;
        // An offer that raced with the first pass either sees drained (and takes its record back) or is caught here.
        return n + drainQueue(reason);
    }

    @SuppressWarnings("unchecked")
    private long drainQueue(DropReason reason) {
        long n = 0;
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof FlushMarker) {
                pendingFlushes.decrementAndGet();
                ((FlushMarker) o).done.countDown();
            } else {
                unbuffer(sizeOf((R) o));
                n++;
            }
        }
        if (n > 0) {
            metrics.recordDropped(reason, n);
        }
        return n;
    }

    private void reportShutdown(long lost) {
        if (lost > 0) {
            status.sink().warn(lost + " call-log events were not delivered before shutdown");
        }
    }

    private String describe(HttpResult result) {
        return "OpenSearch answered " + result.status() + " to POST " + bulkPath + ": " + result.errorText(QUOTE_CHARS);
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

    private static final class FlushMarker {
        final CountDownLatch done = new CountDownLatch(1);
    }
}
