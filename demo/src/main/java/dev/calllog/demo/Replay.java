package dev.calllog.demo;

import java.util.Map;

/**
 * Logs a {@link SimulatedEvent} with its own time, the way each framework's own API allows: the SLF4J API has no way
 * to give an event a time. The event then takes the framework's usual path to its appenders, the call-log appender
 * among them.
 */
public final class Replay {
    private Replay() {}

    /** Logs the event to a Logback logger's appenders: its level, marker, MDC, key-values, throwable and time. */
    public static void onLogback(ch.qos.logback.classic.Logger logger, SimulatedEvent e) {
        ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent(
                ch.qos.logback.classic.Logger.class.getName(),
                logger,
                switch (e.level()) {
                    case WARNING -> ch.qos.logback.classic.Level.WARN;
                    case ERROR, CRITICAL -> ch.qos.logback.classic.Level.ERROR;
                    default -> ch.qos.logback.classic.Level.INFO;
                },
                e.message(),
                e.error(),
                null);
        event.setInstant(e.at());
        event.setMDCPropertyMap(e.mdc());
        event.addMarker(org.slf4j.MarkerFactory.getMarker(e.code()));
        for (Map.Entry<String, Object> kv : e.data().entrySet()) {
            event.addKeyValuePair(new org.slf4j.event.KeyValuePair(kv.getKey(), kv.getValue()));
        }
        logger.callAppenders(event);
    }

    /**
     * Logs the event through a Log4j logger configuration: its level, marker, context data and throwable, its message
     * and key-values as a {@code MapMessage} (the message under {@code message}), and its time.
     */
    public static void onLog4j(org.apache.logging.log4j.core.config.LoggerConfig config, SimulatedEvent e) {
        org.apache.logging.log4j.message.MapMessage<?, Object> message =
                new org.apache.logging.log4j.message.MapMessage<>();
        message.with("message", e.message());
        e.data().forEach(message::with);
        org.apache.logging.log4j.util.StringMap mdc =
                org.apache.logging.log4j.core.impl.ContextDataFactory.createContextData();
        e.mdc().forEach(mdc::putValue);
        org.apache.logging.log4j.core.time.MutableInstant at = new org.apache.logging.log4j.core.time.MutableInstant();
        at.initFromEpochSecond(e.at().getEpochSecond(), e.at().getNano());
        config.log(org.apache.logging.log4j.core.impl.Log4jLogEvent.newBuilder()
                .setLoggerName("voice.agent")
                .setLoggerFqcn(Replay.class.getName())
                .setLevel(
                        switch (e.level()) {
                            case WARNING -> org.apache.logging.log4j.Level.WARN;
                            case ERROR, CRITICAL -> org.apache.logging.log4j.Level.ERROR;
                            default -> org.apache.logging.log4j.Level.INFO;
                        })
                .setMarker(org.apache.logging.log4j.MarkerManager.getMarker(e.code()))
                .setMessage(message)
                .setThrown(e.error())
                .setContextData(mdc)
                .setInstant(at)
                .build());
    }
}
