package dev.calllog.core.internal.mapping;

import static dev.calllog.core.internal.mapping.MappingFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.catalog.EventCodes;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A record the logging thread hands to the buffer counts once what it shares with the thread's previous record (the
 * call's ids, a constant message, literal keys and values), and everything again after the buffer refused one.
 */
class RunEstimateTest {
    private final MappingFixture f = new MappingFixture();

    private static TestSourceEvent.Builder sent(String message) {
        return event(EventCodes.AGENT_MESSAGE_SENT)
                .mdc("agent_id", "agent-7")
                .mdc("account_id", "acme")
                .message(message)
                .kv("channel", "voice")
                .kv("turn", 3);
    }

    private CallLogRecord capture(TestSourceEvent.Builder event) {
        CapturedEvent c = f.mapper.capture(event.build(), SourceEvent.READER);
        assertThat(c).isInstanceOf(CallLogRecord.class);
        return (CallLogRecord) c;
    }

    private static long full(CallLogRecord r) {
        return SizeEstimator.record(r, r.entries());
    }

    @Test
    void theFirstRecordCountsEverythingTheNextOnlyWhatIsNew() {
        CallLogRecord first = capture(sent("Hello, how can I help?"));
        CallLogRecord second = capture(sent("Hello, how can I help?"));

        assertThat(first.estimatedBytes()).isEqualTo(full(first));
        long shared = SizeEstimator.string("c-1")
                + SizeEstimator.string("agent-7")
                + SizeEstimator.string("acme")
                + SizeEstimator.string("Hello, how can I help?")
                + SizeEstimator.string("channel")
                + SizeEstimator.string("voice")
                + SizeEstimator.string("turn");
        assertThat(second.estimatedBytes()).isEqualTo(full(second) - shared);
    }

    @Test
    void aNewMessageOrCallIdIsCounted() {
        capture(sent("Hello"));
        String message = new String("Hello".toCharArray()); // equal, but another object: held twice
        CallLogRecord r = capture(sent(message).mdc("call_id", "c-2"));
        long shared = SizeEstimator.string("agent-7")
                + SizeEstimator.string("acme")
                + SizeEstimator.string("channel")
                + SizeEstimator.string("voice")
                + SizeEstimator.string("turn");
        assertThat(r.estimatedBytes()).isEqualTo(full(r) - shared);
    }

    @Test
    void afterARefusedRecordTheNextCountsEverything() {
        capture(sent("Hello"));
        f.mapper.notBuffered();
        CallLogRecord r = capture(sent("Hello"));
        assertThat(r.estimatedBytes()).isEqualTo(full(r));
    }

    @Test
    void longTextsAreCountedByEveryRecord() {
        String longMessage = "m".repeat(RunEstimate.MAX_SHARED_CHARS + 1);
        capture(sent(longMessage));
        CallLogRecord r = capture(sent(longMessage));
        assertThat(r.estimatedBytes())
                .isEqualTo(full(r)
                        - SizeEstimator.string("c-1")
                        - SizeEstimator.string("agent-7")
                        - SizeEstimator.string("acme")
                        - SizeEstimator.string("channel")
                        - SizeEstimator.string("voice")
                        - SizeEstimator.string("turn"));
    }

    @Test
    void eachThreadCountsWhatItsOwnRecordsShare() throws InterruptedException {
        capture(sent("Hello"));
        AtomicReference<CallLogRecord> other = new AtomicReference<>();
        Thread t = new Thread(() -> other.set(capture(sent("Hello"))));
        t.start();
        t.join();
        assertThat(other.get().estimatedBytes()).isEqualTo(full(other.get()));
    }

    @Test
    void aRecordMappedForAnEncoderCountsEverything() {
        capture(sent("Hello"));
        CallLogRecord r = f.map(sent("Hello"));
        assertThat(r.estimatedBytes()).isEqualTo(full(r));
    }
}
