package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.spool.Spool;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Ships records to an OpenSearch data stream in {@code _bulk} requests: the shipping pipeline, put together.
 *
 * <pre>
 *   logging threads ──offer──▶ RecordBuffer ──▶ BatchWorker ──▶ BatchHandoff ──▶ ExportWorker ──▶ BulkExporter
 *   (bounded in bytes)          (its thread)  │  (2 batches)      (its thread)    (one request)
 *                                             └─spill─▶ SpoolingExporter ◀─failed batches, replay─┘
 * </pre>
 *
 * <ul>
 *   <li>{@link RecordBuffer}: what {@link #offer} adds to, on the logging thread: no I/O, no waiting (unless the
 *       {@code block} policy), bounded by {@code bufferBytes}; past it, the overflow policy decides.
 *   <li>{@link BatchWorker} (thread {@code calllog-shipper-<stream>}): takes batches out of the buffer, encodes and gzips
 *       them ({@link BatchAssembler}), and hands them over, one in flight and one ready ({@link BatchHandoff}); with a
 *       spool, writes them to disk instead when the cluster is down, a backlog waits, or requests cannot keep up.
 *   <li>{@link ExportWorker} (thread {@code calllog-shipper-export-<stream>}): sends each batch ({@link BulkExporter}), settles
 *       each item by its answer ({@link RetryPolicy}), waits out backoffs, ships the spool back once the cluster
 *       answers ({@link SpoolingExporter}).
 *   <li>{@link OutcomeRecorder}: every outcome, counted ({@link ShippingMetrics}) and reported.
 * </ul>
 *
 * Every offered record ends exactly once as delivered, duplicate, dead-lettered, spooled or dropped with a reason.
 *
 * @param <R> the record type
 */
public final class BulkShipper<R> {
    /** How long {@link #stop()} waits, after its timeout, for an aborted request to let go of the export thread. */
    private static final long STOP_GRACE_MILLIS = 1_000;

    private final PipelineClock clock;
    private final BulkTransport transport;
    private final OutcomeRecorder recorder;
    private final RecordBuffer<R> buffer;
    private final FlushTracker flushes = new FlushTracker();
    private final BatchHandoff handoff = new BatchHandoff(2);
    private final StopSignal stopSignal;
    private final SpoolingExporter spool;
    private final BatchWorker<R> worker;
    private final ExportWorker exporter;
    private final BulkExporter bulk;
    private final GzipCompressor gzip;
    private final long shutdownTimeoutMillis;
    private final String streamName;

    private Thread workerThread;
    private Thread exportThread;
    private boolean started; // guarded by this
    private boolean stopRequested; // guarded by this

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
        this(
                config,
                encoder,
                transport,
                status,
                metrics,
                deadLetters,
                spool,
                PipelineClock.SYSTEM,
                new SplittableRandom());
    }

    BulkShipper(
            CallLogConfig config,
            BulkItemEncoder<R> encoder,
            BulkTransport transport,
            ThrottledStatus status,
            ShippingMetrics metrics,
            DeadLetterFile deadLetters,
            Spool spool,
            PipelineClock clock,
            RandomGenerator random) {
        this.clock = clock;
        this.transport = transport;
        this.shutdownTimeoutMillis = config.shutdownTimeoutMillis();
        this.streamName = config.dataStream();
        this.recorder = new OutcomeRecorder(metrics, status, deadLetters, config.bufferBytes(), spool != null);
        this.buffer = new RecordBuffer<>(
                config.bufferBytes(),
                config.overflowPolicy(),
                config.blockTimeoutMillis(),
                encoder::estimatedBytes,
                recorder,
                clock);
        this.stopSignal = new StopSignal(clock);
        this.spool = spool == null
                ? null
                : new SpoolingExporter(spool, config.overflowPolicy(), config.spoolFsyncMillis(), recorder, clock);
        RetryPolicy policy = new RetryPolicy(
                config.maxRetries(),
                config.initialBackoffMillis(),
                config.maxBackoffMillis(),
                config.retryTimeoutMillis(),
                random);
        this.gzip = config.gzip() ? new GzipCompressor() : null;
        BatchAssembler<R> assembler = new BatchAssembler<>(
                buffer, encoder, recorder, flushes, config.batchMaxEvents(), config.batchMaxBytes());
        this.worker = new BatchWorker<>(
                buffer,
                assembler,
                handoff,
                this.spool,
                flushes,
                recorder,
                stopSignal,
                clock,
                gzip,
                config.batchMaxEvents(),
                config.batchMaxBytes(),
                config.lingerMillis(),
                config.bufferBytes());
        this.bulk = new BulkExporter(
                transport, config.dataStream(), config.gzip(), config.requestTimeoutMillis(), recorder, clock);
        this.exporter = new ExportWorker(
                handoff,
                bulk,
                policy,
                recorder,
                this.spool,
                flushes,
                stopSignal,
                clock,
                config.batchMaxEvents(),
                config.batchMaxBytes());
        metrics.bindAccepted(buffer::acceptedCount);
        metrics.bindBuffer(buffer::bufferedEvents, buffer::bufferedBytes);
        if (spool != null) {
            metrics.bindSpool(spool::sizeBytes);
        }
    }

    /** Starts the shipping threads. Records offered before are kept and shipped. Does nothing if started or stopped. */
    public void start() {
        start(null);
    }

    /**
     * Starts the shipping threads; the export thread first runs {@code beforeFirstBatch} (template setup, say), whose
     * failure is reported and shipping goes on. Meanwhile the batch worker fills batches, and spills with a spool.
     */
    public synchronized void start(Runnable beforeFirstBatch) {
        if (stopRequested || started) {
            return;
        }
        started = true;
        workerThread = new Thread(this::runWorker, "calllog-shipper-" + streamName);
        exportThread = new Thread(() -> runExporter(beforeFirstBatch), "calllog-shipper-export-" + streamName);
        workerThread.setDaemon(true);
        exportThread.setDaemon(true);
        buffer.consumer(workerThread);
        handoff.threads(workerThread, exportThread);
        exportThread.start();
        workerThread.start();
    }

    /**
     * Buffers a record for shipping. Never throws and does no I/O; never blocks unless the {@code block} overflow
     * policy is set, and then at most {@code blockTimeoutMillis}.
     *
     * @return whether the record was accepted; when not, it was counted as dropped
     */
    public boolean offer(R record) {
        return record != null && buffer.offer(record);
    }

    /**
     * Waits until every record offered before this call is settled: delivered, spooled, dead-lettered or dropped. Sends
     * what is buffered at once, without lingering.
     *
     * @return whether everything was settled within {@code timeoutMillis}
     */
    public boolean flush(long timeoutMillis) {
        synchronized (this) {
            if (!started) {
                return buffer.bufferedEvents() == 0;
            }
        }
        return flushes.flush(buffer.acceptedCount(), timeoutMillis, buffer::wake);
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
        buffer.close();
        long sendMillis = spool == null ? shutdownTimeoutMillis : shutdownTimeoutMillis * 3 / 4;
        stopSignal.stop(clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sendMillis));
        if (spool != null) {
            spool.deferSync(); // one sync at the end covers every batch written from now on
        }
        if (!started) {
            worker.finish(DropReason.SHUTDOWN, () -> {});
            wrapUp();
            closeTransport();
            return;
        }
        if (Thread.currentThread() == exportThread || Thread.currentThread() == workerThread) {
            return; // stop() called from within beforeFirstBatch: the threads wind down by themselves
        }
        buffer.wake();
        handoff.wakeExporter();
        boolean interrupted = !join(workerThread, sendMillis);
        if (exportThread.isAlive() && stopSignal.deadlinePassed()) {
            // A request is still in flight: abort it.
            exportThread.interrupt();
            closeTransport();
        }
        interrupted |= !join(workerThread, shutdownTimeoutMillis - sendMillis + STOP_GRACE_MILLIS);
        closeTransport();
        if (workerThread.isAlive() || exportThread.isAlive()) {
            // A thread that did not let go in time (a request or a disk that ignores the abort): what it holds is
            // counted now, once, so that the report at stop is complete and nothing is lost unseen.
            long stuck = recorder.closeBooks();
            if (stuck > 0) {
                recorder.stuckAtShutdown(stuck);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The counters of this shipper. */
    public ShippingMetrics metrics() {
        return recorder.metrics();
    }

    private void runWorker() {
        DropReason leftovers = DropReason.SHUTDOWN;
        try {
            long park;
            while ((park = worker.turn()) >= 0) {
                if (park > 0) {
                    clock.park(this, park);
                }
                buffer.awake();
                Thread.interrupted();
            }
            if (stopSignal.failed()) {
                leftovers = DropReason.INTERNAL_ERROR;
            }
        } catch (Throwable t) {
            leftovers = DropReason.INTERNAL_ERROR;
            failed(t);
        } finally {
            try {
                worker.finish(leftovers, this::awaitExporter);
            } finally {
                wrapUp();
                closeTransport(); // also when stop() came from the export thread itself (from beforeFirstBatch)
            }
        }
    }

    private void runExporter(Runnable beforeFirstBatch) {
        try {
            if (beforeFirstBatch != null) {
                try {
                    beforeFirstBatch.run();
                } catch (RuntimeException e) {
                    recorder.setupFailed(e);
                }
            }
            long park;
            while ((park = exporter.turn()) >= 0) {
                if (park > 0) {
                    clock.park(this, park);
                }
                Thread.interrupted();
            }
        } catch (Throwable t) {
            failed(t);
        } finally {
            bulk.close();
        }
    }

    private void failed(Throwable t) {
        if (!stopSignal.failed()) {
            stopSignal.fail();
            buffer.close();
            recorder.threadFailed(t);
        }
        buffer.wake();
        handoff.wakeExporter();
    }

    /** The worker waits for the export thread before it spools what is left, so that the spool keeps the order. */
    private void awaitExporter() {
        long wait = Math.max(0, TimeUnit.NANOSECONDS.toMillis(stopSignal.nanosLeft()))
                + shutdownTimeoutMillis / 4
                + STOP_GRACE_MILLIS;
        if (!stopSignal.stopping() || stopSignal.failed()) {
            wait = STOP_GRACE_MILLIS;
        }
        join(exportThread, wait);
    }

    /** The last steps, on the worker's thread (or stop()'s, when the threads never ran). */
    private void wrapUp() {
        recorder.notDeliveredAtShutdown(worker.lostAtStop() + exporter.lostAtStop());
        if (spool != null) {
            spool.close();
        }
        flushes.close();
        recorder.publish();
        if (gzip != null) {
            gzip.close();
        }
    }

    private static boolean join(Thread t, long millis) {
        try {
            t.join(Math.max(1, millis));
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void closeTransport() {
        try {
            transport.close();
        } catch (IOException | RuntimeException e) {
            // Closing is best effort; the connections die with the process anyway.
        }
    }
}
