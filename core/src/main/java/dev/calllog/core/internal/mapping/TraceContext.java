package dev.calllog.core.internal.mapping;

/**
 * The trace an event was logged in: the ids of the OpenTelemetry span current on the logging thread, read when
 * {@code opentelemetry-api} is on the class path. Taken on the logging thread (the current span is thread-local); when
 * there is none, the mapper falls back to the context-map keys that OpenTelemetry's Logback and Log4j instrumentation
 * fill ({@value #MDC_TRACE_ID}, {@value #MDC_SPAN_ID}, {@value #MDC_TRACE_FLAGS}).
 *
 * <p>Immutable.
 */
public final class TraceContext {
    /** The context-map key of the trace id that OpenTelemetry's instrumentation uses (the default {@code traceIdKey}). */
    public static final String MDC_TRACE_ID = "trace_id";
    /** The context-map key of the span id that OpenTelemetry's instrumentation uses. */
    public static final String MDC_SPAN_ID = "span_id";
    /** The context-map key of the trace flags that OpenTelemetry's instrumentation uses. */
    public static final String MDC_TRACE_FLAGS = "trace_flags";

    /**
     * Whether the OpenTelemetry API can be read: decided once, when this class is first used, so that a missing or
     * incompatible API never costs more than this check on the logging thread.
     */
    private static final boolean OPEN_TELEMETRY = detect();

    private final String traceId;
    private final String spanId;
    private final String traceFlags;

    TraceContext(String traceId, String spanId, String traceFlags) {
        this.traceId = traceId;
        this.spanId = spanId;
        this.traceFlags = traceFlags;
    }

    /**
     * The ids of the OpenTelemetry span current on this thread, or {@code null} when there is no valid one, or no
     * OpenTelemetry API. Allocates only this small object, and only when a span is current. Never throws.
     */
    public static TraceContext current() {
        return OPEN_TELEMETRY ? OpenTelemetryTrace.current() : null;
    }

    private static boolean detect() {
        try {
            return OpenTelemetryTrace.available();
        } catch (LinkageError e) {
            return false; // the reader itself could not be linked without the API
        }
    }

    /** Whether {@code opentelemetry-api} was found and is read for the current span. */
    public static boolean openTelemetryAvailable() {
        return OPEN_TELEMETRY;
    }

    /** 32 lowercase hex digits. */
    public String traceId() {
        return traceId;
    }

    /** 16 lowercase hex digits. */
    public String spanId() {
        return spanId;
    }

    /** 2 hex digits ({@code 01}: sampled). */
    public String traceFlags() {
        return traceFlags;
    }

    @Override
    public String toString() {
        return "TraceContext[" + traceId + ' ' + spanId + ' ' + traceFlags + ']';
    }
}
