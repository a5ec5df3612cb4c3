package dev.calllog.faults;

import dev.calllog.core.metrics.ShippingMetrics;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * The application of the process-crash test, run in a child JVM: the Logback appender with the spool on.
 *
 * <ul>
 *   <li>{@code log <url> <stream> <spoolDir> <callId> <perSecond>}: logs events numbered 0, 1, 2... at the rate, and
 *       prints {@code logged <L> durable <D>} every 50 ms, where the first D events are synced to the spool (the spool is
 *       first-in first-out and one thread logs, so the durable events are exactly events 0 .. D-1). Runs until killed.
 *   <li>{@code drain <url> <stream> <spoolDir>}: starts the appender on the spool, waits until everything in it is
 *       settled, prints {@code drained <counters>}, stops and exits.
 * </ul>
 */
public final class SpoolingChild {
    private SpoolingChild() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        try (LogbackHarness h = LogbackHarness.start(a -> {
            a.addUrl(args[1]);
            a.setDataStream(args[2]);
            a.setSpoolDir(args[3]);
            a.setLingerMillis(50);
            a.setInitialBackoffMillis(100);
            a.setMaxBackoffMillis(1_000);
            a.setConnectTimeoutMillis(1_000);
            a.setRequestTimeoutMillis(5_000);
            a.setDeadLetterFile("");
        })) {
            if (mode.equals("log")) {
                log(h, args[4], Integer.parseInt(args[5]));
            } else {
                drain(h);
            }
        }
        System.exit(0);
    }

    private static void log(LogbackHarness h, String callId, int perSecond) throws InterruptedException {
        MDC.put("call_id", callId);
        var marker = MarkerFactory.getMarker("agent_message_sent");
        long start = System.nanoTime();
        long lastPrint = 0;
        long n = 0;
        while (true) {
            long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
            while (n < due) {
                h.log.atInfo().addMarker(marker).addKeyValue("n", n).log("message {}", n);
                n++;
            }
            long now = System.nanoTime();
            if (now - lastPrint > TimeUnit.MILLISECONDS.toNanos(50)) {
                // Read the durability point first: every event it counts was logged before n was read.
                long durable = h.metrics().durableEvents();
                System.out.println("logged " + n + " durable " + durable);
                System.out.flush();
                lastPrint = now;
            }
            Thread.sleep(2);
        }
    }

    private static void drain(LogbackHarness h) throws InterruptedException {
        // The spool's size is read live from the disk, so the condition holds only once the spool is shipped.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            ShippingMetrics.Snapshot s = h.metrics();
            if (s.spoolBytes() == 0 && s.pending() == 0) {
                break;
            }
            Thread.sleep(100);
        }
        ShippingMetrics.Snapshot s = h.metrics();
        System.out.println("drained replayed " + s.replayed() + " delivered " + s.delivered() + " duplicates "
                + s.duplicates() + " dropped " + s.droppedTotal() + " damaged " + s.spoolDamagedSegments()
                + " spoolBytes " + s.spoolBytes());
        System.out.flush();
    }
}
