package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.calllog.core.internal.mapping.TestSourceEvent;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallLogAppenderTest {
    private FakeEngines engines;
    private LoggerContext ctx;

    @BeforeEach
    void installEngines() {
        engines = FakeEngines.install();
    }

    @AfterEach
    void stopContext() {
        if (ctx != null) {
            ctx.stop();
        }
        ThreadContext.clearMap();
    }

    @Test
    void invalidSettingsAreReportedAndTheAppenderStaysStoppedWithoutBreakingTheConfiguration() {
        List<String> errors;
        try (StatusCapture status = StatusCapture.open()) {
            ctx = TestContexts.start("calllog-invalid.xml");
            errors = status.messages(Level.ERROR);
        }

        assertThat(errors)
                .anySatisfy(m -> assertThat(m)
                        .startsWith("CallLog appender 'CALLLOG': <url> 'ftp://localhost' is not an http://"))
                .anySatisfy(m -> assertThat(m).contains("<dataStream> 'Not A Stream' is not a valid data stream"))
                .anySatisfy(m -> assertThat(m).contains("<maxRetries> must be 0 or more, not -1"))
                .anySatisfy(m -> assertThat(m)
                        .isEqualTo("CallLog appender 'CALLLOG': not started: fix the settings"
                                + " reported above. The call-log events sent to it are dropped and counted."));
        assertThat(ctx.isStarted()).isTrue();
        CallLogAppender appender = TestContexts.appender(ctx);
        assertThat(appender.isStarted()).isFalse();
        // The engine that refused to start was released at once: nothing runs, nothing leaks.
        FakeEngines.FakeEngine engine = engines.only();
        assertThat(engine.stops).hasValue(1);
        assertThat(appender.manager()).isNull();

        Logger logger = ctx.getLogger("agent");
        logger.info(MarkerManager.getMarker("call_completed"), "dropped");
        logger.info(MarkerManager.getMarker("call_completed"), "dropped too");
        logger.info("not a call-log event, not counted");

        assertThat(engine.events).isEmpty();
        assertThat(appender.droppedEvents()).isEqualTo(2);
    }

    @Test
    void eventsWithoutMarkerAreIgnoredWithoutAllocating() {
        ctx = TestContexts.start("calllog-reload-a.xml");
        CallLogAppender appender = TestContexts.appender(ctx);
        LogEvent plain = Log4jLogEvent.newBuilder()
                .setLevel(Level.INFO)
                .setMessage(new SimpleMessage("plain"))
                .build();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            appender.append(plain); // warm up, so that the measure sees compiled code
        }

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            appender.append(plain);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        // Less than a byte per event: the smallest object is 16 bytes, so this is the JVM's own noise (a few kB
        // from compilation at most), not the appender.
        assertThat(allocated).isLessThan(100_000);
        assertThat(engines.only().events).isEmpty();
    }

    @Test
    void aFailingEngineNeverThrowsIntoTheApplication() {
        ctx = TestContexts.start("calllog-reload-a.xml");
        engines.failAppend = new IllegalStateException("engine broke");
        List<String> errors;
        try (StatusCapture status = StatusCapture.open()) {
            Logger logger = ctx.getLogger("agent");
            for (int i = 0; i < 5; i++) {
                logger.info(MarkerManager.getMarker("call_completed"), "event {}", i);
            }
            errors = status.messages(Level.ERROR);
        }
        // Reported once for the burst: throttled.
        assertThat(errors)
                .containsExactly("CallLog appender 'CALLLOG': could not take an event: java.lang.IllegalStateException:"
                        + " engine broke");
    }

    @Test
    void stopIsBoundedAndStopsTheEngineOnce() {
        ctx = TestContexts.start("calllog-reload-a.xml");
        CallLogAppender appender = TestContexts.appender(ctx);

        assertThat(appender.flush(100)).isTrue();
        assertThat(appender.stop(1, TimeUnit.SECONDS)).isTrue();
        assertThat(appender.stop(1, TimeUnit.SECONDS)).isTrue();

        assertThat(engines.journal).containsExactly("start#1", "flush#1", "stop#1");
        assertThat(AbstractManager.hasManager(appender.manager().getName())).isFalse();
    }

    @Test
    void asyncLoggersAndAsyncAppenderDeliverEveryEventIntact() {
        ctx = TestContexts.start("calllog-async.xml");
        List<String> expected = new ArrayList<>();
        for (String loggerName : List.of("agent.async", "agent.asyncappender")) {
            Logger logger = ctx.getLogger(loggerName);
            for (int i = 0; i < 200; i++) {
                ThreadContext.put("call_id", loggerName + "-" + i);
                logger.info(MarkerManager.getMarker("user_message_received"), "message {} of {}", i, loggerName);
                expected.add(loggerName + "-" + i + "|message " + i + " of " + loggerName);
            }
        }
        ctx.stop(); // drains the ring buffer and the async appender's queue
        ctx = null;

        List<TestSourceEvent> events = engines.only().events;
        assertThat(events)
                .extracting(e -> e.context().get("call_id") + "|" + e.message())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void allAsyncLoggersDeliverEveryEventIntact() {
        ctx = TestContexts.startAsync("calllog-reload-a.xml");
        Logger logger = ctx.getLogger("agent");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ThreadContext.put("call_id", "call-" + i);
            logger.info(MarkerManager.getMarker("agent_message_sent"), "reply {}", i);
            expected.add("call-" + i + "|reply " + i);
        }
        ctx.stop();
        ctx = null;

        assertThat(engines.only().events)
                .extracting(e -> e.context().get("call_id") + "|" + e.message())
                .containsExactlyElementsOf(expected);
    }
}
