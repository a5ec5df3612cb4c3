package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlushTrackerTest {
    private final FlushTracker tracker = new FlushTracker();

    private CompletableFuture<Boolean> flush(long position) {
        CompletableFuture<Boolean> f = CompletableFuture.supplyAsync(() -> tracker.flush(position, 10_000, () -> {}));
        // The flush is registered once waiting() says so (or it completed already).
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!tracker.waiting() && !f.isDone()) {
            assertThat(System.nanoTime()).isLessThan(end);
            Thread.onSpinWait();
        }
        return f;
    }

    @Test
    void aFlushWaitsForTheBatchesHoldingItsEventsAndNotForLaterOnes() throws Exception {
        long first = tracker.open(); // events 1..10
        CompletableFuture<Boolean> f = flush(10);
        tracker.reached(10);
        long later = tracker.open(); // events the flush does not care about
        assertThat(f).isNotDone();

        tracker.settled(first);

        assertThat(f.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(tracker.waiting()).isFalse();
        tracker.settled(later);
    }

    @Test
    void batchesSettledOutOfOrderCountOnlyOnceAllOlderOnesAre() throws Exception {
        long inFlight = tracker.open();
        long spilled = tracker.open();
        CompletableFuture<Boolean> f = flush(20);
        tracker.reached(20);
        tracker.settled(spilled); // written to the spool while the older batch is still in flight
        assertThat(f).isNotDone();
        tracker.settled(inFlight);
        assertThat(f.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFlushWaitsUntilTheBufferLetGoOfItsPosition() throws Exception {
        long b = tracker.open();
        CompletableFuture<Boolean> f = flush(30);
        tracker.reached(29);
        tracker.settled(b);
        assertThat(f).as("the 30th event is still buffered").isNotDone();
        long next = tracker.open();
        tracker.reached(30);
        assertThat(f).isNotDone();
        tracker.settled(next);
        assertThat(f.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFlushOfNothingReturnsAtOnceAndStopReleasesEveryWaiter() throws Exception {
        CompletableFuture<Boolean> empty = flush(0);
        tracker.reached(0);
        assertThat(empty.get(5, TimeUnit.SECONDS)).isTrue();

        tracker.open();
        CompletableFuture<Boolean> f = flush(5);
        tracker.close();
        assertThat(f.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(tracker.flush(99, 1, () -> {})).as("after close").isTrue();
    }

    @Test
    void aFlushTimesOut() {
        tracker.open();
        assertThat(tracker.flush(1, 10, () -> {})).isFalse();
        assertThat(tracker.waiting()).isFalse();
    }
}
