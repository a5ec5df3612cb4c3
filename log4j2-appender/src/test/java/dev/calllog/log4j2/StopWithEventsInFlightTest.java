package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.http.FakeIndex;
import dev.calllog.testsupport.http.FakeOpenSearch;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.message.StringMapMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events still in flight when the application stops (in the buffer, or in a request the node does not answer) are
 * counted as dropped with a reason and reported through the {@code StatusLogger} (printed, with the configuration's
 * {@code status="warn"}), never silently lost: delivered plus dropped is what was logged.
 */
class StopWithEventsInFlightTest {
    private static final int EVENTS = 2_000;
    /** Bulk requests the node answers before it stops answering. */
    private static final int ANSWERED = 3;

    private final FakeOpenSearch node;
    private final FakeIndex index = new FakeIndex();
    private final StatusCapture status = StatusCapture.open();
    private LoggerContext context;

    StopWithEventsInFlightTest() throws Exception {
        node = new FakeOpenSearch().keepRequests(false).handler(index);
    }

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.stop();
        }
        status.close();
        node.close();
        ThreadContext.clearMap();
        System.clearProperty("calllog.url");
    }

    private CallLogAppender start() {
        CallLogManager.engineFactory = CallLogManager.CALL_LOG_ENGINE; // the real engine, whatever ran before
        System.setProperty("calllog.url", node.url());
        context = TestContexts.start("calllog-stop.xml");
        CallLogAppender a = TestContexts.appender(context);
        assertThat(a.isStarted()).isTrue();
        return a;
    }

    private void logAll() {
        Logger log = context.getLogger("voice.agent");
        ThreadContext.put("call_id", "call-stop");
        for (int i = 0; i < EVENTS; i++) {
            log.info(
                    MarkerManager.getMarker("agent_message_sent"),
                    new StringMapMessage().with("n", Integer.toString(i)).with("message", "m" + i));
        }
    }

    /** Delivered plus dropped is what was logged, what was dropped at stop says so, and the status channel shows it. */
    private void assertEveryEventAccountedFor(ShippingMetrics.Snapshot m) {
        assertThat(m.offered()).as(m.toString()).isEqualTo(EVENTS);
        assertThat(m.delivered())
                .as(m.toString())
                .isPositive()
                .isEqualTo(index.indexed().size());
        assertThat(m.delivered() + m.droppedTotal()).as(m.toString()).isEqualTo(EVENTS);
        assertThat(m.dropped(DropReason.SHUTDOWN)).as(m.toString()).isPositive();
        assertThat(m.pending()).as(m.toString()).isZero();
        String totals =
                "in all " + EVENTS + " offered, " + m.delivered() + " delivered, " + m.droppedTotal() + " dropped";
        assertThat(status.messages(Level.WARN))
                .anyMatch(w -> w.startsWith("CallLog appender 'CALLLOG': Call-log events lost")
                        && w.contains("shutdown")
                        && w.contains(totals));
    }

    @Test
    void eventsInARequestTheNodeHoldsAndInTheBufferAreCountedAtStop() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        index.script(FakeIndex.answerThen(ANSWERED, held, new FakeIndex.Unanswered()));
        CallLogAppender a = start();

        logAll();
        assertThat(held.await(60, TimeUnit.SECONDS))
                .as("a request held by the node")
                .isTrue();
        context.stop();

        assertEveryEventAccountedFor(a.getMetrics());
    }

    @Test
    void eventsTheNodeKeepsRefusingAreCountedAtStop() throws Exception {
        CountDownLatch refused = new CountDownLatch(1);
        index.script(FakeIndex.answerThen(
                ANSWERED,
                refused,
                new FakeIndex.Whole(503, "{\"error\":{\"type\":\"unavailable\",\"reason\":\"busy\"},\"status\":503}")));
        CallLogAppender a = start();

        logAll();
        assertThat(refused.await(60, TimeUnit.SECONDS)).as("a request refused").isTrue();
        context.stop();

        assertEveryEventAccountedFor(a.getMetrics());
    }
}
