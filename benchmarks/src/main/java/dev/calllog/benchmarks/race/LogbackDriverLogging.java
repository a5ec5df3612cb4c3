package dev.calllog.benchmarks.race;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.status.Status;
import java.nio.file.Path;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/** Logback through SLF4J 2's fluent API: the marker, the key-values, the ids in the MDC. */
final class LogbackDriverLogging implements DriverLogging {
    private static final Marker MARKER = MarkerFactory.getMarker(EventShape.EVENT);
    private LoggerContext context;
    private Logger logger;

    @Override
    public void configure(Path config) throws Exception {
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(config.toFile());
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = root.iteratorForAppenders();
        if (!it.hasNext()) {
            throw new IllegalStateException("no appender on the root logger: " + statuses());
        }
        while (it.hasNext()) {
            Appender<?> a = it.next();
            if (!a.isStarted()) {
                throw new IllegalStateException("appender " + a.getName() + " did not start: " + statuses());
            }
        }
        logger = LoggerFactory.getLogger("dev.calllog.benchmarks.Agent");
    }

    private String statuses() {
        StringBuilder sb = new StringBuilder();
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() >= Status.WARN) {
                sb.append(s).append("; ");
            }
        }
        return sb.toString();
    }

    @Override
    public void enterCall() {
        MDC.put(EventShape.CALL_ID_KEY, EventShape.CALL_ID);
        MDC.put(EventShape.AGENT_ID_KEY, EventShape.AGENT_ID);
    }

    @Override
    public void log(EventShape shape, String[] keys, Object[] values, String message, long i) {
        shape.values(i, values);
        LoggingEventBuilder b = logger.atInfo().addMarker(MARKER);
        for (int k = 0; k < keys.length; k++) {
            b.addKeyValue(keys[k], values[k]);
        }
        b.log(message);
    }

    @Override
    public void close() {
        if (context != null) {
            String problems = statuses();
            if (!problems.isEmpty()) {
                System.err.println("logback status: " + problems);
            }
            context.stop();
        }
    }
}
