package dev.calllog.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.calllog.testsupport.OpenSearchExtension;
import dev.calllog.testsupport.OpenSearchNode;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A corpus of bad input, logged through both adapters into a real node: each case has a defined outcome (the document
 * as indexed, or nothing shipped and a counter) and, when something was changed or refused, a status message saying
 * so; none throws into the application.
 */
@ExtendWith(OpenSearchExtension.class)
class BadInputIT {
    private static final String STREAM = "calllog-fault-bad-input";
    private static final String MARK = "…[truncated]";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        MDC.clear();
        ThreadContext.clearAll();
    }

    /** What both adapters offer the corpus. */
    interface Adapter {
        String name();

        /** Logs an INFO event with marker {@code marker} (none when null), data, an optional throwable. */
        void log(String marker, String callId, String message, Map<String, Object> data, Throwable t);

        void context(String key, String value);

        boolean flush();

        /** The status messages so far. */
        List<String> status();
    }

    // ---- the corpus, the same for both adapters ----

    private void runCorpus(OpenSearchNode node, Adapter a) throws Exception {
        String p = "bad-" + a.name() + "-";
        List<String> figures = new ArrayList<>();

        // 1 MB and 50 MB messages: cut at maxMessageChars, marked, reported.
        for (int mb : new int[] {1, 50}) {
            a.log("agent_message_sent", p + "msg" + mb, "m".repeat(mb * 1024 * 1024), Map.of(), null);
        }
        // Invalid UTF-16 (lone surrogates) in the message and in data: written as U+FFFD, as UTF-8 encoders do.
        a.log("agent_message_sent", p + "surrogate", "a\uD800b", Map.of("s", "x\uDC00y"), null);
        // Control characters: escaped in JSON, read back unchanged.
        String controls = "tab\tnl\ncr\rnul\u0000bell\u0007esc\u001b";
        a.log("agent_message_sent", p + "controls", controls, Map.of("c", controls), null);
        // Deep nesting and a cycle: cut at 16 levels, "[cycle]", reported.
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> cur = deep;
        for (int i = 0; i < 100; i++) {
            Map<String, Object> next = new HashMap<>();
            cur.put("d", next);
            cur = next;
        }
        List<Object> cyclic = new ArrayList<>();
        cyclic.add("first");
        cyclic.add(cyclic);
        a.log("agent_message_sent", p + "nested", "nested", mapOf("deep", deep, "cyclic", cyclic), null);
        // An object whose toString throws: a placeholder, reported.
        Object bomb = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("boom");
            }
        };
        a.log("agent_message_sent", p + "tostring", "tostring", Map.of("v", bomb), null);
        // A huge number of keys: the first 1,000 kept, reported.
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 100_000; i++) {
            many.put("k" + i, i);
        }
        a.log("agent_message_sent", p + "keys", "keys", many, null);
        // A null context value: the field is left out. A missing call id: not shipped, counted, reported.
        a.context("agent_id", null);
        a.log("agent_message_sent", p + "nullmdc", "null agent", Map.of(), null);
        a.log("agent_message_sent", null, "no call id", Map.of(), null);
        // No marker, a null marker, an unknown marker: not call-log events, ignored at once (the appender sits on the
        // root logger next to the application's other appenders, so these are the common case, not an error).
        a.log(null, p + "nomarker", "no marker", Map.of(), null);
        a.log("not_a_catalogue_event", p + "unknown", "unknown marker", Map.of(), null);
        // A throwable whose message is huge: cut to the document bound.
        a.log(
                "agent_message_sent",
                p + "bigerror",
                "big error",
                Map.of(),
                new IllegalStateException("e".repeat(3_000_000)));

        assertThat(a.flush()).isTrue();
        var http = node.http();

        JsonObject msg1 = one(node, p + "msg1");
        assertThat(msg1.getString("message")).isEqualTo("m".repeat(16_384) + MARK);
        JsonObject msg50 = one(node, p + "msg50");
        assertThat(msg50.getString("message")).isEqualTo("m".repeat(16_384) + MARK);
        assertThat(a.status())
                .anyMatch(s -> s.contains("(1048576 characters) was longer than maxMessageChars (16384) and was cut"));
        figures.add("message_1mb=cut:16384");

        JsonObject sur = one(node, p + "surrogate");
        assertThat(sur.getString("message")).isEqualTo("a\uFFFDb");
        assertThat(sur.getJsonObject("data").getString("s")).isEqualTo("x\uFFFDy");

        JsonObject ctl = one(node, p + "controls");
        assertThat(ctl.getString("message")).isEqualTo(controls);
        assertThat(ctl.getJsonObject("data").getString("c")).isEqualTo(controls);

        JsonObject nested = one(node, p + "nested");
        String nestedData = nested.getJsonObject("data").toString();
        assertThat(nestedData).contains("\"[depth limit]\"").contains("[\"first\",\"[cycle]\"]");
        assertThat(a.status()).anyMatch(s -> s.contains("was cut at a size, depth or cycle limit"));

        JsonObject ts = one(node, p + "tostring");
        assertThat(ts.getJsonObject("data").getString("v")).isEqualTo("[toString failed: IllegalStateException]");
        assertThat(a.status())
                .anyMatch(s -> s.contains(
                        "could not be turned into text: toString() threw" + " java.lang.IllegalStateException"));

        JsonObject keys = one(node, p + "keys");
        assertThat(keys.getJsonObject("data").size()).isEqualTo(1_000);

        JsonObject nullMdc = one(node, p + "nullmdc");
        assertThat(nullMdc.containsKey("agent_id")).isFalse();
        assertThat(a.status())
                .anyMatch(s -> s.contains("call-log event 'agent_message_sent' has no call id in MDC key"
                        + " 'call_id'; it was not shipped"));

        assertThat(Docs.sources(http, STREAM, p + "nomarker")).isEmpty();
        assertThat(Docs.sources(http, STREAM, p + "unknown")).isEmpty();

        JsonObject bigError = one(node, p + "bigerror");
        String errorMessage =
                bigError.getJsonObject("data").getJsonObject("error").getString("message");
        assertThat(errorMessage).isEqualTo("e".repeat(10_000 - MARK.length()) + MARK);

        new Figures("bad-input-" + a.name())
                .put("cases", 14)
                .put("documents", Docs.count(http, STREAM) > 0 ? "checked" : "none")
                .put("exceptions_into_application", 0)
                .report();
    }

    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static JsonObject one(OpenSearchNode node, String callId) {
        List<JsonObject> docs = Docs.sources(node.http(), STREAM, callId);
        assertThat(docs).as(callId).hasSize(1);
        return docs.get(0);
    }

    // ---- Logback ----

    @Test
    void logbackTakesTheCorpusWithoutThrowing(OpenSearchNode node) throws Exception {
        LogbackHarness h = LogbackHarness.start(a -> {
            a.addUrl(node.url());
            a.setDataStream(STREAM);
            a.setDeadLetterFile(tmp.resolve("dead.ndjson").toString());
        });
        open.add(h);
        Adapter logback = new Adapter() {
            @Override
            public String name() {
                return "logback";
            }

            @Override
            public void log(String marker, String callId, String message, Map<String, Object> data, Throwable t) {
                if (callId == null) {
                    MDC.remove("call_id");
                } else {
                    MDC.put("call_id", callId);
                }
                LoggingEventBuilder b = h.log.atInfo();
                if (marker != null) {
                    b = b.addMarker(MarkerFactory.getMarker(marker));
                }
                for (Map.Entry<String, Object> e : data.entrySet()) {
                    b = b.addKeyValue(e.getKey(), e.getValue());
                }
                if (t != null) {
                    b = b.setCause(t);
                }
                LoggingEventBuilder fb = b;
                assertThatCode(() -> fb.log(message)).doesNotThrowAnyException();
            }

            @Override
            public void context(String key, String value) {
                MDC.put(key, value);
            }

            @Override
            public boolean flush() {
                return h.appender.flush(60_000);
            }

            @Override
            public List<String> status() {
                return h.status();
            }
        };
        // A null marker through the classic API too.
        MDC.put("call_id", "bad-logback-nullmarker");
        assertThatCode(() -> h.log.info((org.slf4j.Marker) null, "null marker")).doesNotThrowAnyException();
        runCorpus(node, logback);
        assertThat(Docs.sources(node.http(), STREAM, "bad-logback-nullmarker")).isEmpty();
    }

    @Test
    void logbackMisconfiguredAppendersSayWhatToFixAndNeverThrow() {
        for (String[] bad : new String[][] {
            {"htp:/nowhere", "calllog-x", "<url> 'htp:/nowhere' is not an http:// or https:// URL with a host"},
            {"http://127.0.0.1:9", "", "<dataStream> is empty: name the data stream, e.g. calllog-events"}
        }) {
            LogbackHarness h = LogbackHarness.start(a -> {
                a.addUrl(bad[0]);
                a.setDataStream(bad[1]);
            });
            open.add(h);
            assertThat(h.appender.isStarted()).isFalse();
            assertThat(h.status()).contains("ERROR Call-log appender setting " + bad[2]);
            MDC.put("call_id", "misconfigured");
            assertThatCode(() -> h.log.info(MarkerFactory.getMarker("call_completed"), "x"))
                    .doesNotThrowAnyException();
        }
    }

    // ---- Log4j 2 ----

    private LoggerContext log4j(String url, String dataStream) throws Exception {
        Path config = tmp.resolve("log4j2-" + System.nanoTime() + ".xml");
        Files.writeString(config, """
                <Configuration status="warn">
                  <Appenders>
                    <CallLog name="CALLLOG" url="%s" dataStream="%s" deadLetterFile="%s"/>
                  </Appenders>
                  <Loggers>
                    <Root level="info"><AppenderRef ref="CALLLOG"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(url, dataStream, tmp.resolve("dead4j.ndjson")));
        LoggerContext ctx = new LoggerContext("bad-input-" + System.nanoTime(), null, config.toUri());
        ctx.start();
        open.add(ctx::stop);
        return ctx;
    }

    private static final class Capture implements StatusListener {
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void log(StatusData d) {
            messages.add(d.getLevel() + " " + d.getMessage().getFormattedMessage());
        }

        @Override
        public Level getStatusLevel() {
            return Level.WARN;
        }

        void detach() {
            StatusLogger.getLogger().removeListener(this);
        }

        @Override
        public void close() {
            // Called by StatusLogger.removeListener: nothing to release.
        }
    }

    @Test
    void log4jTakesTheCorpusWithoutThrowing(OpenSearchNode node) throws Exception {
        Capture capture = new Capture();
        StatusLogger.getLogger().registerListener(capture);
        open.add(capture::detach);
        LoggerContext ctx = log4j(node.url(), STREAM);
        var logger = ctx.getLogger("voice.agent");
        dev.calllog.log4j2.CallLogAppender appender = ctx.getConfiguration().getAppender("CALLLOG");
        Adapter log4j = new Adapter() {
            @Override
            public String name() {
                return "log4j";
            }

            @Override
            public void log(String marker, String callId, String message, Map<String, Object> data, Throwable t) {
                if (callId == null) {
                    ThreadContext.remove("call_id");
                } else {
                    ThreadContext.put("call_id", callId);
                }
                MapMessage<?, Object> m = new MapMessage<>();
                m.with("message", message);
                for (Map.Entry<String, Object> e : data.entrySet()) {
                    m.with(e.getKey(), e.getValue());
                }
                assertThatCode(() -> logger.atInfo()
                                .withMarker(marker == null ? null : MarkerManager.getMarker(marker))
                                .withThrowable(t)
                                .log(m))
                        .doesNotThrowAnyException();
            }

            @Override
            public void context(String key, String value) {
                ThreadContext.put(key, value);
            }

            @Override
            public boolean flush() {
                return appender.flush(60_000);
            }

            @Override
            public List<String> status() {
                return capture.messages;
            }
        };
        runCorpus(node, log4j);
        assertThat(LogManager.getContext(false)).isNotNull();
    }

    @Test
    void log4jMisconfiguredAppendersSayWhatToFixAndNeverThrow() throws Exception {
        Capture capture = new Capture();
        StatusLogger.getLogger().registerListener(capture);
        open.add(capture::detach);
        for (String[] bad : new String[][] {
            {"htp:/nowhere", "calllog-x", "<url> 'htp:/nowhere' is not an http:// or https:// URL with a host"},
            {"http://127.0.0.1:9", "", "<dataStream> is empty: name the data stream, e.g. calllog-events"}
        }) {
            LoggerContext ctx = log4j(bad[0], bad[1]);
            ThreadContext.put("call_id", "misconfigured");
            assertThatCode(() -> ctx.getLogger("x").info(MarkerManager.getMarker("call_completed"), "x"))
                    .doesNotThrowAnyException();
            assertThat(capture.messages).anyMatch(s -> s.startsWith("ERROR") && s.contains(bad[2]));
        }
    }
}
