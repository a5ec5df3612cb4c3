package dev.calllog.benchmarks;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.helpers.NOPAppender;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.logback.CallLogAppender;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Logback's own context (the one SLF4J binds to), reset and configured in code with one of the {@link Variant}s on the
 * root logger at INFO.
 */
public final class LogbackLogging implements CallLogging {
    private static final Marker MARKER = MarkerFactory.getMarker(CallEvent.EVENT);

    private final LoggerContext context;
    private final Logger logger;
    private final CallLogAppender callLog;
    private final AsyncAppender async;

    private LogbackLogging(LoggerContext context, CallLogAppender callLog, AsyncAppender async) {
        this.context = context;
        this.logger = context.getLogger("dev.calllog.benchmarks.Agent");
        this.callLog = callLog;
        this.async = async;
    }

    public static LogbackLogging open(Variant variant, Settings settings) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        CallLogAppender callLog = null;
        AsyncAppender async = null;
        switch (variant) {
            case CALLLOG -> {
                callLog = new CallLogAppender();
                callLog.setContext(context);
                callLog.setName("CALLLOG");
                callLog.addUrl(settings.url());
                callLog.setDataStream(settings.dataStream());
                callLog.setInstallTemplates(false);
                callLog.setDeadLetterFile("");
                callLog.setGzip(settings.gzip());
                callLog.setBatchMaxEvents(settings.batchMaxEvents());
                callLog.setBufferBytes(settings.bufferBytes());
                callLog.setLingerMillis(settings.lingerMillis());
                callLog.start();
                if (!callLog.isStarted()) {
                    throw new IllegalStateException("the call-log appender did not start: "
                            + context.getStatusManager().getCopyOfStatusList());
                }
                root.addAppender(callLog);
            }
            case ASYNC_NOP -> {
                NOPAppender<ILoggingEvent> nop = new NOPAppender<>();
                nop.setContext(context);
                nop.setName("NOP");
                nop.start();
                async = new AsyncAppender();
                async.setContext(context);
                async.setName("ASYNC");
                // Never discard: the baseline must do the whole work for every event, as the call-log appender does.
                async.setDiscardingThreshold(0);
                async.setQueueSize(Variant.ASYNC_QUEUE_SIZE);
                async.addAppender(nop);
                async.start();
                root.addAppender(async);
            }
            case NO_APPENDER -> {}
        }
        return new LogbackLogging(context, callLog, async);
    }

    /**
     * Leaves Logback, which SLF4J binds to in this class path, with its root at WARN and no appender. The HTTP client
     * logs through SLF4J and, when its loggers are at DEBUG (Logback's default root level, also after a reset), wraps
     * every connection in a wire logger that formats each byte: the Log4j runs must not pay for that.
     */
    static void quiet() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }

    @Override
    public void enterCall() {
        MDC.put(CallEvent.CALL_ID_KEY, CallEvent.CALL_ID);
        MDC.put(CallEvent.AGENT_ID_KEY, CallEvent.AGENT_ID);
    }

    @Override
    public void log(long i) {
        logger.atInfo()
                .addMarker(MARKER)
                .addKeyValue(CallEvent.KEY_LATENCY, CallEvent.latency(i))
                .addKeyValue(CallEvent.KEY_TURN, CallEvent.turn(i))
                .addKeyValue(CallEvent.KEY_MODEL, CallEvent.MODEL)
                .log(CallEvent.MESSAGE);
    }

    @Override
    public long queued() {
        return async == null ? 0 : async.getNumberOfElementsInQueue();
    }

    @Override
    public boolean flush(long timeoutMillis) {
        return callLog == null || callLog.flush(timeoutMillis);
    }

    @Override
    public ShippingMetrics.Snapshot metrics() {
        return callLog == null ? null : callLog.getEngine().metrics();
    }

    /** The appender, for its engine. */
    public CallLogAppender callLogAppender() {
        return callLog;
    }

    @Override
    public void close() {
        quiet(); // stops the appenders (the call-log appender delivers what it buffered)
        MDC.clear();
    }
}
