package dev.calllog.core;

import dev.calllog.core.config.CallLogConfig;
import dev.calllog.core.json.ByteBuf;
import dev.calllog.core.mapping.CallLogMapper;
import dev.calllog.core.mapping.CallLogRecord;
import dev.calllog.core.mapping.DeferredEvent;
import dev.calllog.core.mapping.DocumentWriter;
import dev.calllog.core.mapping.EventReader;
import dev.calllog.core.mapping.SourceEvent;
import dev.calllog.core.metrics.JmxRegistration;
import dev.calllog.core.metrics.LossSummary;
import dev.calllog.core.metrics.MetricsListener;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.core.setup.TemplateInstaller;
import dev.calllog.core.shipping.BulkItemEncoder;
import dev.calllog.core.shipping.BulkShipper;
import dev.calllog.core.shipping.DeadLetterFile;
import dev.calllog.core.spool.Spool;
import dev.calllog.core.status.ConsoleLossSink;
import dev.calllog.core.status.StatusSink;
import dev.calllog.core.status.ThrottledStatus;
import dev.calllog.core.transport.BulkTransport;
import dev.calllog.core.transport.OpenSearchHttpTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.management.ObjectName;

/**
 * What a framework adapter holds: validates the settings, maps each call-log event to a record on the caller's
 * thread, and hands it to the shipping pipeline. The adapters are thin; everything else lives here.
 *
 * <p>Thread-safe. {@link #append(SourceEvent)} never throws, and never blocks unless the {@code block} overflow policy
 * says so.
 *
 * <p>While it runs, its counters are on JMX as {@code dev.calllog:type=CallLogAppender,name=<name>} (when it has a
 * name) and go to the {@link MetricsListener}s added with {@link #addMetricsListener}; losses are summed up through the
 * status channel ({@link LossSummary}).
 */
public final class CallLogEngine implements AutoCloseable {
    private final CallLogConfig config;
    private final StatusSink status;
    private final ThrottledStatus throttled;
    private final ShippingMetrics metrics = new ShippingMetrics();
    private final String name;
    private final LossSummary lossSummary;
    private volatile JmxRegistration jmx;
    private final java.util.concurrent.atomic.LongAdder oversizedDocuments =
            new java.util.concurrent.atomic.LongAdder();

    private volatile CallLogMapper mapper;
    private volatile BulkShipper<Object> shipper;
    private volatile boolean stopped;

    /** An engine without a name: its counters are not registered on JMX. */
    public CallLogEngine(CallLogConfig config, StatusSink status) {
        this(config, status, null);
    }

    /**
     * @param config the settings, validated by {@link #start()}
     * @param status where the engine reports its own trouble
     * @param name the appender's name, under which the counters are registered on JMX; null for none
     */
    public CallLogEngine(CallLogConfig config, StatusSink status, String name) {
        this.config = config;
        this.status = status;
        this.throttled = new ThrottledStatus(status);
        this.name = name;
        this.lossSummary = new LossSummary(config.lossesToConsole() ? new ConsoleLossSink(status, name) : status);
        metrics.addListener(lossSummary);
    }

    /**
     * Validates the settings (each problem reported through the status sink as an error naming the setting) and, when
     * all is well, starts shipping. The index template is installed by the shipping thread before its first batch, so
     * a slow or absent cluster never delays the application's start.
     *
     * @return whether the engine started
     */
    public synchronized boolean start() {
        if (shipper != null) {
            return true;
        }
        List<String> problems = config.validate();
        if (!problems.isEmpty()) {
            for (String p : problems) {
                status.error("Call-log appender setting " + p);
            }
            return false;
        }
        BulkTransport transport;
        try {
            transport = OpenSearchHttpTransport.create(config);
        } catch (Exception e) {
            status.error("Call-log appender cannot set up its connection to " + config.urls() + ": " + e, null);
            return false;
        }
        CallLogMapper m = new CallLogMapper(config, config.catalog(), throttled);
        DocumentWriter writer = new DocumentWriter(config);
        // The action line ({"create":{"_id":"<event id>"}}) and the newlines come on top of the document.
        int maxItemBytes = config.maxDocumentBytes() + 64;
        // The buffer holds records, and events whose mapping the logging thread left to this thread.
        BulkItemEncoder<Object> encoder = new BulkItemEncoder<>() {
            @Override
            public int estimatedBytes(Object o) {
                return o instanceof CallLogRecord r ? r.estimatedBytes() : ((DeferredEvent<?>) o).estimatedBytes();
            }

            @Override
            public void encode(Object o, ByteBuf out) {
                CallLogRecord r = o instanceof CallLogRecord record ? record : m.complete((DeferredEvent<?>) o);
                if (r == null) {
                    throw new IllegalStateException("the event could not be mapped (reported above)");
                }
                int start = out.length();
                writer.writeBulkItem(r, out);
                if (out.length() - start > maxItemBytes) {
                    // Still too large after the caps applied when it was logged (multi-byte text, escapes, ids).
                    int size = out.length() - start;
                    out.truncate(start);
                    writer.writeBulkItemWithoutData(r, out);
                    oversizedDocuments.increment();
                    throttled.warn(
                            "document_too_large",
                            "A call-log document of event '" + r.event().code() + "' took " + size
                                    + " bytes, more than maxDocumentBytes (" + config.maxDocumentBytes()
                                    + "): it was shipped without its data");
                }
            }
        };
        DeadLetterFile deadLetters = new DeadLetterFile(config.deadLetterFile(), config.deadLetterMaxBytes());
        Spool spool = openSpool();
        BulkShipper<Object> s = new BulkShipper<>(config, encoder, transport, throttled, metrics, deadLetters, spool);
        Runnable setup = config.installTemplates() ? () -> new TemplateInstaller(transport, status).install() : null;
        s.start(setup);
        mapper = m;
        shipper = s;
        if (name != null) {
            jmx = JmxRegistration.register(name, metrics::snapshot, status);
        }
        status.info("Call-log appender shipping to data stream '" + config.dataStream() + "' at " + config.urls()
                + (spool == null ? "" : ", spooling to " + spool.directory()));
        return true;
    }

    /**
     * Opens the spool when {@code spoolDir} is set. When it cannot be used, that is reported as an error and the engine
     * ships without it (from memory only), rather than not at all.
     */
    private Spool openSpool() {
        if (config.spoolDir() == null) {
            return null;
        }
        Path dir = Path.of(config.spoolDir()).toAbsolutePath();
        try {
            Spool spool =
                    Spool.open(dir, config.spoolMaxBytes(), Spool.segmentBytesFor(config.spoolMaxBytes()), status);
            if (!spool.isEmpty()) {
                status.info("The call-log spool " + dir + " holds " + spool.sizeBytes()
                        + " bytes of events from an earlier run: they are shipped first");
            }
            return spool;
        } catch (IOException | RuntimeException e) {
            status.error("Call-log appender setting <spoolDir> '" + config.spoolDir() + "' cannot be used (" + e
                    + "): events are shipped without a spool");
            return null;
        }
    }

    /** Maps and buffers one event; ignores events that are not call-log events. Never blocks, never throws. */
    public void append(SourceEvent event) {
        append(event, SourceEvent.READER);
    }

    /**
     * Maps and buffers one framework event, read by {@code reader}; ignores events that are not call-log events. Never
     * blocks, never throws.
     */
    public <E> void append(E event, EventReader<E> reader) {
        CallLogMapper m = mapper;
        BulkShipper<Object> s = shipper;
        if (m == null || s == null) {
            return;
        }
        try {
            Object r = m.capture(event, reader);
            if (r != null) {
                s.offer(r);
            }
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            throttled.error("append", "A call-log event could not be handled and was dropped: " + e);
        }
    }

    /**
     * Waits until everything accepted so far is delivered (or given up), at most {@code timeoutMillis}.
     *
     * @return whether everything was settled in time
     */
    public boolean flush(long timeoutMillis) {
        BulkShipper<Object> s = shipper;
        return s == null || s.flush(timeoutMillis);
    }

    /** Delivers what is buffered within the shutdown timeout, reports what could not be, and releases everything. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        BulkShipper<Object> s = shipper;
        if (s != null) {
            s.stop();
            lossSummary.flush(metrics.snapshot());
        }
        JmxRegistration j = jmx;
        if (j != null) {
            j.unregister();
            jmx = null;
        }
    }

    /**
     * Adds a listener of the counters; it is called on the shipping thread when they change (see {@link
     * MetricsListener}).
     */
    public void addMetricsListener(MetricsListener listener) {
        metrics.addListener(listener);
    }

    public void removeMetricsListener(MetricsListener listener) {
        metrics.removeListener(listener);
    }

    /** Documents shipped without their data because they were larger than {@code maxDocumentBytes}. */
    public long oversizedDocuments() {
        return oversizedDocuments.sum();
    }

    /** The name the counters are registered under on JMX, or null when they are not. */
    public ObjectName jmxName() {
        JmxRegistration j = jmx;
        return j == null ? null : j.name();
    }

    @Override
    public void close() {
        stop();
    }

    /** Counters of what happened to the events, shipping side. */
    public ShippingMetrics.Snapshot metrics() {
        return metrics.snapshot();
    }

    /** The mapper, for its counters (filtered, missing call id, ...); {@code null} before start. */
    public CallLogMapper mapper() {
        return mapper;
    }

    public CallLogConfig config() {
        return config;
    }

    public StatusSink status() {
        return status;
    }
}
