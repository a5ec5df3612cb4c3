package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.calllog.testsupport.OpenSearchExtension;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/** Trace ids in the documents a real node indexes: from the current span, from the MDC, or none. */
@ExtendWith(OpenSearchExtension.class)
class TraceCorrelationIT {
    private static final String STREAM = "calllog-it-trace";
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private LoggerContext context;

    @AfterEach
    void tearDown() {
        MDC.clear();
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void documentsCarryTheTraceTheyWereLoggedIn(OpenSearchNode node) throws Exception {
        context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.putProperty("calllog.url", node.url());
        context.putProperty("calllog.dataStream", STREAM);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(TraceCorrelationIT.class.getResource("/calllog-it.xml"));
        CallLogAppender appender = (CallLogAppender)
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CALLLOG");
        assertThat(appender.isStarted()).isTrue();
        Logger log = context.getLogger("voice.agent");

        Span span = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
        try (Scope ignored = span.makeCurrent()) {
            MDC.put("call_id", "call-span");
            // Mapped on the shipping thread (scalar key-values), yet with the span current here.
            log.atInfo()
                    .addMarker(MarkerFactory.getMarker("agent_message_sent"))
                    .addKeyValue("latency_ms", 640)
                    .log("In a span");
        }
        MDC.put("call_id", "call-mdc");
        MDC.put("trace_id", "0af7651916cd43dd8448eb211c80319c");
        MDC.put("span_id", "b7ad6b7169203331");
        MDC.put("trace_flags", "01");
        log.info(MarkerFactory.getMarker("call_completed"), "Trace from the MDC");
        MDC.clear();
        MDC.put("call_id", "call-none");
        log.info(MarkerFactory.getMarker("call_completed"), "No trace");
        assertThat(appender.flush(30_000)).isTrue();

        OpenSearchHttp http = new OpenSearchHttp(node.url());
        assertThat(http.post("/" + STREAM + "/_refresh", "").ok()).isTrue();
        Map<String, JsonObject> docs = byCallId(http.post("/" + STREAM + "/_search", "{\"size\":10}"));
        assertThat(docs).containsOnlyKeys("call-span", "call-mdc", "call-none");
        assertThat(docs.get("call-span").getString("trace_id")).isEqualTo(TRACE);
        assertThat(docs.get("call-span").getString("span_id")).isEqualTo(SPAN);
        assertThat(docs.get("call-span").getString("trace_flags")).isEqualTo("01");
        assertThat(docs.get("call-mdc").getString("trace_id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(docs.get("call-mdc").getString("span_id")).isEqualTo("b7ad6b7169203331");
        assertThat(docs.get("call-mdc").getString("trace_flags")).isEqualTo("01");
        assertThat(docs.get("call-none").keySet()).doesNotContain("trace_id", "span_id", "trace_flags");

        // Keywords: an exact term finds the event, as a dashboard filter on the field does.
        Map<String, JsonObject> bySpan =
                byCallId(http.post("/" + STREAM + "/_search", "{\"query\":{\"term\":{\"span_id\":\"" + SPAN + "\"}}}"));
        assertThat(bySpan).containsOnlyKeys("call-span");
        Map<String, JsonObject> sampled =
                byCallId(http.post("/" + STREAM + "/_search", "{\"query\":{\"term\":{\"trace_flags\":\"01\"}}}"));
        assertThat(sampled).containsOnlyKeys("call-span", "call-mdc");
        String mapping = http.get("/" + STREAM + "/_mapping").body();
        assertThat(mapping).contains("\"span_id\":{\"type\":\"keyword\"}", "\"trace_flags\":{\"type\":\"keyword\"}");
    }

    private static Map<String, JsonObject> byCallId(OpenSearchHttp.Response res) {
        assertThat(res.ok()).as(res.toString()).isTrue();
        Map<String, JsonObject> out = new LinkedHashMap<>();
        try (JsonReader r = Json.createReader(new StringReader(res.body()))) {
            for (JsonValue hit : r.readObject().getJsonObject("hits").getJsonArray("hits")) {
                JsonObject source = hit.asJsonObject().getJsonObject("_source");
                out.put(source.getString("call_id"), source);
            }
        }
        return out;
    }
}
