package dev.calllog.benchmarks.race;

import java.nio.file.Path;

/**
 * One logging framework, configured from a file as its users configure it, seen by the driver. Implementations touch
 * only their framework's API, so that a contender's class path needs nothing else.
 */
interface DriverLogging extends AutoCloseable {

    /** Configures the framework from {@code config}; throws when the configured appender did not start. */
    void configure(Path config) throws Exception;

    /** Puts the call's ids into the current thread's context, as a call handler does once. */
    void enterCall();

    /** Logs event {@code i} of {@code shape}; {@code values} is the calling thread's own scratch array. */
    void log(EventShape shape, String[] keys, Object[] values, String message, long i);

    /** Stops the framework: its appenders deliver what they buffered (within their own timeouts). */
    @Override
    void close();

    static DriverLogging of(String framework) throws ReflectiveOperationException {
        String name =
                switch (framework) {
                    case "logback" -> "dev.calllog.benchmarks.race.LogbackDriverLogging";
                    case "log4j2" -> "dev.calllog.benchmarks.race.Log4jDriverLogging";
                    default -> throw new IllegalArgumentException("unknown framework " + framework);
                };
        // By name: the other framework's classes are not on this class path.
        return (DriverLogging) Class.forName(name).getDeclaredConstructor().newInstance();
    }
}
