package dev.calllog.core.internal.mapping;

import static dev.calllog.core.internal.mapping.MappingFixture.event;
import static dev.calllog.core.internal.mapping.MappingFixture.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.catalog.EventCodes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The trace ids of a document: from the current OpenTelemetry span, else from the context map, else none. */
class TraceCorrelationTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";

    private final MappingFixture f = new MappingFixture();

    private static Span span(String traceId, String spanId, TraceFlags flags) {
        return Span.wrap(SpanContext.create(traceId, spanId, flags, TraceState.getDefault()));
    }

    private static String completedWith(CallLogRecord r, String ids) {
        return head(r) + ",\"call_id\":\"c-1\"" + ids + ",\"level\":\"INFO\",\"severity\":9,\"category\":\"lifecycle\","
                + "\"event\":\"call_completed\",\"data\":{}}";
    }

    @Test
    void theCurrentSpanGivesTheTraceIds() {
        CallLogRecord r;
        try (Scope ignored = span(TRACE, SPAN, TraceFlags.getSampled()).makeCurrent()) {
            r = f.map(event(EventCodes.CALL_COMPLETED).mdc("turn_id", "t-1"));
        }
        assertThat(f.json(r))
                .isEqualTo(head(r) + ",\"call_id\":\"c-1\",\"trace_id\":\"" + TRACE + "\",\"span_id\":\"" + SPAN
                        + "\",\"trace_flags\":\"01\",\"turn_id\":\"t-1\",\"level\":\"INFO\",\"severity\":9,"
                        + "\"category\":\"lifecycle\",\"event\":\"call_completed\",\"data\":{}}");
    }

    @Test
    void theCurrentSpanWinsOverTheContextMap() {
        CallLogRecord r;
        try (Scope ignored = span(TRACE, SPAN, TraceFlags.getDefault()).makeCurrent()) {
            r = f.map(event(EventCodes.CALL_COMPLETED)
                    .mdc("trace_id", "11111111111111111111111111111111")
                    .mdc("span_id", "2222222222222222")
                    .mdc("trace_flags", "01"));
        }
        assertThat(f.json(r))
                .isEqualTo(completedWith(
                        r, ",\"trace_id\":\"" + TRACE + "\",\"span_id\":\"" + SPAN + "\",\"trace_flags\":\"00\""));
    }

    @Test
    void withoutAValidSpanTheContextMapKeysOfOpenTelemetrysInstrumentationGiveThem() {
        assertThat(TraceContext.openTelemetryAvailable()).isTrue();
        CallLogRecord r;
        try (Scope ignored = Span.getInvalid().makeCurrent()) {
            r = f.map(event(EventCodes.CALL_COMPLETED)
                    .mdc("trace_id", TRACE)
                    .mdc("span_id", SPAN)
                    .mdc("trace_flags", "01"));
        }
        assertThat(f.json(r))
                .isEqualTo(completedWith(
                        r, ",\"trace_id\":\"" + TRACE + "\",\"span_id\":\"" + SPAN + "\",\"trace_flags\":\"01\""));
    }

    @Test
    void noTraceNoTraceFields() {
        CallLogRecord r = f.map(event(EventCodes.CALL_COMPLETED).mdc("span_id", " "));
        assertThat(f.json(r)).isEqualTo(completedWith(r, ""));
        assertThat(r.traceId()).isNull();
        assertThat(r.spanId()).isNull();
        assertThat(r.traceFlags()).isNull();
    }

    @Test
    void anEventMappedOnAnotherThreadKeepsTheSpanItWasLoggedIn() throws Exception {
        EventReader<SourceEvent> later = new LaterReader();
        Object captured;
        try (Scope ignored = span(TRACE, SPAN, TraceFlags.getSampled()).makeCurrent()) {
            captured = f.mapper.capture(event(EventCodes.CALL_COMPLETED).build(), later);
        }
        assertThat(captured).isInstanceOf(DeferredEvent.class);
        // The shipping thread has no span of its own; the one current at the logging call is in the document.
        CallLogRecord r = CompletableFuture.supplyAsync(() -> f.mapper.complete((DeferredEvent<?>) captured))
                .get();
        assertThat(f.json(r))
                .isEqualTo(completedWith(
                        r, ",\"trace_id\":\"" + TRACE + "\",\"span_id\":\"" + SPAN + "\",\"trace_flags\":\"01\""));
    }

    @Test
    void withoutTheOpenTelemetryApiTheContextMapGivesThem() throws Exception {
        URL coreClasses =
                TraceContext.class.getProtectionDomain().getCodeSource().getLocation();
        URL testClasses =
                TraceCorrelationTest.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader app = TraceCorrelationTest.class.getClassLoader();
        // The parent hides the OpenTelemetry API, and the project's classes so that the child loads them afresh.
        ClassLoader hiding = new ClassLoader(null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("io.opentelemetry.") || name.startsWith("dev.calllog.")) {
                    throw new ClassNotFoundException(name);
                }
                return app.loadClass(name);
            }
        };
        try (URLClassLoader child = new URLClassLoader(new URL[] {coreClasses, testClasses}, hiding)) {
            Class<?> probe = child.loadClass(WithoutOpenTelemetry.class.getName());
            assertThat(probe.getClassLoader()).isSameAs(child);
            Method document = probe.getMethod("apply", Object.class);
            Object instance = probe.getDeclaredConstructor().newInstance();
            String json = (String) document.invoke(instance, "mdc");
            assertThat(json)
                    .contains(",\"call_id\":\"c-1\",\"trace_id\":\"" + TRACE + "\",\"span_id\":\"" + SPAN
                            + "\",\"trace_flags\":\"01\",\"level\":\"INFO\"");
            assertThat(document.invoke(instance, "available")).isEqualTo("false");
            assertThat((String) document.invoke(instance, "none")).doesNotContain("trace");
        }
    }

    /** Runs inside a class loader without the OpenTelemetry API. */
    public static final class WithoutOpenTelemetry implements Function<Object, String> {
        @Override
        public String apply(Object what) {
            if ("available".equals(what)) {
                return String.valueOf(TraceContext.openTelemetryAvailable())
                        + (TraceContext.current() == null ? "" : "!");
            }
            MappingFixture g = new MappingFixture();
            TestSourceEvent.Builder e = event(EventCodes.CALL_COMPLETED);
            if ("mdc".equals(what)) {
                e.mdc("trace_id", TRACE).mdc("span_id", SPAN).mdc("trace_flags", "01");
            }
            Object captured = g.mapper.capture(e.build(), new LaterReader());
            return g.json(g.mapper.complete((DeferredEvent<?>) captured));
        }
    }

    /** Reads test events as {@link SourceEvent#READER} does, and says they can be read later (as Logback's does). */
    static final class LaterReader extends SourceEventReader {
        @Override
        public LaterForm<?> later(SourceEvent e) {
            return new LaterForm<>(e, this, 0);
        }
    }
}
