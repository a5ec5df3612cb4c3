package dev.calllog.core;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.CallLogMapper;
import dev.calllog.core.internal.mapping.CapturedEvent;
import dev.calllog.core.internal.mapping.DeferredEvent;
import dev.calllog.core.internal.mapping.EventReader;
import dev.calllog.core.internal.mapping.SourceEvent;
import dev.calllog.core.internal.setup.TemplateInstaller;
import dev.calllog.core.internal.setup.TemplatesFirstTransport;
import dev.calllog.core.internal.shipping.BulkShipper;
import dev.calllog.core.internal.shipping.DeadLetterFile;
import dev.calllog.core.internal.spool.Spool;
import dev.calllog.core.internal.status.ConsoleLossSink;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.core.metrics.JmxRegistration;
import dev.calllog.core.metrics.LossSummary;
import dev.calllog.core.metrics.MetricsListener;
import dev.calllog.core.metrics.ShippingMetrics;
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

    private volatile CallLogMapper mapper;
    private volatile EventEncoder encoder;
    private volatile BulkShipper<CapturedEvent> shipper;
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
        // Losses also reach the console when the status channel would not show them (lossesToConsole).
        StatusSink losses = config.lossesToConsole() ? new ConsoleLossSink(status, name) : status;
        this.throttled = new ThrottledStatus(status, losses);
        this.name = name;
        this.lossSummary = new LossSummary(losses);
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
        EventEncoder e = new EventEncoder(config, m, throttled);
        DeadLetterFile deadLetters = new DeadLetterFile(config.deadLetterFile(), config.deadLetterMaxBytes());
        Spool spool = openSpool();
        BulkTransport shipping = transport;
        Runnable setup = null;
        if (config.installTemplates()) {
            TemplateInstaller first = new TemplateInstaller(transport, status);
            TemplateInstaller again = new TemplateInstaller(transport, TemplateInstaller.quietWhileUnreachable(status));
            TemplatesFirstTransport templatesFirst =
                    new TemplatesFirstTransport(transport, first::install, again::install);
            shipping = templatesFirst;
            setup = templatesFirst::installNow;
        }
        BulkShipper<CapturedEvent> s = new BulkShipper<>(config, e, shipping, throttled, metrics, deadLetters, spool);
        s.start(setup);
        mapper = m;
        encoder = e;
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
        BulkShipper<CapturedEvent> s = shipper;
        if (m == null || s == null) {
            return;
        }
        try {
            CapturedEvent r = m.capture(event, reader);
            if (r != null && !s.offer(r)) {
                // Dropped (counted): what it counted is counted again by the thread's next event.
                if (r instanceof DeferredEvent) {
                    reader.notBuffered(event);
                } else {
                    m.notBuffered();
                }
            }
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            throttled.lost("append", "A call-log event could not be handled and was dropped: " + e);
        }
    }

    /**
     * Waits until everything accepted so far is delivered (or given up), at most {@code timeoutMillis}.
     *
     * @return whether everything was settled in time
     */
    public boolean flush(long timeoutMillis) {
        BulkShipper<CapturedEvent> s = shipper;
        return s == null || s.flush(timeoutMillis);
    }

    /** Delivers what is buffered within the shutdown timeout, reports what could not be, and releases everything. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        BulkShipper<CapturedEvent> s = shipper;
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
        EventEncoder e = encoder;
        return e == null ? 0 : e.oversized();
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
