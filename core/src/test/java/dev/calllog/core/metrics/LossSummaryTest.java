package dev.calllog.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.status.StatusSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossSummaryTest {
    private final List<String> lines = new ArrayList<>();
    private final ShippingMetrics metrics = new ShippingMetrics();
    // An hour between two summaries: within the test, only the first loss of each reason may report.
    private final LossSummary summary = new LossSummary(sink(), 3_600_000_000_000L);

    @Test
    void theFirstLossOfEachReasonIsReportedAtOnceTheRestWaitsForTheInterval() {
        offer(3);
        metrics.recordDropped(DropReason.BUFFER_FULL, 2);
        summary.onMetrics(metrics.snapshot());
        metrics.recordDropped(DropReason.BUFFER_FULL, 1);
        summary.onMetrics(metrics.snapshot());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("Call-log events lost so far: 2 dropped (buffer_full 2)");

        offer(1);
        metrics.recordDropped(DropReason.RETRY_TIMEOUT, 1);
        summary.onMetrics(metrics.snapshot());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1))
                .startsWith("Call-log events lost since the last report: 2 dropped (buffer_full 1, retry_timeout 1)");

        metrics.recordDropped(DropReason.RETRY_TIMEOUT, 1);
        summary.onMetrics(metrics.snapshot());
        assertThat(lines).hasSize(2);

        summary.flush(metrics.snapshot());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("Call-log events lost since the last report: 1 dropped (retry_timeout 1)");
    }

    private void offer(int n) {
        for (int i = 0; i < n; i++) {
            metrics.recordAccepted();
        }
    }

    private StatusSink sink() {
        return new StatusSink() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message, Throwable cause) {
                lines.add(message);
            }

            @Override
            public void error(String message, Throwable cause) {}
        };
    }
}
