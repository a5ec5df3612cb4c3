package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.calllog.core.internal.mapping.SourceLevel;
import dev.calllog.core.internal.mapping.TestSourceEvent;
import java.util.List;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * An application that logs through SLF4J 2 on top of Log4j ({@code log4j-slf4j2-impl}). The bridge's fluent
 * {@code LoggingEventBuilder} puts the {@code addKeyValue} pairs into the ThreadContext for the duration of the call,
 * as strings; the appender takes them back out as the event's key-values.
 */
class Slf4jKeyValuesTest {
    private FakeEngines engines;
    private LoggerContext ctx;

    @BeforeEach
    void configureTheDefaultContext() {
        engines = FakeEngines.install();
        // SLF4J's loggers come from the JVM-wide context: point it at this test's configuration.
        ctx = LoggerContext.getContext(false);
        ctx.setConfigLocation(TestContexts.uri("calllog-slf4j.xml"));
    }

    @AfterEach
    void stopTheDefaultContext() {
        MDC.clear();
        Configurator.shutdown(ctx);
    }

    @Test
    void fluentKeyValuesAreTheEventsDataAndTheMdcStaysContext() {
        Logger log = LoggerFactory.getLogger("agent");
        MDC.put("call_id", "call-7");
        MDC.put("agent_id", "agent-1");
        MDC.put("region", "eu");

        log.atInfo()
                .addMarker(MarkerFactory.getMarker("integration_tool_completed"))
                .addKeyValue("tool", "crm_lookup")
                .addKeyValue("duration_ms", 120)
                .log("tool {} done", "crm_lookup");
        log.info(MarkerFactory.getMarker("call_completed"), "classic API, no key-values");

        List<TestSourceEvent> events = engine().events;
        assertThat(events).hasSize(2);
        TestSourceEvent fluent = events.get(0);
        assertThat(fluent.level()).isEqualTo(SourceLevel.INFO);
        assertThat(fluent.markers()).containsExactly("integration_tool_completed");
        assertThat(fluent.message()).isEqualTo("tool crm_lookup done");
        // Exactly the event's key-values (the bridge turns values into strings), not the MDC entries.
        assertThat(fluent.keyValues()).containsOnly(entry("tool", "crm_lookup"), entry("duration_ms", "120"));
        assertThat(fluent.context())
                .containsOnly(entry("call_id", "call-7"), entry("agent_id", "agent-1"), entry("region", "eu"));

        TestSourceEvent classic = events.get(1);
        assertThat(classic.keyValues()).isEmpty();
        assertThat(classic.context()).containsEntry("call_id", "call-7");
        // The bridge restored the MDC after the fluent call.
        assertThat(MDC.get("tool")).isNull();
    }

    @Test
    void aKeyValueThatShadowsAnMdcEntryIsTheEventsValue() {
        Logger log = LoggerFactory.getLogger("agent");
        MDC.put("call_id", "call-8");
        MDC.put("step", "from-mdc");

        log.atWarn()
                .addMarker(MarkerFactory.getMarker("path_transition"))
                .addKeyValue("step", "from-event")
                .log("moved");

        TestSourceEvent e = engine().events.get(0);
        assertThat(e.level()).isEqualTo(SourceLevel.WARN);
        assertThat(e.keyValues()).containsOnly(entry("step", "from-event"));
        assertThat(MDC.get("step")).isEqualTo("from-mdc");
    }

    @Test
    void anUnrelatedMdcEntryPresentDuringAFluentCallCannotBeToldApartFromAKeyValue() {
        // A limit of the bridge, pinned down here: the LogEvent carries no trace of which context entries came from
        // addKeyValue. Only the keys the appender knows as context (the id keys, mdcDataKeys) are kept out.
        Logger log = LoggerFactory.getLogger("agent");
        MDC.put("call_id", "call-9");
        MDC.put("http_session", "abc");

        log.atInfo()
                .addMarker(MarkerFactory.getMarker("greeting_sent"))
                .addKeyValue("greeting", "hello")
                .log("greeted");

        assertThat(engine().events.get(0).keyValues())
                .containsOnly(entry("greeting", "hello"), entry("http_session", "abc"));
    }

    @Test
    void slf4jMarkerReferencesArriveAsLog4jMarkerParents() {
        Marker failed = MarkerFactory.getMarker("slf4j_call_failed_test");
        failed.add(MarkerFactory.getMarker("CRITICAL"));
        LoggerFactory.getLogger("agent").error(failed, "line dropped");

        TestSourceEvent e = engine().events.get(0);
        assertThat(e.level()).isEqualTo(SourceLevel.ERROR);
        assertThat(e.markers()).containsExactly("slf4j_call_failed_test", "CRITICAL");
    }

    @Test
    void withSlf4jKeyValuesOffNoThreadContextEntryIsEverData() {
        ctx.setConfigLocation(TestContexts.uri("calllog-slf4j-off.xml"));
        Logger log = LoggerFactory.getLogger("agent");
        MDC.put("call_id", "call-10");
        MDC.put("http_session", "abc");

        log.atInfo()
                .addMarker(MarkerFactory.getMarker("greeting_sent"))
                .addKeyValue("greeting", "hello")
                .log("greeted");
        // Log4j reuses the thread's LogBuilder, and the bridge's entry point sticks to it: a later Log4j API call on
        // this thread reports the bridge's class. That must not turn the context into data either.
        org.apache.logging.log4j.LogManager.getLogger("agent")
                .atInfo()
                .withMarker(org.apache.logging.log4j.MarkerManager.getMarker("greeting_sent"))
                .log("greeted again");

        List<TestSourceEvent> events = engine("calllog-slf4j-off").events;
        assertThat(events).hasSize(2);
        assertThat(events.get(0).keyValues()).isEmpty();
        assertThat(events.get(1).keyValues()).isEmpty();
    }

    private FakeEngines.FakeEngine engine() {
        return engine("calllog-slf4j");
    }

    private FakeEngines.FakeEngine engine(String dataStream) {
        return engines.created.stream()
                .filter(e -> e.config.dataStream().equals(dataStream))
                .reduce((a, b) -> b)
                .orElseThrow();
    }
}
