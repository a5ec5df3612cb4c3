package dev.calllog.benchmarks.race;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.message.MapMessage;

/** Log4j 2 through its own API: the marker, a {@link MapMessage} holding the message and the key-values, the ids in the ThreadContext. */
final class Log4jDriverLogging implements DriverLogging {
    private static final Marker MARKER = MarkerManager.getMarker(EventShape.EVENT);
    private LoggerContext context;
    private Logger logger;

    @Override
    public void configure(Path config) throws Exception {
        try (InputStream in = Files.newInputStream(config)) {
            context = Configurator.initialize(null, new ConfigurationSource(in, config.toFile()));
        }
        if (context == null
                || context.getConfiguration().getRootLogger().getAppenders().isEmpty()) {
            throw new IllegalStateException("Log4j configured no appender on the root logger from " + config);
        }
        for (Appender a : context.getConfiguration().getAppenders().values()) {
            if (!a.isStarted()) {
                throw new IllegalStateException("appender " + a.getName() + " did not start");
            }
        }
        logger = context.getLogger("dev.calllog.benchmarks.Agent");
    }

    @Override
    public void enterCall() {
        ThreadContext.put(EventShape.CALL_ID_KEY, EventShape.CALL_ID);
        ThreadContext.put(EventShape.AGENT_ID_KEY, EventShape.AGENT_ID);
    }

    @Override
    public void log(EventShape shape, String[] keys, Object[] values, String message, long i) {
        shape.values(i, values);
        MapMessage<?, ?> m = new MapMessage<>(keys.length + 1);
        m.with("message", message);
        for (int k = 0; k < keys.length; k++) {
            m.with(keys[k], values[k]);
        }
        logger.info(MARKER, m);
    }

    @Override
    public void close() {
        if (context != null) {
            context.stop(60, TimeUnit.SECONDS);
        }
    }
}
