package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * The buffer's bound covers everything a buffered event keeps alive. With the cluster unreachable, events with 1 MB
 * messages and large MDC values fill the buffer; the heap they hold stays within {@code bufferBytes} plus a small
 * constant (the two batches the shipping threads hold, the client), never the megabytes each event was logged with.
 */
class BufferMemoryTest {
    private static final long BUFFER_BYTES = 16L * 1024 * 1024;
    /** The two batches in the shipping threads' hands (at most batchMaxBytes and one document each, and their gzip). */
    private static final long CONSTANT = 8L * 1024 * 1024;

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger log = context.getLogger("buffer-memory");
    private CallLogAppender appender;

    @AfterEach
    void stop() {
        MDC.clear();
        log.detachAndStopAllAppenders();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long liveHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void largeMessagesAndMdcValuesHoldNoMoreThanTheBufferBound() throws IOException {
        appender = new CallLogAppender();
        appender.setContext(context);
        appender.setName("BUFFER-MEMORY");
        appender.addUrl("http://127.0.0.1:" + closedPort()); // the cluster is down for the whole test
        appender.setInstallTemplates(false);
        appender.setBufferBytes(BUFFER_BYTES);
        appender.setBatchMaxBytes(1024 * 1024);
        appender.setConnectTimeoutMillis(200);
        appender.setInitialBackoffMillis(50);
        appender.setMaxBackoffMillis(200);
        appender.setShutdownTimeoutMillis(500);
        appender.setDeadLetterFile("");
        appender.addMdcDataKey("tenant");
        appender.setLossesToConsole(false);
        appender.start();
        assertThat(appender.isStarted()).isTrue();
        log.setAdditive(false);
        log.setLevel(ch.qos.logback.classic.Level.INFO);
        log.addAppender(appender);
        long before = liveHeap();

        String megabyte = "m".repeat(1024 * 1024);
        String wide = "\u00e9\u4e2d".repeat(64 * 1024); // two bytes a character in the heap
        int events = 2_000;
        for (int i = 0; i < events; i++) {
            MDC.put("call_id", "call-" + i);
            MDC.put("agent_id", "agent-" + "a".repeat(i % 3 == 0 ? 100_000 : 10));
            MDC.put("tenant", i % 2 == 0 ? "t".repeat(200_000) : wide);
            MDC.put("unrelated", "u".repeat(300_000)); // neither an id nor a data key: only the event itself holds it
            String message =
                    switch (i % 4) {
                        case 0 -> megabyte + i; // a new 1 MB string per event
                        case 1 -> wide + i;
                        case 2 -> "short {}";
                        default -> "x".repeat(8_000) + i;
                    };
            log.atInfo()
                    .addMarker(MarkerFactory.getMarker("agent_message_sent"))
                    .addKeyValue("n", i)
                    .log(message, i);
        }
        ShippingMetrics.Snapshot s = appender.getEngine().metrics();
        long held = liveHeap() - before;

        assertThat(s.dropped(DropReason.BUFFER_FULL))
                .as(
                        "the buffer filled: %s, mapper %s",
                        s, appender.getEngine().mapper().mappingFailed())
                .isPositive();
        assertThat(s.bufferedBytes()).isLessThanOrEqualTo(BUFFER_BYTES);
        assertThat(held)
                .as("heap held with %d events buffered (%s)", s.bufferedEvents(), s)
                .isLessThanOrEqualTo(BUFFER_BYTES + CONSTANT);
        System.out.printf(
                "FIGURES buffer-memory events=%d buffered=%d buffered_bytes=%d held_bytes=%d bound=%d%n",
                events, s.bufferedEvents(), s.bufferedBytes(), held, BUFFER_BYTES);
    }
}
