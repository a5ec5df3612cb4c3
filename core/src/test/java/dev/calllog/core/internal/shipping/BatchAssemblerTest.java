package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.OverflowPolicy;
import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {
    private final FakeClock clock = new FakeClock();
    private final ShippingMetrics metrics = new ShippingMetrics();
    private final RecordingStatus sink = new RecordingStatus();
    private final OutcomeRecorder recorder = new OutcomeRecorder(
            metrics, new ThrottledStatus(sink, 0), new DeadLetterFile((String) null, 0), 1 << 20, false);
    private final RecordBuffer<TestRecord> buffer = new RecordBuffer<>(
            1 << 20, OverflowPolicy.DROP_NEWEST, 0, r -> r.ndjson().length(), recorder, clock);
    private final FlushTracker flushes = new FlushTracker();
    private final List<String> encoded = new ArrayList<>();

    /** The test encoder, counting what it encodes. */
    private final BulkItemEncoder<TestRecord> encoder = new BulkItemEncoder<>() {
        private final TestRecord.Encoder real = new TestRecord.Encoder();

        @Override
        public int estimatedBytes(TestRecord r) {
            return real.estimatedBytes(r);
        }

        @Override
        public void encode(TestRecord r, ByteBuf out) {
            encoded.add(r.id());
            if (r.id().startsWith("bad")) {
                out.writeAscii("half an item");
                throw new IllegalStateException("cannot encode " + r.id());
            }
            real.encode(r, out);
        }
    };

    private BatchAssembler<TestRecord> assembler(int maxEvents, long maxBytes) {
        return new BatchAssembler<>(buffer, encoder, recorder, flushes, maxEvents, maxBytes);
    }

    private static String body(Batch b) {
        return new String(b.array(), 0, b.length(), StandardCharsets.UTF_8);
    }

    @Test
    void takesRecordsInOrderUpToTheEventLimitAndGivesTheirRoomBackOnce() {
        for (int i = 0; i < 7; i++) {
            buffer.offer(TestRecord.of("r" + i));
        }
        BatchAssembler<TestRecord> a = assembler(5, 1 << 20);
        Batch b = new Batch();

        assertThat(a.fill(b)).isEqualTo(5);

        assertThat(b.items()).isEqualTo(5);
        assertThat(body(b))
                .startsWith(TestRecord.of("r0").ndjson())
                .endsWith(TestRecord.of("r4").ndjson());
        assertThat(buffer.bufferedEvents()).isEqualTo(2);
        assertThat(buffer.bufferedBytes())
                .isEqualTo(2L * TestRecord.of("r5").ndjson().length());
        assertThat(buffer.removed()).isEqualTo(5);
        assertThat(b.seq).isZero();
    }

    @Test
    void anItemThatWouldMakeTheBodyTooLargeOpensTheNextBatchAndIsEncodedOnce() {
        int item = TestRecord.of("r0").ndjson().length();
        for (int i = 0; i < 5; i++) {
            buffer.offer(TestRecord.of("r" + i));
        }
        BatchAssembler<TestRecord> a = assembler(100, 2L * item + item / 2);
        Batch b = new Batch();

        assertThat(a.fill(b)).isEqualTo(2);
        assertThat(b.length()).isEqualTo(2 * item);
        assertThat(a.hasCarry()).isTrue();
        assertThat(buffer.bufferedEvents())
                .as("the carried one is still counted as buffered")
                .isEqualTo(3);
        long firstSeq = b.seq;

        Batch next = new Batch();
        assertThat(a.fill(next)).isEqualTo(2);
        assertThat(body(next))
                .isEqualTo(TestRecord.of("r2").ndjson() + TestRecord.of("r3").ndjson());
        assertThat(next.seq).isEqualTo(firstSeq + 1);
        a.fill(next);
        assertThat(body(next)).isEqualTo(TestRecord.of("r4").ndjson());
        assertThat(encoded).containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(buffer.bufferedBytes()).isZero();
    }

    @Test
    void aSingleItemLargerThanTheLimitStillGoesAlone() {
        buffer.offer(new TestRecord("big", "{\"pad\":\"" + "x".repeat(500) + "\"}"));
        buffer.offer(TestRecord.of("small"));
        BatchAssembler<TestRecord> a = assembler(100, 100);
        Batch b = new Batch();
        a.fill(b);
        assertThat(b.items()).isEqualTo(1);
        a.fill(b);
        assertThat(b.items()).isEqualTo(1);
        assertThat(body(b)).isEqualTo(TestRecord.of("small").ndjson());
    }

    @Test
    void aRecordTheEncoderFailsOnIsDroppedCountedAndLeavesNothingInTheBody() {
        buffer.offer(TestRecord.of("r0"));
        buffer.offer(TestRecord.of("bad1"));
        buffer.offer(TestRecord.of("r2"));
        Batch b = new Batch();

        assertThat(assembler(100, 1 << 20).fill(b)).isEqualTo(3);

        assertThat(body(b))
                .isEqualTo(TestRecord.of("r0").ndjson() + TestRecord.of("r2").ndjson());
        assertThat(metrics.snapshot().dropped(DropReason.ENCODING_FAILED)).isEqualTo(1);
        assertThat(sink.containing("could not be encoded and was dropped: IllegalStateException: cannot encode bad1"))
                .hasSize(1);
        assertThat(buffer.bufferedBytes()).isZero();
    }
}
