package dev.calllog.benchmarks;

/** The logging framework under test. */
public enum Framework {
    LOGBACK,
    LOG4J2;

    /** A logger of this framework writing to {@code variant}, configured with {@code settings} when it ships. */
    public CallLogging open(Variant variant, Settings settings) {
        return this == LOGBACK ? LogbackLogging.open(variant, settings) : Log4jLogging.open(variant, settings);
    }
}
