package dev.calllog.log4j2;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.TraceContext;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.metrics.ShippingMetrics;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;

/**
 * Log4j 2 appender that turns call-log events into documents and ships them to an OpenSearch data stream: the Log4j
 * counterpart of the Logback appender, with the same settings, documents and guarantees.
 *
 * <pre>{@code
 * <CallLog name="CALLLOG" url="http://localhost:9200"/>
 * }</pre>
 *
 * <p>An event is a call-log event when it carries a marker named after a catalogue event ({@code call_completed},
 * {@code integration_tool_failed}, ...), directly or as a parent; every other event is ignored at once, without
 * allocating, so the appender can sit on the root logger. The ids come from the {@code ThreadContext}, the event's
 * data from a {@code MapMessage} or from SLF4J 2 key-values (see {@link Log4jEventReader}).
 *
 * <p>Logging never blocks and never throws: events are mapped on the caller's thread (so async loggers, whose events
 * are reused, are safe), buffered in memory and shipped in bulk by one background thread. The engine that does so lives
 * in a {@link CallLogManager} shared by the appenders with the same settings, so a configuration reload that keeps the
 * settings keeps the engine and its buffered events.
 *
 * <p>Every setting is an attribute with the name and default of {@link CallLogConfig}. When a setting is invalid, each
 * problem is reported through the {@code StatusLogger}, the rest of the configuration works, and this appender is not
 * started: it accepts no event, and the call-log events sent to it are counted and reported, throttled. (With
 * {@code ignoreExceptions="false"} Log4j itself throws for events sent to an appender that is not started.)
 */
@Plugin(
        name = CallLogAppender.PLUGIN_NAME,
        category = Core.CATEGORY_NAME,
        elementType = Appender.ELEMENT_TYPE,
        printObject = true)
public final class CallLogAppender extends AbstractAppender {
    /** The element name in a configuration: {@code <CallLog>}, or {@code type = CallLog} in properties. */
    public static final String PLUGIN_NAME = "CallLog";

    private final CallLogConfig config;
    private final LoggerContext loggerContext;
    private final StatusSink status;
    private final ThrottledStatus throttled;
    /**
     * With {@code slf4jKeyValues}: the ThreadContext keys the core reads as context, never taken for SLF4J key-values.
     * {@code null} otherwise: then no ThreadContext entry is ever taken for a key-value.
     */
    private final Log4jEventReader reader;

    private final LongAdder dropped = new LongAdder();
    /**
     * Set by a successful start; {@code null} before, and when the settings are invalid. Kept after stop: an event
     * still in flight during a reload reaches the engine, which the next configuration may share.
     */
    private volatile CallLogManager manager;

    private final AtomicBoolean released = new AtomicBoolean();

    CallLogAppender(
            String name,
            Filter filter,
            boolean ignoreExceptions,
            Property[] properties,
            CallLogConfig config,
            LoggerContext loggerContext) {
        super(name, filter, null, ignoreExceptions, properties);
        this.config = config;
        this.loggerContext = loggerContext;
        this.status = new StatusLoggerSink(name);
        this.throttled = new ThrottledStatus(status);
        this.reader = new Log4jEventReader(config.slf4jKeyValues() ? contextKeys(config) : null);
    }

    /** The builder Log4j uses to create the appender from a configuration; also usable from code. */
    @PluginBuilderFactory
    public static CallLogAppenderBuilder newBuilder() {
        return new CallLogAppenderBuilder();
    }

    /**
     * Starts the engine for these settings, or joins the running one (configuration reload with the same settings).
     * When the settings are invalid the problems have been reported and the appender stays stopped.
     */
    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        CallLogManager m = CallLogManager.getManager(loggerContext, config, status, getName());
        if (!m.isRunning()) {
            m.stop(0, TimeUnit.MILLISECONDS);
            status.error("not started: fix the settings reported above. The call-log events sent to it are dropped"
                    + " and counted.");
            return;
        }
        manager = m;
        super.start();
    }

    /**
     * Stops the appender. The engine stops (delivering what it buffered, within {@code shutdownTimeoutMillis}) when no
     * other appender with the same settings still uses it.
     */
    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        boolean stopped = super.stop(timeout, timeUnit, false);
        CallLogManager m = manager;
        // Released once: a second release would take the reference of another appender sharing the manager.
        if (m != null && released.compareAndSet(false, true)) {
            stopped &= m.stop(timeout, timeUnit);
        }
        setStopped();
        return stopped;
    }

    @Override
    public void append(LogEvent event) {
        // Not a call-log event: nothing read, nothing allocated.
        if (event.getMarker() == null) {
            return;
        }
        CallLogManager m = manager;
        if (m == null) {
            dropped.increment();
            throttled.warn("not-started", "not started: call-log event dropped");
            return;
        }
        try {
            // The core reads everything it needs before append returns: the event may be reused afterwards.
            m.append(event, reader);
        } catch (RuntimeException | LinkageError e) {
            throttled.error("append", "could not take an event: " + e);
        }
    }

    /**
     * Waits until every event accepted so far is delivered or given up, at most {@code timeoutMillis}.
     *
     * @return whether all was settled in time; {@code false} when the appender never started
     */
    public boolean flush(long timeoutMillis) {
        CallLogManager m = manager;
        return m != null && m.flush(timeoutMillis);
    }

    /**
     * The shipping counters (offered, delivered, dropped by reason, buffered...) of the engine this appender feeds, or
     * {@code null} when the appender never started. An engine shared across a configuration reload keeps counting.
     */
    public ShippingMetrics.Snapshot getMetrics() {
        CallLogManager m = manager;
        return m == null ? null : m.metrics();
    }

    /** The settings as configured. */
    public CallLogConfig getConfig() {
        return config;
    }

    /** Call-log events dropped because the appender was not started. */
    long droppedEvents() {
        return dropped.sum();
    }

    CallLogManager manager() {
        return manager;
    }

    static Set<String> contextKeys(CallLogConfig c) {
        Set<String> keys = new HashSet<>();
        keys.add(c.callIdKey());
        keys.add(c.agentIdKey());
        keys.add(c.accountIdKey());
        keys.add(c.traceIdKey());
        keys.add(c.turnIdKey());
        keys.add(TraceContext.MDC_SPAN_ID);
        keys.add(TraceContext.MDC_TRACE_FLAGS);
        keys.addAll(c.mdcDataKeys());
        keys.remove(null);
        return Set.copyOf(keys);
    }
}
