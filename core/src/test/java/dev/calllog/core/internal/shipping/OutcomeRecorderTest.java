package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.metrics.DropReason;
import dev.calllog.core.metrics.ShippingMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeRecorderTest {
    @TempDir
    Path dir;

    private final RecordingStatus sink = new RecordingStatus();
    private final ShippingMetrics metrics = new ShippingMetrics();

    private OutcomeRecorder recorder(DeadLetterFile deadLetters, boolean spooling) {
        return new OutcomeRecorder(metrics, new ThrottledStatus(sink, 0), deadLetters, 2_097_152, spooling);
    }

    @Test
    void eachOutcomeIsCountedOnceAndEventsReadBackAlsoAsReplayed() {
        OutcomeRecorder r = recorder(new DeadLetterFile((String) null, 0), false);
        r.delivered(5, false);
        r.delivered(3, true);
        r.duplicates(2, true);
        r.dropped(DropReason.RETRY_TIMEOUT, 4, false);
        r.spooled(6, 600);
        r.retried(7);
        r.request(12, true);

        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.delivered()).isEqualTo(8);
        assertThat(s.duplicates()).isEqualTo(2);
        assertThat(s.replayed()).isEqualTo(5);
        assertThat(s.dropped(DropReason.RETRY_TIMEOUT)).isEqualTo(4);
        assertThat(s.spooled()).isEqualTo(6);
        assertThat(s.spooledBytes()).isEqualTo(600);
        assertThat(s.retried()).isEqualTo(7);
        assertThat(s.failedRequests()).isEqualTo(1);
        assertThat(s.lastBatchLatencyMillis()).isEqualTo(12);
    }

    @Test
    void aFullBufferSaysWhatItMeansWithAndWithoutASpool() {
        recorder(new DeadLetterFile((String) null, 0), false).refusedBufferFull();
        recorder(new DeadLetterFile((String) null, 0), true).refusedBufferFull();
        assertThat(sink.messages())
                .containsExactly(
                        "WARN The call-log buffer is full (2097152 bytes): events are dropped until OpenSearch takes"
                                + " them again",
                        "WARN The call-log buffer is full (2097152 bytes): events arrive faster than they can be"
                                + " written to the spool, and are dropped until it catches up");
        assertThat(metrics.snapshot().dropped(DropReason.BUFFER_FULL)).isEqualTo(2);
        assertThat(metrics.snapshot().offered()).isEqualTo(2);
    }

    @Test
    void aRejectedDocumentIsWrittenToTheDeadLettersOrCountedWhenTheyAreFullOrFail() throws IOException {
        byte[] doc = "{\"event\":\"call_completed\"}".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("dead.ndjson");
        OutcomeRecorder r = recorder(new DeadLetterFile(file.toString(), 1_000), false);

        r.deadLetter(400, "mapper_parsing_exception", "failed to parse", doc, 0, doc.length, false);
        assertThat(Files.readString(file)).contains("\"document\":{\"event\":\"call_completed\"}");
        assertThat(metrics.snapshot().deadLettered()).isEqualTo(1);
        assertThat(sink.containing("; it was written to " + file)).hasSize(1);

        OutcomeRecorder full = recorder(new DeadLetterFile(file.toString(), 10), false);
        full.deadLetter(400, "mapper_parsing_exception", "failed to parse", doc, 0, doc.length, true);
        assertThat(metrics.snapshot().dropped(DropReason.DEAD_LETTER_FULL)).isEqualTo(1);
        assertThat(metrics.snapshot().replayed()).isEqualTo(1);

        Files.createDirectories(dir.resolve("a-directory.ndjson"));
        OutcomeRecorder failing =
                recorder(new DeadLetterFile(dir.resolve("a-directory.ndjson").toString(), 1_000), false);
        failing.deadLetter(400, "x", "y", doc, 0, doc.length, false);
        assertThat(metrics.snapshot().dropped(DropReason.DEAD_LETTER_FAILED)).isEqualTo(1);
        assertThat(sink.containing("could not be written")).hasSize(1);
    }

    @Test
    void refusedCredentialsAreAnErrorThatSaysTheEventsAreKept() {
        OutcomeRecorder r = recorder(new DeadLetterFile((String) null, 0), false);
        r.requestFailed(
                "OpenSearch answered 401 to POST /s/_bulk: security_exception", RetryPolicy.Verdict.HOLD, 1_000);
        r.requestFailed("OpenSearch answered 404 to POST /s/_bulk: not found", RetryPolicy.Verdict.REJECT, 1_000);
        r.requestFailed("the request failed: ConnectException", RetryPolicy.Verdict.RETRY, 1_000);
        assertThat(sink.messages())
                .containsExactly(
                        "ERROR Shipping call-log events to OpenSearch failed: OpenSearch answered 401 to POST /s/_bulk:"
                                + " security_exception. The events are kept (in memory or in the spool) and sent again"
                                + " until this is fixed: check the username, password and the roles of the appender's"
                                + " user",
                        "ERROR Shipping call-log events to OpenSearch failed: OpenSearch answered 404 to POST /s/_bulk:"
                                + " not found",
                        "WARN Shipping call-log events to OpenSearch failed (the request failed: ConnectException);"
                                + " retrying for up to 1000 ms");
    }

    @Test
    void aSpoolWriteThatFailsCountsWhatIsLost() {
        OutcomeRecorder r = recorder(new DeadLetterFile((String) null, 0), true);
        r.spoolFailed(dir, new IOException("No space left on device"), 3, false);
        ShippingMetrics.Snapshot s = metrics.snapshot();
        assertThat(s.dropped(DropReason.SPOOL_FAILED)).isEqualTo(3);
        assertThat(sink.containing("failed (IOException: No space left on device); 3 events were dropped"))
                .hasSize(1);
    }

    @Test
    void aThrowableIsOneLineWithoutItsStackTrace() {
        assertThat(OutcomeRecorder.brief(new IOException("first\nsecond"))).isEqualTo("IOException: first");
        assertThat(OutcomeRecorder.brief(new RuntimeException(new IllegalStateException("inner"))))
                .isEqualTo("RuntimeException: java.lang.IllegalStateException: inner");
        assertThat(OutcomeRecorder.brief(null)).isEqualTo("unknown error");
        assertThat(OutcomeRecorder.cut("x".repeat(300))).hasSize(203);
    }
}
