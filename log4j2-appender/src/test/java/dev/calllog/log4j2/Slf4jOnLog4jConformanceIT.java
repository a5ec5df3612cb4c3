package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.conformance.CallLogConformanceSuite;
import dev.calllog.testsupport.conformance.CallLogDriver;
import dev.calllog.testsupport.conformance.LogCall;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The conformance suite through SLF4J 2 on Log4j ({@code log4j-slf4j2-impl}), exactly as an application written for
 * Logback would log. The bridge applies {@code String.valueOf} to every {@code addKeyValue} value, so the key-values
 * arrive as strings; everything else must match the other paths.
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

    static final class Slf4jOnLog4jDriver implements CallLogDriver {
        private Path ndjson;
        private static final AtomicInteger MARKERS = new AtomicInteger();
        private LoggerContext context;
        private Logger log;

        @Override
        public void start(String url, String dataStream) throws IOException {
            System.setProperty("calllog.url", url);
            System.setProperty("calllog.dataStream", dataStream);
            ndjson = Files.createTempFile("calllog-conformance-", ".ndjson");
            System.setProperty("calllog.ndjsonFile", ndjson.toString());
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
            call.context().forEach(MDC::put);
            try {
                LoggingEventBuilder b = log.atLevel(Level.valueOf(call.level().name()));
                Marker marker = marker(call);
                if (marker != null) {
                    b.addMarker(marker);
                }
                call.keyValues().forEach(b::addKeyValue);
                if (call.throwable() != null) {
                    b.setCause(call.throwable());
                }
                b.log(call.message());
            } finally {
                MDC.clear();
            }
        }

        /** The bridge keeps one marker per event: several markers travel as references of one. */
        private static Marker marker(LogCall call) {
            if (call.markers().isEmpty()) {
                return null;
            }
            if (call.markers().size() == 1) {
                return MarkerFactory.getMarker(call.markers().get(0));
            }
            Marker own = MarkerFactory.getMarker("conformance-" + MARKERS.incrementAndGet());
            call.markers().forEach(name -> own.add(MarkerFactory.getMarker(name)));
            return own;
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
        public List<String> ndjsonLines() throws IOException {
            // The file appender flushes after each event; the layout wrote nothing for the others.
            return Files.readAllLines(ndjson, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            if (context != null) {
                Configurator.shutdown(context);
            }
            if (ndjson != null) {
                Files.deleteIfExists(ndjson);
            }
        }
    }
}
