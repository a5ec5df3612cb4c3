package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.catalog.EventCatalog;
import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.catalog.Level;
import dev.calllog.testsupport.OpenSearchExtension;
import dev.calllog.testsupport.OpenSearchNode;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.message.StringMapMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Log4j 2 appender, configured from a real log4j2.xml, against a real OpenSearch node. */
@ExtendWith(OpenSearchExtension.class)
class Log4jAppenderIT {
    private LoggerContext context;

    @AfterEach
    void tearDown() {
        ThreadContext.clearMap();
        if (context != null) {
            context.stop();
        }
    }

    private Logger configure(OpenSearchNode node, String dataStream) {
        System.setProperty("calllog.url", node.url());
        System.setProperty("calllog.dataStream", dataStream);
        context = TestContexts.start("calllog-it.xml");
        assertThat(appender().isStarted()).as("appender started").isTrue();
        return context.getLogger("voice.agent");
    }

    private CallLogAppender appender() {
        return TestContexts.appender(context);
    }

    @Test
    void everyCatalogueEventArrivesWithCategoryLevelIdsAndData(OpenSearchNode node) {
        Logger log = configure(node, "calllog-l4j-catalogue");
        ThreadContext.put("call_id", "call-all");
        ThreadContext.put("agent_id", "agent-7");
        ThreadContext.put("account_id", "acme");
        ThreadContext.put("trace_id", "trace-1");
        ThreadContext.put("turn_id", "turn-1");
        ThreadContext.put("unrelated", "must not be copied");
        List<EventDefinition> events = new ArrayList<>(EventCatalog.builtIn().events());
        for (int i = 0; i < events.size(); i++) {
            log.info(
                    MarkerManager.getMarker(events.get(i).code()),
                    new StringMapMessage()
                            .with("i", Integer.toString(i))
                            .with("tool", "crm")
                            .with("message", "event " + i));
        }
        assertThat(appender().flush(30_000)).isTrue();

        List<JsonObject> docs = NodeQueries.search(node, "calllog-l4j-catalogue", "call-all");
        assertThat(docs).hasSize(36);
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
            assertThat(d.getJsonObject("data").toString()).isEqualTo("{\"i\":\"" + i + "\",\"tool\":\"crm\"}");
            // "tool" is a default label key.
            assertThat(d.getJsonObject("labels").toString()).isEqualTo("{\"tool\":\"crm\"}");
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
                            "labels");
        }
    }

    @Test
    void timelineOrderMatchesLoggingOrderAndFatalWithAnErrorIsCritical(OpenSearchNode node) {
        Logger log = configure(node, "calllog-l4j-order");
        ThreadContext.put("call_id", "call-order");
        for (int i = 0; i < 200; i++) {
            log.info(MarkerManager.getMarker("user_message_received"), "turn {}", i);
        }
        log.fatal(
                MarkerManager.getMarker("integration_tool_failed"),
                "integration failed",
                new IllegalStateException("connection to 10.1.2.3 lost"));
        ThreadContext.remove("call_id");
        log.info(MarkerManager.getMarker("call_completed"), "no call id: not shipped");
        log.info("not a call-log event");
        assertThat(appender().flush(30_000)).isTrue();

        List<JsonObject> docs = NodeQueries.search(node, "calllog-l4j-order", "call-order");
        assertThat(docs).hasSize(201);
        long lastSeq = -1;
        for (int i = 0; i < 200; i++) {
            assertThat(docs.get(i).getString("message")).isEqualTo("turn " + i);
            long seq = docs.get(i).getJsonNumber("seq").longValue();
            assertThat(seq).isGreaterThan(lastSeq);
            lastSeq = seq;
        }
        JsonObject failed = docs.get(200);
        assertThat(failed.getString("event")).isEqualTo("integration_tool_failed");
        assertThat(failed.getString("level")).isEqualTo("CRITICAL");
        assertThat(failed.getInt("severity")).isEqualTo(21);
        assertThat(failed.getJsonObject("data").toString())
                .isEqualTo("{\"error\":{\"type\":\"IllegalStateException\",\"message\":\"connection to [ip] lost\"}}");
        assertThat(NodeQueries.count(node, "calllog-l4j-order")).isEqualTo(201);
    }

    @Test
    void nodeStoppedWhileLoggingThenStartedAgainEveryEventArrivesOnce(OpenSearchNode node) {
        Logger log = configure(node, "calllog-l4j-outage");
        ThreadContext.put("call_id", "call-outage");
        int total = 600;
        for (int i = 0; i < total; i++) {
            if (i == 200) {
                assertThat(appender().flush(30_000)).isTrue();
                node.stop();
            }
            if (i == 400) {
                node.restart();
            }
            log.info(
                    MarkerManager.getMarker("agent_message_sent"),
                    new StringMapMessage().with("n", Integer.toString(i)).with("message", "message " + i));
        }
        assertThat(appender().flush(120_000))
                .as("flushed after the node came back")
                .isTrue();

        List<JsonObject> docs = NodeQueries.search(node, "calllog-l4j-outage", "call-outage");
        Set<String> seen = new HashSet<>();
        for (JsonObject d : docs) {
            assertThat(seen.add(d.getJsonObject("data").getString("n")))
                    .as("no duplicate")
                    .isTrue();
        }
        assertThat(seen).hasSize(total);
        assertThat(NodeQueries.count(node, "calllog-l4j-outage")).isEqualTo(total);
        assertThat(appender().getMetrics().droppedTotal()).isZero();
        assertThat(appender().getMetrics().delivered() + appender().getMetrics().duplicates())
                .isEqualTo(total);
    }
}
