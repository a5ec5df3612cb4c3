package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.conformance.CallLogConformanceSuite;
import dev.calllog.testsupport.conformance.CallLogDriver;
import dev.calllog.testsupport.conformance.LogCall;
import dev.calllog.testsupport.conformance.Slf4jProgram;
import jakarta.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conformance suite through SLF4J 2 on Log4j ({@code log4j-slf4j2-impl}): the same SLF4J program as on Logback
 * ({@link Slf4jProgram}), with the appender's defaults. Only what the bridge loses may differ (see {@link
 * ConformanceCase#throughSlf4jOnLog4j}).
 */
class Slf4jOnLog4jConformanceIT extends CallLogConformanceSuite {

    @Override
    protected CallLogDriver driver() {
        return new Slf4jOnLog4jDriver();
    }

    // The bridge hands key-values over as strings: the document keeps them as strings in data, and a number's string
    // under a measure key is still a number in measures.

    @Test
    void numbersArriveAsStringsInDataAndAsNumbersInMeasures(OpenSearchNode node) throws Exception {
        LogCall call = LogCall.at(LogCall.Level.INFO)
                .context("call_id", "c-slf4j-1")
                .marker("agent_message_sent")
                .message("Which order number?")
                .kv("latency_ms", 640)
                .kv("tool", "crm_lookup");
        JsonObject doc = shipOne(new Slf4jOnLog4jDriver(), node, "calllog-slf4j-numbers", call, () -> {});
        assertThat(doc.getJsonObject("data").getString("latency_ms")).isEqualTo("640");
        assertThat(doc.getJsonObject("measures").getJsonNumber("latency_ms").doubleValue())
                .isEqualTo(640.0);
        assertThat(doc.getJsonObject("labels").getString("tool")).isEqualTo("crm_lookup");
    }

    // The bridge keeps only the last marker given to addMarker: an event marker followed by CRITICAL arrives as
    // CRITICAL alone. It cannot be shipped, so it is reported; one marker that carries both ships.

    @Test
    void anEventMarkerLostByTheBridgeBeforeCriticalIsReportedAndOneMarkerCarryingBothShips(OpenSearchNode node)
            throws Exception {
        LogCall lost = LogCall.at(LogCall.Level.ERROR)
                .context("call_id", "c-two-markers")
                .marker("transfer_tool_failed")
                .marker("CRITICAL")
                .message("no agent answered");
        LogCall shipped = LogCall.at(LogCall.Level.ERROR)
                .context("call_id", "c-one-marker")
                .marker("transfer_tool_failed+CRITICAL")
                .message("no agent answered");
        try (StatusCapture status = StatusCapture.open()) {
            JsonObject doc = shipOne(
                    new Slf4jOnLog4jDriver() {
                        @Override
                        public void log(LogCall call) {
                            super.log(lost);
                            super.log(call);
                        }
                    },
                    node,
                    "calllog-slf4j-critical",
                    shipped,
                    () -> {});
            assertThat(doc.getString("call_id")).isEqualTo("c-one-marker");
            assertThat(doc.getString("event")).isEqualTo("transfer_tool_failed");
            assertThat(doc.getString("level")).isEqualTo("CRITICAL");
            assertThat(status.messages(org.apache.logging.log4j.Level.WARN)).anySatisfy(m -> assertThat(m)
                    .contains("an event of call 'c-two-markers' marked CRITICAL carries no event marker")
                    .contains("MarkerFactory.getMarker(\"call_failed+CRITICAL\")"));
        }
    }

    static class Slf4jOnLog4jDriver implements CallLogDriver {
        private static final AtomicInteger MARKERS = new AtomicInteger();
        private LoggerContext context;
        private Logger log;

        @Override
        public void start(String url, String dataStream) {
            System.setProperty("calllog.url", url);
            System.setProperty("calllog.dataStream", dataStream);
            // SLF4J's loggers come from the JVM-wide context.
            context = LoggerContext.getContext(false);
            context.setConfigLocation(TestContexts.uri("calllog-conformance-slf4j.xml"));
            log = LoggerFactory.getLogger("voice.agent");
            if (!TestContexts.appender(context).isStarted()) {
                throw new IllegalStateException("appender not started");
            }
        }

        @Override
        public void log(LogCall call) {
            Slf4jProgram.log(log, call);
        }

        @Override
        public boolean flush(long timeoutMillis) {
            return TestContexts.appender(context).flush(timeoutMillis);
        }

        @Override
        public boolean throughSlf4jOnLog4j() {
            return true;
        }

        @Override
        public void close() {
            if (context != null) {
                Configurator.shutdown(context);
            }
        }
    }
}
