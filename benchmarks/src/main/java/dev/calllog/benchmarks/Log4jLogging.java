package dev.calllog.benchmarks;

import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.log4j2.CallLogAppender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.appender.NullAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.message.MapMessage;

/**
 * A Log4j logger context of its own, configured in code with one of the {@link Variant}s on the root logger at INFO.
 * The event's key-values travel in a {@link MapMessage}, whose {@code message} entry is the message.
 */
public final class Log4jLogging implements CallLogging {
    private static final Marker MARKER = MarkerManager.getMarker(CallEvent.EVENT);
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    private final LoggerContext context;
    private final Logger logger;
    private final CallLogAppender callLog;
    private final AsyncAppender async;

    private Log4jLogging(LoggerContext context, Configuration configuration) {
        this.context = context;
        this.logger = context.getLogger("dev.calllog.benchmarks.Agent");
        this.callLog = configuration.callLog;
        this.async = configuration.async;
    }

    public static Log4jLogging open(Variant variant, Settings settings) {
        LogbackLogging.quiet();
        LoggerContext context = new LoggerContext("calllog-bench-" + CONTEXTS.incrementAndGet());
        Configuration configuration = new Configuration(context, variant, settings);
        context.start(configuration);
        if (variant == Variant.CALLLOG && !configuration.callLog.isStarted()) {
            throw new IllegalStateException("the call-log appender did not start (see the status output)");
        }
        return new Log4jLogging(context, configuration);
    }

    @Override
    public void enterCall() {
        ThreadContext.put(CallEvent.CALL_ID_KEY, CallEvent.CALL_ID);
        ThreadContext.put(CallEvent.AGENT_ID_KEY, CallEvent.AGENT_ID);
    }

    @Override
    public void log(long i) {
        logger.info(
                MARKER,
                new MapMessage<>(4)
                        .with("message", CallEvent.MESSAGE)
                        .with(CallEvent.KEY_LATENCY, CallEvent.latency(i))
                        .with(CallEvent.KEY_TURN, CallEvent.turn(i))
                        .with(CallEvent.KEY_MODEL, CallEvent.MODEL));
    }

    @Override
    public long queued() {
        return async == null ? 0 : async.getQueueSize() - async.getQueueRemainingCapacity();
    }

    @Override
    public boolean flush(long timeoutMillis) {
        return callLog == null || callLog.flush(timeoutMillis);
    }

    @Override
    public ShippingMetrics.Snapshot metrics() {
        return callLog == null ? null : callLog.getMetrics();
    }

    @Override
    public void close() {
        context.stop(30, TimeUnit.SECONDS);
        ThreadContext.clearMap();
    }

    /** The configuration, in code: no plugin lookup, no file. */
    private static final class Configuration extends AbstractConfiguration {
        private final Variant variant;
        private final Settings settings;
        CallLogAppender callLog;
        AsyncAppender async;

        Configuration(LoggerContext context, Variant variant, Settings settings) {
            super(context, ConfigurationSource.NULL_SOURCE);
            this.variant = variant;
            this.settings = settings;
            setName("calllog-bench-" + variant);
        }

        @Override
        protected void doConfigure() {
            LoggerConfig root = getRootLogger();
            root.setLevel(Level.INFO);
            switch (variant) {
                case CALLLOG -> {
                    callLog = CallLogAppender.newBuilder()
                            .setName("CALLLOG")
                            .setConfiguration(this)
                            .setUrl(settings.url())
                            .setDataStream(settings.dataStream())
                            .setInstallTemplates(false)
                            .setDeadLetterFile("")
                            .setGzip(settings.gzip())
                            .setBatchMaxEvents(settings.batchMaxEvents())
                            .setBufferBytes(settings.bufferBytes())
                            .setLingerMillis(settings.lingerMillis())
                            .build();
                    add(root, callLog);
                }
                case ASYNC_NOP -> {
                    Appender nop = NullAppender.createAppender("NULL");
                    addAppender(nop);
                    async = AsyncAppender.newBuilder()
                            .setName("ASYNC")
                            .setConfiguration(this)
                            .setAppenderRefs(new AppenderRef[] {AppenderRef.createAppenderRef("NULL", null, null)})
                            .setBlocking(true)
                            .setBufferSize(Variant.ASYNC_QUEUE_SIZE)
                            .build();
                    add(root, async);
                }
                case NO_APPENDER -> {}
            }
        }

        private void add(LoggerConfig root, Appender appender) {
            addAppender(appender);
            root.addAppender(appender, null, null);
        }
    }
}
