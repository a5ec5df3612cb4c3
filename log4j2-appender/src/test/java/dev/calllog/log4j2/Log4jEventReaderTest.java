package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.calllog.core.internal.mapping.SourceEvent;
import dev.calllog.core.internal.mapping.SourceLevel;
import dev.calllog.core.internal.mapping.TestSourceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.StringMapMessage;
import org.apache.logging.log4j.message.StructuredDataMessage;
import org.apache.logging.log4j.util.StringMap;
import org.junit.jupiter.api.Test;

class Log4jEventReaderTest {
    private static final Set<String> CONTEXT_KEYS = Set.of("call_id", "agent_id", "account_id", "trace_id", "turn_id");

    @Test
    void standardLevels() {
        assertThat(Log4jEventReader.level(Level.TRACE)).isEqualTo(SourceLevel.TRACE);
        assertThat(Log4jEventReader.level(Level.DEBUG)).isEqualTo(SourceLevel.DEBUG);
        assertThat(Log4jEventReader.level(Level.INFO)).isEqualTo(SourceLevel.INFO);
        assertThat(Log4jEventReader.level(Level.WARN)).isEqualTo(SourceLevel.WARN);
        assertThat(Log4jEventReader.level(Level.ERROR)).isEqualTo(SourceLevel.ERROR);
        assertThat(Log4jEventReader.level(Level.FATAL)).isEqualTo(SourceLevel.FATAL);
    }

    @Test
    void customLevelsMapToTheLeastSevereStandardLevelTheyReach() {
        assertThat(Log4jEventReader.level(Level.forName("EMERGENCY", 50))).isEqualTo(SourceLevel.FATAL);
        assertThat(Log4jEventReader.level(Level.forName("ALERT", 150))).isEqualTo(SourceLevel.ERROR);
        assertThat(Log4jEventReader.level(Level.forName("NOTICE", 350))).isEqualTo(SourceLevel.INFO);
        assertThat(Log4jEventReader.level(Level.forName("VERBOSE", 550))).isEqualTo(SourceLevel.TRACE);
        assertThat(Log4jEventReader.level(Level.forName("DIAG", 500))).isEqualTo(SourceLevel.DEBUG);
    }

    @Test
    void levelOfTheEvent() {
        LogEvent event = event(Level.FATAL, MarkerManager.getMarker("call_failed"), new ParameterizedMessage("x"));
        assertThat(wrap(event).level()).isEqualTo(SourceLevel.FATAL);
    }

    @Test
    void markersWithTheirParentsDepthFirst() {
        Marker critical = MarkerManager.getMarker("CRITICAL");
        Marker grand = MarkerManager.getMarker("test_grand_parent");
        Marker parent = MarkerManager.getMarker("test_parent").setParents(grand);
        Marker marker = MarkerManager.getMarker("test_child").setParents(parent, critical);

        List<String> names = new ArrayList<>();
        wrap(event(Level.INFO, marker, new ParameterizedMessage("x"))).visitMarkerNames(n -> {
            names.add(n);
            return true;
        });

        assertThat(names).containsExactly("test_child", "test_parent", "test_grand_parent", "CRITICAL");
    }

    @Test
    void markerVisitStopsWhenTheVisitorSaysSo() {
        Marker marker = MarkerManager.getMarker("test_stop_child")
                .setParents(MarkerManager.getMarker("test_stop_a"), MarkerManager.getMarker("test_stop_b"));
        List<String> names = new ArrayList<>();
        wrap(event(Level.INFO, marker, new ParameterizedMessage("x"))).visitMarkerNames(n -> {
            names.add(n);
            return !n.equals("test_stop_a");
        });
        assertThat(names).containsExactly("test_stop_child", "test_stop_a");
    }

    @Test
    void nanosecondInstant() {
        MutableInstant instant = new MutableInstant();
        instant.initFromEpochSecond(1_767_225_600L, 123_456_789);
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLevel(Level.INFO)
                .setMarker(MarkerManager.getMarker("call_completed"))
                .setMessage(new ParameterizedMessage("done"))
                .setInstant(instant)
                .build();

        SourceEvent e = wrap(event);
        assertThat(e.epochSecond()).isEqualTo(1_767_225_600L);
        assertThat(e.nanoOfSecond()).isEqualTo(123_456_789);
    }

    @Test
    void formattedMessageAndThrowable() {
        IllegalStateException boom = new IllegalStateException("boom");
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLevel(Level.ERROR)
                .setMarker(MarkerManager.getMarker("integration_tool_failed"))
                .setMessage(new ParameterizedMessage("tool {} failed after {} ms", "crm", 5000))
                .setThrown(boom)
                .build();

        SourceEvent e = wrap(event);
        assertThat(e.formattedMessage()).isEqualTo("tool crm failed after 5000 ms");
        assertThat(e.throwable()).isSameAs(boom);
    }

    @Test
    void threadContextIdsAreContextNotKeyValues() {
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLevel(Level.INFO)
                .setMarker(MarkerManager.getMarker("call_completed"))
                .setMessage(new ParameterizedMessage("done"))
                .setContextData(context(Map.of("call_id", "c-1", "agent_id", "a-1", "tenant", "t-1")))
                .build();

        TestSourceEvent s = TestSourceEvent.copyOf(wrap(event), List.of("call_id", "agent_id", "account_id"));
        assertThat(s.context()).containsOnly(entry("call_id", "c-1"), entry("agent_id", "a-1"));
        // Logged through the Log4j API: the context map is never read as key-values.
        assertThat(s.keyValues()).isEmpty();
    }

    @Test
    void stringMapMessageEntriesAreKeyValuesAndItsMessageKeyIsTheMessage() {
        StringMapMessage message = new StringMapMessage()
                .with("message", "transfer to sales")
                .with("target", "sales")
                .with("attempt", "2");
        TestSourceEvent s = snapshot(event(Level.INFO, MarkerManager.getMarker("transfer_tool_invoked"), message));

        assertThat(s.message()).isEqualTo("transfer to sales");
        assertThat(s.keyValues()).containsOnly(entry("target", "sales"), entry("attempt", "2"));
    }

    @Test
    void mapMessageKeepsValueTypesAndHasNoMessageWithoutTheKey() {
        MapMessage<?, Object> message =
                new MapMessage<>().with("status", 503).with("retried", true).with("url_path", "/hooks");
        TestSourceEvent s = snapshot(event(Level.WARN, MarkerManager.getMarker("webhook_response_failed"), message));

        assertThat(s.message()).isNull();
        assertThat(s.keyValues())
                .containsOnly(entry("status", 503), entry("retried", true), entry("url_path", "/hooks"));
        assertThat(s.keyValues().get("status")).isInstanceOf(Integer.class);
    }

    @Test
    void structuredDataMessageTextIsTheMessage() {
        StructuredDataMessage message = new StructuredDataMessage("id", "webhook queued", "audit");
        message.put("hook", "crm");
        TestSourceEvent s = snapshot(event(Level.INFO, MarkerManager.getMarker("webhook_queued"), message));

        assertThat(s.message()).isEqualTo("webhook queued");
        assertThat(s.keyValues()).containsOnly(entry("hook", "crm"));
    }

    @Test
    void slf4jFluentEventsReadTheirKeyValuesFromTheContextMinusTheContextKeys() {
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLoggerFqcn(Log4jEventReader.SLF4J_EVENT_BUILDER_FQCN)
                .setLevel(Level.INFO)
                .setMarker(MarkerManager.getMarker("integration_tool_invoked"))
                .setMessage(new ParameterizedMessage("invoked"))
                .setContextData(context(Map.of("call_id", "c-1", "turn_id", "7", "tool", "crm_lookup")))
                .build();

        TestSourceEvent s = snapshot(event);
        assertThat(s.keyValues()).containsOnly(entry("tool", "crm_lookup"));
        assertThat(s.context()).containsOnly(entry("call_id", "c-1"), entry("turn_id", "7"));
    }

    private static SourceEvent wrap(LogEvent event) {
        return SourceEvent.of(event, new Log4jEventReader(CONTEXT_KEYS));
    }

    private static TestSourceEvent snapshot(LogEvent event) {
        return TestSourceEvent.copyOf(wrap(event), List.copyOf(CONTEXT_KEYS));
    }

    private static LogEvent event(Level level, Marker marker, Message message) {
        return Log4jLogEvent.newBuilder()
                .setLevel(level)
                .setMarker(marker)
                .setMessage(message)
                .build();
    }

    private static StringMap context(Map<String, String> values) {
        StringMap map = ContextDataFactory.createContextData(values.size());
        values.forEach(map::putValue);
        map.freeze();
        return map;
    }
}
