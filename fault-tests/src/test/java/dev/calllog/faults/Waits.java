package dev.calllog.faults;

import static org.assertj.core.api.Assertions.fail;

import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on conditions with generous deadlines: a fault test asserts what happened, never how fast. */
final class Waits {
    private static final long POLL_MILLIS = 50;
    /** The longest {@link #untilSettled} waits, progress or not. */
    private static final Duration SETTLE_AT_MOST = Duration.ofHours(1);

    private Waits() {}

    /** Returns once {@code condition} holds; fails the test, naming {@code what}, if it does not within {@code limit}. */
    static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        until(what, limit, condition, () -> "");
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}, adding {@code state} to the failure message. */
    static void until(String what, Duration limit, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + limit.toSeconds() + " s: " + what + " " + state.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Returns once everything the appender accepted is settled (delivered, dropped or dead-lettered) and its spool is
     * empty. Fails the test when no event was settled for {@code stall}, or after an hour in all: a backlog of hundreds
     * of thousands of events drains as fast as the cores let the node index, so the test waits as long as the backlog
     * shrinks, and no longer than {@code stall} once it stops shrinking.
     */
    static void untilSettled(String what, Duration stall, Supplier<ShippingMetrics.Snapshot> metrics)
            throws InterruptedException {
        long start = System.nanoTime();
        long lastSettled = -1;
        long since = start;
        while (true) {
            ShippingMetrics.Snapshot m = metrics.get();
            if (m.pending() == 0 && m.spoolBytes() == 0) {
                return;
            }
            // Only outcomes count as progress: requests sent again and again to a node that refuses them do not.
            long settled = m.delivered() + m.duplicates() + m.droppedTotal() + m.deadLettered();
            long now = System.nanoTime();
            if (settled != lastSettled) {
                lastSettled = settled;
                since = now;
            } else if (now - since > stall.toNanos()) {
                fail("no event settled for " + stall.toSeconds() + " s: " + what + " " + m);
            }
            if (now - start > SETTLE_AT_MOST.toNanos()) {
                fail("not within " + SETTLE_AT_MOST.toMinutes() + " minutes: " + what + " " + m);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Lets {@code length} of a fault pass (the length of an outage is the scenario itself), calling {@code each} every
     * poll so that the test can sample what it measures.
     */
    static void during(Duration length, Runnable each) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() - end < 0) {
            each.run();
            Thread.sleep(Math.min(POLL_MILLIS * 10, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    /** The drops of a snapshot by reason, {@code buffer_full:12,retry_timeout:3}, or {@code none}. */
    static String dropsByReason(ShippingMetrics.Snapshot m) {
        StringJoiner j = new StringJoiner(",");
        for (Map.Entry<DropReason, Long> e : m.dropped().entrySet()) {
            if (e.getValue() > 0) {
                j.add(e.getKey().label() + ":" + e.getValue());
            }
        }
        return j.length() == 0 ? "none" : j.toString();
    }
}
