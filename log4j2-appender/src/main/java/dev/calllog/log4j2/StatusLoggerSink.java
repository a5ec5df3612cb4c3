package dev.calllog.log4j2;

import dev.calllog.core.internal.status.StatusSink;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Reports the appender's own trouble through Log4j's {@link StatusLogger}, which never routes back into appenders: it
 * is shown according to the configuration's {@code status} attribute (or {@code log4j2.statusLoggerLevel}).
 */
final class StatusLoggerSink implements StatusSink {
    private static final StatusLogger LOGGER = StatusLogger.getLogger();

    private final String prefix;

    /** @param appenderName named in every message, so that users know which appender to fix */
    StatusLoggerSink(String appenderName) {
        this.prefix = "CallLog appender '" + appenderName + "': ";
    }

    private StatusLoggerSink(String prefix, boolean unused) {
        this.prefix = prefix;
    }

    /** A sink whose every message starts with {@code prefix}. */
    static StatusLoggerSink prefixed(String prefix) {
        return new StatusLoggerSink(prefix, true);
    }

    @Override
    public void info(String message) {
        try {
            LOGGER.info(prefix + message);
        } catch (RuntimeException ignored) {
            // A status sink must never break logging.
        }
    }

    @Override
    public void warn(String message, Throwable cause) {
        try {
            LOGGER.warn(prefix + message, cause);
        } catch (RuntimeException ignored) {
            // A status sink must never break logging.
        }
    }

    @Override
    public boolean printsWarnings() {
        try {
            return LOGGER.isWarnEnabled();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void error(String message, Throwable cause) {
        try {
            LOGGER.error(prefix + message, cause);
        } catch (RuntimeException ignored) {
            // A status sink must never break logging.
        }
    }
}
