package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.HttpResult;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request that neither answers nor lets go when stop aborts it (a transport that ignores interrupts and closing):
 * stop still returns, counts what that request holds as dropped at shutdown and reports it; and when the request
 * finally returns, its outcome is not counted a second time.
 */
class StopWithAStuckRequestTest {
    private static final int EVENTS = 10;

    /** Holds every request until released, whatever happens to the thread or the transport. */
    private static final class StuckTransport implements BulkTransport {
        final CountDownLatch inFlight = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch answered = new CountDownLatch(1);

        @Override
        public HttpResult send(String method, String path, byte[] body, int off, int len, Map<String, String> h) {
            inFlight.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // ignored, as a stuck call would
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            // Late, but a full answer: every item created.
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < EVENTS; i++) {
                items.append(i == 0 ? "" : ",").append("{\"create\":{\"status\":201}}");
            }
            answered.countDown();
            return new HttpResult(
                    200, ("{\"errors\":false,\"items\":[" + items + "]}").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            // Does not let go of the request.
        }
    }

    @Test
    void whatAStuckRequestHoldsIsCountedOnceAtStop() throws Exception {
        CallLogConfig c = new CallLogConfig();
        c.addUrl("http://127.0.0.1:9");
        c.setDataStream("calllog-test");
        c.setLingerMillis(10);
        c.setShutdownTimeoutMillis(200);
        assertThat(c.validate()).isEmpty();
        RecordingStatus sink = new RecordingStatus();
        ShippingMetrics metrics = new ShippingMetrics();
        StuckTransport transport = new StuckTransport();
        BulkShipper<TestRecord> shipper = new BulkShipper<>(
                c,
                new TestRecord.Encoder(),
                transport,
                new ThrottledStatus(sink, 0),
                metrics,
                new DeadLetterFile((String) null, 0));
        try {
            shipper.start();
            for (int i = 0; i < EVENTS; i++) {
                assertThat(shipper.offer(TestRecord.of("s" + i))).isTrue();
            }
            assertThat(transport.inFlight.await(60, TimeUnit.SECONDS))
                    .as("the request is on its way")
                    .isTrue();

            Thread stopper = new Thread(shipper::stop, "stop");
            stopper.start();
            stopper.join(60_000);
            assertThat(stopper.isAlive()).as("stop returned").isFalse();

            ShippingMetrics.Snapshot atStop = metrics.snapshot();
            assertThat(atStop.dropped(DropReason.SHUTDOWN))
                    .as(atStop.toString())
                    .isEqualTo(EVENTS);
            assertThat(atStop.delivered() + atStop.droppedTotal())
                    .as(atStop.toString())
                    .isEqualTo(EVENTS);
            assertThat(atStop.pending()).as(atStop.toString()).isZero();
            assertThat(sink.containing("were not delivered before shutdown")).isNotEmpty();
        } finally {
            transport.release.countDown();
        }
        assertThat(transport.answered.await(60, TimeUnit.SECONDS)).isTrue();
        // The late answer changes nothing: those events were counted once, at stop.
        ShippingMetrics.Snapshot after = waitForExportThread(metrics);
        assertThat(after.delivered() + after.droppedTotal())
                .as(after.toString())
                .isEqualTo(EVENTS);
        assertThat(after.dropped(DropReason.SHUTDOWN)).as(after.toString()).isEqualTo(EVENTS);
    }

    /** Waits until the export thread has ended, then returns the counters. */
    private static ShippingMetrics.Snapshot waitForExportThread(ShippingMetrics metrics) throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("calllog-shipper-export-calllog-test")) {
                t.join(60_000);
                assertThat(t.isAlive()).as("the export thread ended").isFalse();
            }
        }
        return metrics.snapshot();
    }
}
