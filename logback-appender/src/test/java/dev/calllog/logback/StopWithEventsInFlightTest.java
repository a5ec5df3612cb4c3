package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.http.FakeIndex;
import dev.calllog.testsupport.http.FakeOpenSearch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * Events still in flight when the application stops (in the buffer, or in a request the node does not answer) are
 * counted as dropped with a reason and reported on the console, never silently lost: delivered plus dropped is what
 * was logged.
 */
class StopWithEventsInFlightTest {
    private static final int EVENTS = 2_000;
    private static final int BATCH = 100;
    /** Bulk requests the node answers before it stops answering. */
    private static final int ANSWERED = 3;

    private final FakeOpenSearch node;
    private final FakeIndex index = new FakeIndex();
    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    StopWithEventsInFlightTest() throws Exception {
        node = new FakeOpenSearch().keepRequests(false).handler(index);
    }

    @AfterEach
    void tearDown() {
        context.stop();
        node.close();
        MDC.clear();
    }

    private CallLogAppender start() {
        context.setMDCAdapter(MDC.getMDCAdapter());
        CallLogAppender a = new CallLogAppender();
        a.setContext(context);
        a.setName("CALLLOG");
        a.addUrl(node.url());
        a.setDataStream("calllog-stop");
        a.setInstallTemplates(false);
        a.setBatchMaxEvents(BATCH);
        a.setLingerMillis(10);
        a.setInitialBackoffMillis(10);
        a.setMaxBackoffMillis(100);
        // Longer than any wait of this test: a request the node holds is still in flight when the stop deadline
        // passes, and retries go on until then.
        a.setRequestTimeoutMillis(600_000);
        a.setRetryTimeoutMillis(600_000);
        a.setMaxRetries(1_000_000);
        a.setShutdownTimeoutMillis(1_000);
        a.start();
        assertThat(a.isStarted()).isTrue();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(a);
        return a;
    }

    private void logAll() {
        Logger log = context.getLogger("voice.agent");
        MDC.put("call_id", "call-stop");
        for (int i = 0; i < EVENTS; i++) {
            log.atInfo()
                    .addMarker(MarkerFactory.getMarker("agent_message_sent"))
                    .addKeyValue("n", i)
                    .log("m{}", i);
        }
    }

    /** Stops the context as an application does at exit, with standard error captured. */
    private void stopApplication() {
        PrintStream err = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            context.stop();
        } finally {
            System.setErr(err);
        }
    }

    private List<String> warnings() {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.WARN)
                .map(Status::getMessage)
                .toList();
    }

    /** Delivered plus dropped is what was logged, what was dropped at stop says so, and the console shows it. */
    private void assertEveryEventAccountedFor(CallLogAppender a, ShippingMetrics.Snapshot m) {
        assertThat(m.offered()).as(m.toString()).isEqualTo(EVENTS);
        assertThat(m.delivered()).as(m.toString()).isEqualTo(index.indexed().size());
        assertThat(m.delivered() + m.droppedTotal()).as(m.toString()).isEqualTo(EVENTS);
        assertThat(m.dropped(DropReason.SHUTDOWN)).as(m.toString()).isPositive();
        assertThat(m.pending()).as(m.toString()).isZero();
        // The loss summary's last line has the totals; the console has it too.
        String totals =
                "in all " + EVENTS + " offered, " + m.delivered() + " delivered, " + m.droppedTotal() + " dropped";
        String last = warnings().stream()
                .filter(w -> w.startsWith("Call-log events lost"))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no loss summary in " + warnings()));
        assertThat(last).contains("shutdown").contains(totals);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("[calllog] WARN appender 'CALLLOG': " + last);
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
        stopApplication();

        ShippingMetrics.Snapshot m = a.getEngine().metrics();
        assertThat(m.delivered()).as("the answered requests").isPositive();
        assertEveryEventAccountedFor(a, m);
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
        stopApplication();

        ShippingMetrics.Snapshot m = a.getEngine().metrics();
        assertThat(m.delivered()).as("the answered requests").isPositive();
        assertEveryEventAccountedFor(a, m);
    }
}
