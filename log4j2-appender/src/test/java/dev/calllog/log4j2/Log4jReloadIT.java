package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchExtension;
import dev.calllog.testsupport.OpenSearchNode;
import jakarta.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.message.StringMapMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Configuration reloads while events flow: with the same settings (the engine is kept) and with changed settings (a
 * new engine starts, the old one delivers what it buffered and stops). Every event logged arrives exactly once.
 */
@ExtendWith(OpenSearchExtension.class)
class Log4jReloadIT {
    private LoggerContext context;

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void reloadsWhileEventsFlowLoseAndDuplicateNothing(OpenSearchNode node) throws Exception {
        System.setProperty("calllog.url", node.url());
        System.setProperty("calllog.dataStream", "calllog-l4j-reload");
        context = TestContexts.start("calllog-reload-it-a.xml");
        assertThat(TestContexts.appender(context).isStarted()).isTrue();
        Logger log = context.getLogger("voice.agent");

        AtomicInteger logged = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread producer = new Thread(
                () -> {
                    ThreadContext.put("call_id", "call-reload");
                    try {
                        for (int i = 0; !stop.get(); i++) {
                            log.info(
                                    MarkerManager.getMarker("agent_message_sent"),
                                    new StringMapMessage()
                                            .with("n", Integer.toString(i))
                                            .with("message", "message " + i));
                            logged.incrementAndGet();
                            if (i == 100) {
                                started.countDown();
                            }
                            if (i % 2 == 0) {
                                Thread.sleep(1); // a steady flow spread over the reloads, not one burst
                            }
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    } finally {
                        ThreadContext.clearMap();
                        started.countDown();
                    }
                },
                "reload-producer");
        producer.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        CallLogManager first = TestContexts.appender(context).manager();
        long t0 = System.nanoTime();
        context.reconfigure(); // same settings: the engine is kept
        assertThat(TestContexts.appender(context).manager()).isSameAs(first);
        int atSecondReload = logged.get();
        context.setConfigLocation(TestContexts.uri("calllog-reload-it-b.xml")); // changed: a new engine
        CallLogManager second = TestContexts.appender(context).manager();
        assertThat(second).isNotSameAs(first);
        context.setConfigLocation(TestContexts.uri("calllog-reload-it-a.xml")); // and back: a third engine
        int atLastReload = logged.get();
        long reloadMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(TestContexts.appender(context).manager()).isNotSameAs(second);
        while (logged.get() < atLastReload + 500 && producer.isAlive()) {
            Thread.sleep(10); // events keep flowing into the last engine too
        }
        stop.set(true);
        producer.join(60_000);
        assertThat(producer.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        int events = logged.get();
        // The reloads really happened while events flowed, not before or after all of them.
        assertThat(atSecondReload).isGreaterThan(100);
        assertThat(events).isGreaterThanOrEqualTo(atLastReload + 500);
        assertThat(TestContexts.appender(context).flush(60_000)).isTrue();

        List<JsonObject> docs = NodeQueries.all(node, "calllog-l4j-reload");
        Set<String> seen = new HashSet<>();
        for (JsonObject d : docs) {
            assertThat(seen.add(d.getJsonObject("data").getString("n")))
                    .as("no duplicate")
                    .isTrue();
        }
        assertThat(seen).hasSize(events);
        assertThat(NodeQueries.count(node, "calllog-l4j-reload")).isEqualTo(events);
        System.out.printf(
                "reload IT: %d events logged across 3 reloads in %d ms (%d at the 2nd, %d at the 3rd), %d indexed%n",
                events, reloadMillis, atSecondReload, atLastReload, seen.size());
    }
}
