package dev.calllog.core;

import static dev.calllog.testsupport.http.FakeOpenSearch.bulk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.SourceLevel;
import dev.calllog.core.internal.mapping.TestSourceEvent;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.http.FakeOpenSearch;
import dev.calllog.testsupport.http.FakeOpenSearch.ItemAnswer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's counters on JMX and through listeners, and the loss summary on the status channel. */
class CallLogEngineMetricsTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final List<String> status = new CopyOnWriteArrayList<>();
    private FakeOpenSearch node;

    private final StatusSink sink = new StatusSink() {
        @Override
        public void info(String message) {
            status.add("INFO " + message);
        }

        @Override
        public void warn(String message, Throwable cause) {
            status.add("WARN " + message);
        }

        @Override
        public void error(String message, Throwable cause) {
            status.add("ERROR " + message);
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        node = new FakeOpenSearch();
        node.handler(bulk((id, attempt) -> ItemAnswer.created()));
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    private CallLogConfig config() {
        CallLogConfig c = new CallLogConfig();
        c.addUrl(node.url());
        c.setInstallTemplates(false);
        c.setDeadLetterFile(null);
        c.setLingerMillis(5);
        return c;
    }

    private static TestSourceEvent event(int i) {
        return TestSourceEvent.builder()
                .level(SourceLevel.INFO)
                .marker("agent_message_sent")
                .mdc("call_id", "call-" + i)
                .message("m" + i)
                .build();
    }

    @Test
    void countersAreOnJmxUnderTheAppenderNameWhileTheEngineRuns() throws Exception {
        CallLogEngine engine = new CallLogEngine(config(), sink, "CALLLOG-jmx");
        assertThat(engine.start()).isTrue();
        ObjectName name = new ObjectName("dev.calllog:type=CallLogAppender,name=CALLLOG-jmx");
        try {
            assertThat(engine.jmxName()).isEqualTo(name);
            for (int i = 0; i < 7; i++) {
                engine.append(event(i));
            }
            assertThat(engine.flush(5_000)).isTrue();

            assertThat(server.getAttribute(name, "Offered")).isEqualTo(7L);
            assertThat(server.getAttribute(name, "Delivered")).isEqualTo(7L);
            assertThat(server.getAttribute(name, "Dropped")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "Pending")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "BulkRequests")).isNotEqualTo(0L);
            assertThat((Long) server.getAttribute(name, "MaxBatchLatencyMillis"))
                    .isNotNegative();
            TabularData byReason = (TabularData) server.getAttribute(name, "DroppedByReason");
            assertThat(byReason.values()).hasSize(11);
            for (Object row : byReason.values()) {
                assertThat(((CompositeData) row).get("value")).isEqualTo(0L);
            }
        } finally {
            engine.stop();
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void aSecondAppenderOfTheSameNameGetsASuffixAndReservedCharactersAreQuoted() throws Exception {
        CallLogEngine a = new CallLogEngine(config(), sink, "same");
        CallLogEngine b = new CallLogEngine(config(), sink, "same");
        CallLogEngine c = new CallLogEngine(config(), sink, "odd,name=x");
        try {
            assertThat(a.start() && b.start() && c.start()).isTrue();
            assertThat(a.jmxName().getKeyProperty("name")).isEqualTo("same");
            assertThat(b.jmxName().getKeyProperty("name")).isEqualTo("same-2");
            assertThat(ObjectName.unquote(c.jmxName().getKeyProperty("name"))).isEqualTo("odd,name=x");
            assertThat(server.isRegistered(b.jmxName())).isTrue();
        } finally {
            a.stop();
            b.stop();
            c.stop();
        }
        assertThat(server.queryNames(new ObjectName("dev.calllog:type=CallLogAppender,*"), null))
                .isEmpty();
    }

    @Test
    void listenersSeeTheCountersFromTheShippingThreadAndALastTimeAtStop() throws Exception {
        CallLogEngine engine = new CallLogEngine(config(), sink);
        List<ShippingMetrics.Snapshot> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        engine.addMetricsListener(s -> {
            seen.add(s);
            threads.add(Thread.currentThread().getName());
        });
        assertThat(engine.start()).isTrue();
        assertThat(engine.jmxName()).isNull();
        for (int i = 0; i < 5; i++) {
            engine.append(event(i));
        }
        assertThat(engine.flush(5_000)).isTrue();
        engine.stop();

        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1).delivered()).isEqualTo(5);
        assertThat(threads).allMatch(t -> t.startsWith("calllog-shipper-"));
    }

    @Test
    void lossesAreSummedUpOnTheStatusChannel() throws Exception {
        node.handler(bulk((id, attempt) -> new ItemAnswer(400, "mapper_parsing_exception", "bad field")));
        CallLogConfig c = config();
        CallLogEngine engine = new CallLogEngine(c, sink);
        assertThat(engine.start()).isTrue();
        for (int i = 0; i < 3; i++) {
            engine.append(event(i));
        }
        assertThat(engine.flush(5_000)).isTrue();
        engine.stop();
        engine.append(event(9)); // after stop: nothing happens, nothing thrown

        assertThat(status)
                .filteredOn(m -> m.startsWith("WARN Call-log events lost"))
                .containsExactly("WARN Call-log events lost so far: 0 dropped, 3 dead-lettered; in all 3 offered,"
                        + " 0 delivered, 0 dropped, 3 dead-lettered");
        assertThat(engine.metrics().deadLettered()).isEqualTo(3);
    }

    @Test
    void aDocumentStillOverTheBoundWhenWrittenIsShippedWithoutItsData() throws Exception {
        CallLogConfig c = config();
        c.setMaxDocumentBytes(16 * 1024);
        CallLogEngine engine = new CallLogEngine(c, sink);
        assertThat(engine.start()).isTrue();
        // 12,000 characters fit the character budget, but take 24,000 bytes in UTF-8.
        engine.append(TestSourceEvent.builder()
                .level(SourceLevel.INFO)
                .marker("user_message_received")
                .mdc("call_id", "call-big")
                .message("long transcript")
                .kv("transcript", "\u00e9".repeat(12_000))
                .build());
        assertThat(engine.flush(5_000)).isTrue();
        engine.stop();

        String body = node.bulkRequests().get(0).bodyText();
        String doc = body.split("\n")[1];
        assertThat(doc).contains("\"message\":\"long transcript\"").endsWith(",\"data\":{\"[truncated]\":true}}");
        assertThat(engine.oversizedDocuments()).isEqualTo(1);
        assertThat(engine.metrics().delivered()).isEqualTo(1);
        assertThat(status)
                .anyMatch(m -> m.startsWith("WARN A call-log document of event 'user_message_received' took")
                        && m.endsWith("more than maxDocumentBytes (16384): it was shipped without its data"));
    }
}
