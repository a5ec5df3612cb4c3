package dev.calllog.core.internal.status;

/**
 * Where the core reports its own trouble: Logback's status manager or Log4j's {@code StatusLogger}, never a logger
 * that could route back into the appender. Implementations must be thread-safe and must not throw.
 */
public interface StatusSink {
    void info(String message);

    void warn(String message, Throwable cause);

    void error(String message, Throwable cause);

    /**
     * Whether this sink's warnings reach the console as the framework is configured now (for Logback, a console
     * status listener; for Log4j, a {@code StatusLogger} at WARN or finer). When not, losses are also printed to
     * standard error ({@link ConsoleLossSink}), so that nobody loses events without seeing it.
     */
    default boolean printsWarnings() {
        return false;
    }

    default void warn(String message) {
        warn(message, null);
    }

    default void error(String message) {
        error(message, null);
    }

    /** A sink that reports to standard error; for tools and tests, not for appenders. */
    static StatusSink stderr() {
        return new StatusSink() {
            @Override
            public void info(String message) {
                System.err.println("[calllog] INFO " + message);
            }

            @Override
            public void warn(String message, Throwable cause) {
                System.err.println("[calllog] WARN " + message + (cause != null ? ": " + cause : ""));
            }

            @Override
            public void error(String message, Throwable cause) {
                System.err.println("[calllog] ERROR " + message + (cause != null ? ": " + cause : ""));
            }
        };
    }
}
