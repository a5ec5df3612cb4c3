package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.calllog.core.catalog.EventCatalog;
import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.catalog.Level;
import dev.calllog.testsupport.OpenSearchExtension;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/** The Logback appender, configured from a real logback.xml, against a real OpenSearch node. */
@ExtendWith(OpenSearchExtension.class)
class LogbackAppenderIT {
    private LoggerContext context;

    @AfterEach
    void tearDown() {
        MDC.clear();
        if (context != null) {
            context.stop();
        }
    }

    private Logger configure(OpenSearchNode node, String dataStream) throws Exception {
        context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.putProperty("calllog.url", node.url());
        context.putProperty("calllog.dataStream", dataStream);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogbackAppenderIT.class.getResource("/calllog-it.xml"));
        CallLogAppender appender = appender();
        assertThat(appender).isNotNull();
        assertThat(appender.isStarted()).as("appender started").isTrue();
        return context.getLogger("voice.agent");
    }

    private CallLogAppender appender() {
        return (CallLogAppender)
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CALLLOG");
    }

    @Test
    void everyCatalogueEventArrivesWithCategoryLevelIdsAndData(OpenSearchNode node) throws Exception {
        Logger log = configure(node, "calllog-it-catalogue");
        MDC.put("call_id", "call-all");
        MDC.put("agent_id", "agent-7");
        MDC.put("account_id", "acme");
        MDC.put("trace_id", "trace-1");
        MDC.put("turn_id", "turn-1");
        MDC.put("unrelated", "must not be copied");
        List<EventDefinition> events = new ArrayList<>(EventCatalog.builtIn().events());
        for (int i = 0; i < events.size(); i++) {
            log.atInfo()
                    .addMarker(MarkerFactory.getMarker(events.get(i).code()))
                    .addKeyValue("i", i)
                    .addKeyValue("tool", "crm")
                    .log("event {}", i);
        }
        assertThat(appender().flush(30_000)).isTrue();

        List<JsonObject> docs = search(node, "calllog-it-catalogue", "call-all");
        assertThat(docs).hasSize(36);
        assertThat(appender().getConfig().measureKeys()).containsExactly("latency_ms", "i", "duration_ms");
        assertThat(appender().getConfig().labelKeys()).containsExactly("tool", "queue", "i");
        for (int i = 0; i < docs.size(); i++) {
            JsonObject d = docs.get(i);
            EventDefinition e = events.get(i);
            Level expected = Level.INFO.atLeast(e.floor());
            assertThat(d.getString("event")).isEqualTo(e.code());
            assertThat(d.getString("category")).isEqualTo(e.category());
            assertThat(d.getString("level")).as(e.code()).isEqualTo(expected.name());
            assertThat(d.getInt("severity")).isEqualTo(expected.severity());
            assertThat(d.getString("call_id")).isEqualTo("call-all");
            assertThat(d.getString("agent_id")).isEqualTo("agent-7");
            assertThat(d.getString("account_id")).isEqualTo("acme");
            assertThat(d.getString("trace_id")).isEqualTo("trace-1");
            assertThat(d.getString("turn_id")).isEqualTo("turn-1");
            assertThat(d.getString("message")).isEqualTo("event " + i);
            assertThat(d.getJsonObject("data").toString()).isEqualTo("{\"i\":" + i + ",\"tool\":\"crm\"}");
            // "i" is a measure key in calllog-it.xml.
            assertThat(d.getJsonObject("measures").toString()).isEqualTo("{\"i\":" + i + "}");
            // "tool" and "i" are label keys: labels in data order, as text.
            assertThat(d.getJsonObject("labels").toString()).isEqualTo("{\"i\":\"" + i + "\",\"tool\":\"crm\"}");
            assertThat(d.keySet())
                    .containsExactly(
                            "@timestamp",
                            "event_id",
                            "seq",
                            "call_id",
                            "agent_id",
                            "account_id",
                            "trace_id",
                            "turn_id",
                            "level",
                            "severity",
                            "category",
                            "event",
                            "message",
                            "data",
                            "measures",
                            "labels");
        }
    }

    @Test
    void timelineOrderMatchesLoggingOrderAndErrorsBecomeErrorData(OpenSearchNode node) throws Exception {
        Logger log = configure(node, "calllog-it-order");
        MDC.put("call_id", "call-order");
        for (int i = 0; i < 200; i++) {
            log.info(MarkerFactory.getMarker("user_message_received"), "turn {}", i);
        }
        log.atError()
                .addMarker(MarkerFactory.getMarker("call_failed"))
                .setCause(new IllegalStateException("connection to 10.1.2.3 lost"))
                .log("call failed");
        MDC.remove("call_id");
        log.info(MarkerFactory.getMarker("call_completed"), "no call id: not shipped");
        log.info("not a call-log event");
        assertThat(appender().flush(30_000)).isTrue();

        List<JsonObject> docs = search(node, "calllog-it-order", "call-order");
        assertThat(docs).hasSize(201);
        long lastSeq = -1;
        for (int i = 0; i < 200; i++) {
            assertThat(docs.get(i).getString("message")).isEqualTo("turn " + i);
            long seq = docs.get(i).getJsonNumber("seq").longValue();
            assertThat(seq).isGreaterThan(lastSeq);
            lastSeq = seq;
        }
        JsonObject failed = docs.get(200);
        assertThat(failed.getString("level")).isEqualTo("CRITICAL");
        assertThat(failed.getInt("severity")).isEqualTo(21);
        assertThat(failed.getJsonObject("data").toString())
                .isEqualTo("{\"error\":{\"type\":\"IllegalStateException\",\"message\":\"connection to [ip] lost\"}}");
        assertThat(appender().getEngine().mapper().missingCallId()).isEqualTo(1);
        assertThat(count(node, "calllog-it-order")).isEqualTo(201);
    }

    @Test
    void nodeStoppedWhileLoggingThenStartedAgainEveryEventArrivesOnce(OpenSearchNode node) throws Exception {
        Logger log = configure(node, "calllog-it-outage");
        MDC.put("call_id", "call-outage");
        int total = 600;
        for (int i = 0; i < total; i++) {
            if (i == 200) {
                assertThat(appender().flush(30_000)).isTrue();
                node.stop();
            }
            if (i == 400) {
                node.restart();
            }
            log.atInfo()
                    .addMarker(MarkerFactory.getMarker("agent_message_sent"))
                    .addKeyValue("n", i)
                    .log("message {}", i);
        }
        assertThat(appender().flush(120_000))
                .as("flushed after the node came back")
                .isTrue();

        List<JsonObject> docs = search(node, "calllog-it-outage", "call-outage");
        Set<Integer> seen = new HashSet<>();
        for (JsonObject d : docs) {
            assertThat(seen.add(d.getJsonObject("data").getInt("n")))
                    .as("no duplicate")
                    .isTrue();
        }
        assertThat(seen).hasSize(total);
        assertThat(count(node, "calllog-it-outage")).isEqualTo(total);
        assertThat(appender().getEngine().metrics().droppedTotal()).isZero();
    }

    private static List<JsonObject> search(OpenSearchNode node, String dataStream, String callId) {
        OpenSearchHttp http = new OpenSearchHttp(node.url());
        assertThat(http.post("/" + dataStream + "/_refresh", "").ok()).isTrue();
        OpenSearchHttp.Response res = http.post(
                "/" + dataStream + "/_search",
                "{\"size\":10000,\"query\":{\"term\":{\"call_id\":\"" + callId + "\"}},"
                        + "\"sort\":[{\"@timestamp\":\"asc\"},{\"seq\":\"asc\"}]}");
        assertThat(res.ok()).as(res.toString()).isTrue();
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue hit : parse(res.body()).getJsonObject("hits").getJsonArray("hits")) {
            out.add(hit.asJsonObject().getJsonObject("_source"));
        }
        return out;
    }

    private static long count(OpenSearchNode node, String dataStream) {
        OpenSearchHttp.Response res = new OpenSearchHttp(node.url()).get("/" + dataStream + "/_count");
        return parse(res.body()).getJsonNumber("count").longValue();
    }

    private static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }
}
