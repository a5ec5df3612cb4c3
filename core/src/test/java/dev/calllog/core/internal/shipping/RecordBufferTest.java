package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.OverflowPolicy;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class RecordBufferTest {
    private final FakeClock clock = new FakeClock();
    private final RecordingStatus sink = new RecordingStatus();
    private final ShippingMetrics metrics = new ShippingMetrics();
    private final OutcomeRecorder recorder = new OutcomeRecorder(
            metrics, new ThrottledStatus(sink, 0), new DeadLetterFile((String) null, 0), 1_000, false);

    /** Records are strings; their size is their length. */
    private RecordBuffer<String> buffer(long capacity, OverflowPolicy policy) {
        RecordBuffer<String> b = new RecordBuffer<>(capacity, policy, 100, String::length, recorder, clock);
        metrics.bindAccepted(b::acceptedCount);
        return b;
    }

    private static String record(int size, char c) {
        return String.valueOf(c).repeat(size);
    }

    @Test
    void acceptsExactlyWhatFitsItsBytesAndCountsTheRest() {
        RecordBuffer<String> b = buffer(1_000, OverflowPolicy.DROP_NEWEST);
        int accepted = 0;
        for (int i = 0; i < 15; i++) {
            accepted += b.offer(record(100, 'a')) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(b.bufferedBytes()).isEqualTo(1_000);
        assertThat(b.bufferedEvents()).isEqualTo(10);
        assertThat(b.offer("x")).as("not even one byte").isFalse();
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.accepted()).isEqualTo(10);
        assertThat(s.dropped(DropReason.BUFFER_FULL)).isEqualTo(6);
        assertThat(s.offered()).isEqualTo(16);
        assertThat(sink.containing("The call-log buffer is full (1000 bytes)")).hasSize(6);
    }

    @Test
    void roomComesBackOnlyWhenTheConsumerReleasesIt() {
        RecordBuffer<String> b = buffer(300, OverflowPolicy.DROP_NEWEST);
        b.offer(record(100, 'a'));
        b.offer(record(100, 'b'));
        b.offer(record(100, 'c'));
        String first = b.poll();
        String second = b.poll();
        assertThat(first).startsWith("a");
        assertThat(second).startsWith("b");
        assertThat(b.offer(record(100, 'd'))).as("taken, not yet released").isFalse();
        b.release(2, 200);
        assertThat(b.removed()).isEqualTo(2);
        assertThat(b.offer(record(100, 'd'))).isTrue();
        assertThat(b.offer(record(100, 'e'))).isTrue();
        assertThat(b.bufferedEvents()).isEqualTo(3);
        assertThat(b.acceptedCount()).isEqualTo(5);
    }

    @Test
    void dropOldestMakesRoomByDroppingTheOldestRecords() {
        RecordBuffer<String> b = buffer(300, OverflowPolicy.DROP_OLDEST);
        for (char c = 'a'; c <= 'e'; c++) {
            assertThat(b.offer(record(100, c))).isTrue();
        }
        List<String> left = new ArrayList<>();
        String r;
        while ((r = b.poll()) != null) {
            left.add(r.substring(0, 1));
        }
        assertThat(left).containsExactly("c", "d", "e");
        assertThat(metrics.snapshot().dropped(DropReason.BUFFER_FULL)).isEqualTo(2);
        assertThat(b.removed()).as("evicted records count as let go").isEqualTo(2);
        assertThat(b.offer(record(301, 'z'))).as("larger than the whole buffer").isFalse();
    }

    @Test
    void blockWaitsAtMostItsTimeoutThenDrops() {
        RecordBuffer<String> b = buffer(100, OverflowPolicy.BLOCK);
        assertThat(b.offer(record(100, 'a'))).isTrue();
        long before = clock.nanoTime();

        assertThat(b.offer(record(10, 'b'))).isFalse();

        assertThat(clock.parkedMillis()).isBetween(100L, 101L);
        assertThat(clock.nanoTime() - before).isGreaterThanOrEqualTo(100_000_000L);
        assertThat(metrics.snapshot().dropped(DropReason.BUFFER_FULL)).isEqualTo(1);
    }

    @Test
    void blockTakesTheRecordAsSoonAsRoomIsMade() {
        // A clock whose park releases the first record, as the consumer would while the caller waits.
        RecordBuffer<String>[] holder = new RecordBuffer[1];
        PipelineClock releasing = new PipelineClock() {
            @Override
            public long nanoTime() {
                return clock.nanoTime();
            }

            @Override
            public void park(Object blocker, long nanos) {
                clock.park(blocker, nanos);
                String r = holder[0].poll();
                if (r != null) {
                    holder[0].release(1, r.length());
                }
            }
        };
        holder[0] = new RecordBuffer<>(100, OverflowPolicy.BLOCK, 1_000, String::length, recorder, releasing);
        holder[0].offer(record(100, 'a'));
        assertThat(holder[0].offer(record(50, 'b'))).isTrue();
        assertThat(clock.parkedMillis()).isLessThan(1);
    }

    @Test
    void anOfferCrossingTheMarkWakesTheConsumerOnce() throws Exception {
        RecordBuffer<String> b = buffer(10_000, OverflowPolicy.DROP_NEWEST);
        Thread consumer = new Thread(() -> LockSupport.parkNanos(60_000_000_000L));
        b.consumer(consumer);
        consumer.start();
        assertThat(b.wakeAt(3, 1_000)).as("nothing buffered yet").isFalse();
        b.offer("a");
        b.offer("b");
        assertThat(b.consumerParked()).as("below the mark: not woken").isTrue();
        b.offer("c");
        assertThat(b.consumerParked()).isFalse();
        consumer.join(5_000);
        assertThat(consumer.isAlive()).as("woken by the third").isFalse();
        assertThat(b.wakeAt(3, 1_000)).as("already there").isTrue();
    }

    @Test
    void anOfferAfterCloseIsRefusedAndCounted() {
        RecordBuffer<String> b = buffer(1_000, OverflowPolicy.DROP_NEWEST);
        b.offer("a");
        b.close();
        assertThat(b.offer("b")).isFalse();
        assertThat(metrics.snapshot().dropped(DropReason.STOPPED)).isEqualTo(1);
        List<String> drained = new ArrayList<>();
        assertThat(b.drain(drained::add)).isEqualTo(1);
        assertThat(drained).containsExactly("a");
        assertThat(b.bufferedBytes()).isZero();
        assertThat(b.bufferedEvents()).isZero();
    }

    @Test
    void aRecordWhoseSizeCannotBeTakenIsDroppedAndCounted() {
        RecordBuffer<String> b = new RecordBuffer<>(
                1_000,
                OverflowPolicy.DROP_NEWEST,
                0,
                s -> {
                    throw new IllegalStateException("broken");
                },
                recorder,
                clock);
        assertThat(b.offer("a")).isFalse();
        assertThat(metrics.snapshot().dropped(DropReason.ENCODING_FAILED)).isEqualTo(1);
    }

    @Test
    void concurrentOffersAreEachAcceptedOrCountedOnce() throws Exception {
        RecordBuffer<String> b = buffer(50_000, OverflowPolicy.DROP_NEWEST);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    b.offer("0123456789");
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.offered()).isEqualTo(40_000);
        assertThat(s.accepted()).isEqualTo(5_000);
        assertThat(s.dropped(DropReason.BUFFER_FULL)).isEqualTo(35_000);
        assertThat(b.bufferedBytes()).isEqualTo(50_000);
    }
}
