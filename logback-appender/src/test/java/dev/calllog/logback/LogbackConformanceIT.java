package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.conformance.CallLogConformanceSuite;
import dev.calllog.testsupport.conformance.CallLogDriver;
import dev.calllog.testsupport.conformance.LogCall;
import dev.calllog.testsupport.conformance.Slf4jProgram;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The conformance suite through Logback and its SLF4J API. */
class LogbackConformanceIT extends CallLogConformanceSuite {

    @Override
    protected CallLogDriver driver() {
        return new LogbackDriver();
    }

    // Logback's own paths: an event with scalar key-values is mapped on the shipping thread, after the logging call
    // returned; one with a mutable value is snapshotted during the call.

    @Test
    void anEventMappedOnTheShippingThreadKeepsTheContextItWasLoggedWith(OpenSearchNode node) throws Exception {
        LogCall call = LogCall.at(LogCall.Level.INFO)
                .context("call_id", "c-later-1")
                .context("agent_id", "a-1")
                .marker("agent_message_sent")
                .message("Which order number?")
                .kv("latency_ms", 640)
                .kv("model", "small");
        JsonObject doc = shipOne(new LogbackDriver(), node, "calllog-logback-deferred", call, () -> {
            MDC.put("call_id", "c-other"); // the thread goes on with another call
            MDC.put("agent_id", "a-other");
        });
        MDC.clear();
        assertThat(doc.getString("call_id")).isEqualTo("c-later-1");
        assertThat(doc.getString("agent_id")).isEqualTo("a-1");
        assertThat(doc.getString("message")).isEqualTo("Which order number?");
        assertThat(doc.getJsonObject("data").toString()).isEqualTo("{\"latency_ms\":640,\"model\":\"small\"}");
        assertThat(doc.getJsonObject("measures").getJsonNumber("latency_ms").intValue())
                .isEqualTo(640);
    }

    @Test
    void aValueChangedAfterTheCallArrivesAsLogged(OpenSearchNode node) throws Exception {
        List<String> steps = new ArrayList<>(List.of("lookup"));
        LogCall call = LogCall.at(LogCall.Level.INFO)
                .context("call_id", "c-mutable-1")
                .marker("integration_tool_completed")
                .message("CRM lookup done")
                .kv("steps", steps);
        JsonObject doc = shipOne(new LogbackDriver(), node, "calllog-logback-mutable", call, () -> steps.add("later"));
        assertThat(doc.getJsonObject("data").toString()).isEqualTo("{\"steps\":[\"lookup\"]}");
    }

    static final class LogbackDriver implements CallLogDriver {
        private LoggerContext context;
        private Logger log;

        @Override
        public void start(String url, String dataStream) throws Exception {
            context = new LoggerContext();
            context.setMDCAdapter(MDC.getMDCAdapter());
            context.putProperty("calllog.url", url);
            context.putProperty("calllog.dataStream", dataStream);
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogbackConformanceIT.class.getResource("/calllog-conformance.xml"));
            log = context.getLogger("voice.agent");
            if (!appender().isStarted()) {
                throw new IllegalStateException("appender not started");
            }
        }

        private CallLogAppender appender() {
            return (CallLogAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CALLLOG");
        }

        @Override
        public void log(LogCall call) {
            Slf4jProgram.log(log, call);
        }

        @Override
        public boolean flush(long timeoutMillis) {
            return appender().flush(timeoutMillis);
        }

        @Override
        public void close() {
            if (context != null) {
                context.stop();
            }
        }
    }
}
