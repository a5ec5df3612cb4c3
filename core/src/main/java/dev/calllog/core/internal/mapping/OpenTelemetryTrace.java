package dev.calllog.core.internal.mapping;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Reads the current span through the OpenTelemetry API, an optional dependency. The only class touching its types: it
 * is used only after {@link #available()} said the API is there and links (so an application without it never sees a
 * {@code NoClassDefFoundError}). With the OpenTelemetry Java agent, the agent bridges this API to its own context.
 */
final class OpenTelemetryTrace {
    private static final String SPAN_CLASS = "io.opentelemetry.api.trace.Span";

    private OpenTelemetryTrace() {}

    /** Whether the API is on this class's class path and every method used here links. Never throws. */
    static boolean available() {
        try {
            Class.forName(SPAN_CLASS, false, OpenTelemetryTrace.class.getClassLoader());
            current(); // links every method used (an API too old lacks some)
            return true;
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** The current span's ids, or {@code null} when no valid span is current. */
    static TraceContext current() {
        try {
            SpanContext c = Span.current().getSpanContext();
            if (!c.isValid()) {
                return null;
            }
            // The API keeps the ids as hex strings, and the flags' hex form is a constant: nothing is allocated here.
            return new TraceContext(
                    c.getTraceId(), c.getSpanId(), c.getTraceFlags().asHex());
        } catch (RuntimeException e) {
            return null; // a broken context storage must not cost the event
        }
    }
}
