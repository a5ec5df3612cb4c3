package dev.calllog.core.internal.mapping;

/** A logging framework's level, as the adapters translate it before the core maps it to a call-log level. */
public enum SourceLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    /** Log4j's FATAL; maps to CRITICAL like a {@code CRITICAL} marker. */
    FATAL
}
