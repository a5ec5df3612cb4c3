package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.CallLogMapper;
import dev.calllog.core.internal.mapping.CallLogRecord;
import dev.calllog.core.internal.mapping.DeferredEvent;
import dev.calllog.core.internal.mapping.DocumentWriter;
import dev.calllog.core.internal.mapping.LaterForm;
import dev.calllog.core.internal.mapping.SizeEstimator;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.status.ThrottledStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Which Logback events the core may finish mapping on the shipping thread, and that doing so gives the document the
 * event had when it was logged, whatever the logging thread does afterwards.
 */
class LogbackEventReaderTest {
    private final CallLogConfig config = new CallLogConfig();
    private final CallLogMapper mapper =
            new CallLogMapper(config, config.catalog(), new ThrottledStatus(StatusSink.stderr()));
    private final DocumentWriter writer = new DocumentWriter(config);
    private final Logger logger = ((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).getLogger("test");

    @AfterEach
    void clear() {
        MDC.clear();
    }

    private LoggingEvent event(String message, Object[] args, KeyValuePair... pairs) {
        LoggingEvent e = new LoggingEvent(Logger.FQCN, logger, Level.INFO, message, null, args);
        e.addMarker(MarkerFactory.getMarker("integration_tool_completed"));
        e.setKeyValuePairs(new ArrayList<>(List.of(pairs)));
        return e;
    }

    @Test
    void anEventWithScalarKeyValuesIsFinishedOnTheShippingThreadAsItWasWhenLogged() throws Exception {
        MDC.put("call_id", "c-1");
        MDC.put("agent_id", "a-1");
        LoggingEvent e = event(
                "CRM lookup took {} ms",
                new Object[] {412},
                new KeyValuePair("tool", "crm_lookup"),
                new KeyValuePair("duration_ms", 412L),
                new KeyValuePair("ok", true),
                new KeyValuePair("none", null));

        Object captured = mapper.capture(e, new LogbackEventReader());

        assertThat(captured).isInstanceOf(DeferredEvent.class);
        assertThat(((DeferredEvent<?>) captured).estimatedBytes()).isBetween(500, 4_000);
        // The logging thread goes on: another call, other ids.
        MDC.put("call_id", "c-2");
        MDC.remove("agent_id");
        CallLogRecord r = CompletableFuture.supplyAsync(() -> mapper.complete((DeferredEvent<?>) captured))
                .get();
        assertThat(r.callId()).isEqualTo("c-1");
        assertThat(r.agentId()).isEqualTo("a-1");
        assertThat(r.message()).isEqualTo("CRM lookup took 412 ms");
        assertThat(r.data())
                .containsExactly(
                        entry("tool", "crm_lookup"),
                        entry("duration_ms", 412L),
                        entry("ok", true),
                        entry("none", null));
        assertThat(writer.documentJson(r)).contains("\"measures\":{\"duration_ms\":412");
    }

    @Test
    void anEventWithAMutableValueIsSnapshottedOnTheLoggingThread() {
        MDC.put("call_id", "c-1");
        List<String> steps = new ArrayList<>(List.of("lookup"));
        LoggingEvent e = event("done", null, new KeyValuePair("steps", steps));

        Object captured = mapper.capture(e, LogbackEventReader.INSTANCE);
        steps.add("added later");

        assertThat(captured).isInstanceOf(CallLogRecord.class);
        assertThat(writer.documentJson((CallLogRecord) captured)).contains("\"steps\":[\"lookup\"]");
    }

    /** What the buffer is charged for the event's form kept for later, or -1 when it is mapped at once. */
    private static long later(LogbackEventReader reader, LoggingEvent e) {
        LaterForm<LogbackLater> form = reader.later(e);
        return form == null ? -1 : form.retainedBytes();
    }

    @Test
    void theFormKeptForLaterHoldsTheCapturedPartsNotLogbacksEvent() {
        MDC.put("call_id", "c-1");
        LaterForm<LogbackLater> form = new LogbackEventReader().later(event("m {}", new Object[] {7}));
        assertThat(form).isNotNull();
        assertThat(form.event().message).isEqualTo("m 7");
        assertThat(form.event().mdc).containsEntry("call_id", "c-1");
        assertThat(form.reader()).isSameAs(LogbackLater.Reader.INSTANCE);
    }

    @Test
    void aThreadsMdcMapIsCountedOnceUntilItChangesOrAnEventWasNotBuffered() {
        MDC.put("call_id", "c-1");
        MDC.put("tenant", "x".repeat(1_000));
        LogbackEventReader reader = new LogbackEventReader();
        long map = SizeEstimator.map(MDC.getCopyOfContextMap());

        long first = later(reader, event("m", null, new KeyValuePair("n", 1)));
        long second = later(reader, event("m", null, new KeyValuePair("n", 1)));
        assertThat(first - second)
                .as("the shared MDC map (and the message and key), counted by the first event")
                .isEqualTo(map + SizeEstimator.string("m") + SizeEstimator.string("n"));

        reader.notBuffered(null); // the second was dropped: the next one counts the map again
        assertThat(later(reader, event("m", null, new KeyValuePair("n", 1)))).isEqualTo(first);

        MDC.put("turn_id", "t-2"); // a new map
        long changed = later(reader, event("m", null, new KeyValuePair("n", 1)));
        assertThat(changed - second).isEqualTo(SizeEstimator.map(MDC.getCopyOfContextMap()));

        assertThat(later(new LogbackEventReader(), event("m", null, new KeyValuePair("n", 1))))
                .as("another appender's reader counts the map for its own buffer")
                .isEqualTo(changed + SizeEstimator.string("m") + SizeEstimator.string("n"));
    }

    @Test
    void theMessageKeysAndStringValuesTheThreadsPreviousEventHeldAreCountedOnce() {
        MDC.put("call_id", "c-1");
        LogbackEventReader reader = new LogbackEventReader();
        String tool = "crm_lookup";
        long first = later(reader, event("Tool ran", null, new KeyValuePair("tool", tool), new KeyValuePair("n", 1)));
        long again = later(reader, event("Tool ran", null, new KeyValuePair("tool", tool), new KeyValuePair("n", 2)));
        assertThat(first - again)
                .as("the MDC map, the message, both keys and the string value, held by the previous event too")
                .isEqualTo(SizeEstimator.map(MDC.getCopyOfContextMap())
                        + SizeEstimator.string("Tool ran")
                        + SizeEstimator.string("tool")
                        + SizeEstimator.string("n")
                        + SizeEstimator.string(tool));
        long otherValue = later(
                reader, event("Tool ran", null, new KeyValuePair("tool", new String(tool)), new KeyValuePair("n", 3)));
        assertThat(otherValue - again)
                .as("an equal string that is another object")
                .isEqualTo(SizeEstimator.string(tool));
        String longText = "x".repeat(LogbackEventReader.MAX_SHARED_CHARS + 1);
        long longFirst = later(reader, event(longText, null));
        assertThat(later(reader, event(longText, null)))
                .as("a long message is counted by every event")
                .isEqualTo(longFirst);
    }

    @Test
    void onlyEventsWithFixedKeyValuesAreLeftForLater() {
        MDC.put("call_id", "c-1");
        LogbackEventReader reader = new LogbackEventReader();
        // The form's footprint: the same event with a string instead of a number holds the string instead of a box.
        reader.notBuffered(null);
        long number = later(reader, event("m", null, new KeyValuePair("n", 1)));
        reader.notBuffered(null);
        long string = later(reader, event("m", null, new KeyValuePair("n", "abc")));
        assertThat(string - number).isEqualTo(SizeEstimator.string("abc") - SizeEstimator.BOXED);
        reader.notBuffered(null);
        long plain = later(reader, event("m {}", null));
        reader.notBuffered(null);
        long withArgument = later(reader, event("m {}", new Object[] {"abcd"}));
        assertThat(withArgument - plain)
                .as("the formatted message ('m abcd' instead of 'm {}'); the arguments are not kept")
                .isEqualTo(SizeEstimator.string("m abcd") - SizeEstimator.string("m {}"));
        assertThat(number)
                .as("the form, its message, the key-value list and the MDC map")
                .isBetween(300L, 800L);
        assertThat(later(reader, event("m {}", new Object[] {new ArrayList<>(List.of(1))})))
                .as("a mutable argument: only the formatted message is kept")
                .isPositive();
        assertThat(later(reader, event("m", null, new KeyValuePair("b", new StringBuilder("x")))))
                .as("a mutable value")
                .isEqualTo(-1);
        assertThat(later(reader, event("m", null, new KeyValuePair("e", new IllegalStateException("x")))))
                .isEqualTo(-1);
        assertThat(later(reader, event("m", null, new KeyValuePair("big", new java.math.BigDecimal("1.5")))))
                .isEqualTo(-1);
        LoggingEvent withThrowable =
                new LoggingEvent(Logger.FQCN, logger, Level.ERROR, "failed", new IllegalStateException("boom"), null);
        withThrowable.addMarker(MarkerFactory.getMarker("call_failed"));
        assertThat(later(reader, withThrowable))
                .as("a throwable and its stack trace")
                .isEqualTo(-1);
        MDC.put("tenant", "x".repeat(20_000));
        assertThat(later(reader, event("m", null, new KeyValuePair("n", 1))))
                .as("a large MDC map: mapped at once, nothing of it kept")
                .isEqualTo(-1);
    }
}
