package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.conformance.CallLogConformanceSuite;
import dev.calllog.testsupport.conformance.CallLogDriver;
import dev.calllog.testsupport.conformance.LogCall;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.message.MapMessage;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite through the Log4j API: ids in the ThreadContext, several markers as the parents of one event
 * marker, data as {@code MapMessage} entries with the message under its {@code message} key.
 */
class Log4jApiConformanceIT extends CallLogConformanceSuite {

    @Override
    protected CallLogDriver driver() {
        return new Log4jApiDriver();
    }

    // Log4j reuses its events: everything is read during the call, so later changes never show.

    @Test
    void aMapMessageValueAndTheContextChangedAfterTheCallArriveAsLogged(OpenSearchNode node) throws Exception {
        List<String> steps = new ArrayList<>(List.of("lookup"));
        LogCall call = LogCall.at(LogCall.Level.INFO)
                .context("call_id", "c-mutable-2")
                .context("agent_id", "a-2")
                .marker("integration_tool_completed")
                .message("CRM lookup done")
                .kv("steps", steps)
                .kv("duration_ms", 412);
        JsonObject doc = shipOne(new Log4jApiDriver(), node, "calllog-log4j-mutable", call, () -> {
            steps.add("later");
            ThreadContext.put("agent_id", "a-other");
        });
        ThreadContext.clearMap();
        assertThat(doc.getString("call_id")).isEqualTo("c-mutable-2");
        assertThat(doc.getString("agent_id")).isEqualTo("a-2");
        assertThat(doc.getString("message")).isEqualTo("CRM lookup done");
        assertThat(doc.getJsonObject("data").getJsonArray("steps").toString()).isEqualTo("[\"lookup\"]");
        assertThat(doc.getJsonObject("measures").getJsonNumber("duration_ms").intValue())
                .isEqualTo(412);
    }

    static final class Log4jApiDriver implements CallLogDriver {
        private static final AtomicInteger MARKERS = new AtomicInteger();
        private LoggerContext context;
        private Logger log;

        @Override
        public void start(String url, String dataStream) {
            System.setProperty("calllog.url", url);
            System.setProperty("calllog.dataStream", dataStream);
            context = TestContexts.start("calllog-conformance.xml");
            log = context.getLogger("voice.agent");
            if (!TestContexts.appender(context).isStarted()) {
                throw new IllegalStateException("appender not started");
            }
        }

        @Override
        public void log(LogCall call) {
            ThreadContext.putAll(call.context());
            try {
                // The classic calls, not atLevel(): Log4j reuses a thread's LogBuilder, which keeps the entry point of
                // the SLF4J bridge once the thread has logged through it (see the README).
                Level level = Level.getLevel(call.level().name());
                Marker marker = marker(call);
                if (call.keyValues().isEmpty()) {
                    log.log(level, marker, call.message(), call.throwable());
                } else {
                    MapMessage<?, Object> m = new MapMessage<>();
                    call.keyValues().forEach(m::with);
                    if (call.message() != null) {
                        m.with("message", call.message());
                    }
                    log.log(level, marker, m, call.throwable());
                }
            } finally {
                ThreadContext.clearMap();
            }
        }

        /** One marker, or a marker of its own whose parents are the call's markers. */
        private static Marker marker(LogCall call) {
            if (call.markers().isEmpty()) {
                return null;
            }
            if (call.markers().size() == 1) {
                return MarkerManager.getMarker(call.markers().get(0));
            }
            Marker own = MarkerManager.getMarker("conformance-" + MARKERS.incrementAndGet());
            call.markers().forEach(name -> own.addParents(MarkerManager.getMarker(name)));
            return own;
        }

        @Override
        public boolean flush(long timeoutMillis) {
            return TestContexts.appender(context).flush(timeoutMillis);
        }

        @Override
        public boolean hasFatal() {
            return true;
        }

        @Override
        public void close() {
            if (context != null) {
                context.stop();
            }
        }
    }
}
