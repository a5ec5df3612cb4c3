package dev.calllog.benchmarks;

/** What the logger under test writes to. */
public enum Variant {
    /** The call-log appender, shipping to an OpenSearch (or the instant sink). */
    CALLLOG,
    /** No appender at all: the framework's own cost of the call (the event is still built and dispatched). */
    NO_APPENDER,
    /** The framework's asynchronous appender in front of an appender that does nothing. */
    ASYNC_NOP;

    /**
     * The asynchronous appenders' queue size (Logback's default is 256, Log4j's 1024): room enough that the benchmarks'
     * pacing keeps them from ever blocking or discarding.
     */
    public static final int ASYNC_QUEUE_SIZE = 8_192;
}
