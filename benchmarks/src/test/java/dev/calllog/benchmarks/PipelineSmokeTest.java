package dev.calllog.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The end-to-end runner on a tiny scale, as CI runs it: every event arrives, once. */
class PipelineSmokeTest {
    private static final long EVENTS = 20_000;

    @ParameterizedTest
    @EnumSource(Framework.class)
    void everyEventLoggedThroughTheAppenderArrivesOnce(Framework framework) throws Exception {
        try (InstantBulkSink sink = InstantBulkSink.startKeepingIds()) {
            Throughput t = PipelineRuns.appenderToSink(
                    framework.name(), framework, Settings.defaults(sink.url()), sink, 1_000, EVENTS);

            assertThat(t.events()).isEqualTo(EVENTS);
            assertThat(sink.documents()).isEqualTo(EVENTS);
            assertThat(sink.ids()).hasSize((int) EVENTS);
            assertThat(sink.gzipRequests()).isEqualTo(sink.requests()).isPositive();
            assertThat(t.eventsPerSecond()).isPositive();
            assertThat(t.cpu().processNanos()).isPositive();
        }
    }

    @Test
    void theRawLoaderSendsWhatTheAppenderWouldAndTheSinkCountsIt() throws Exception {
        List<byte[]> bodies = BulkBodies.ndjson(2, 500);
        try (InstantBulkSink sink = InstantBulkSink.startKeepingIds()) {
            Throughput plain = PipelineRuns.rawToSink("raw", sink, bodies, false, 500, 1_000, 10_000);
            assertThat(plain.events()).isEqualTo(10_000);
            assertThat(sink.ids()).hasSize(1_000); // two bodies of 500, sent in turn

            Throughput gzip = PipelineRuns.rawToSink("raw gzip", sink, bodies, true, 500, 1_000, 10_000);
            assertThat(gzip.events()).isEqualTo(10_000);
            assertThat(gzip.wireBytes()).isLessThan(gzip.bodyBytes());
            assertThat(gzip.bodyBytes()).isEqualTo(plain.bodyBytes());
        }
    }

    @Test
    void theClientLoaderSendsTheSameBodiesThroughTheAppendersHttpClient() throws Exception {
        List<byte[]> bodies = BulkBodies.ndjson(2, 500);
        try (InstantBulkSink sink = InstantBulkSink.startKeepingIds()) {
            Throughput raw = PipelineRuns.rawToSink("raw", sink, bodies, false, 500, 1_000, 10_000);
            Throughput plain = PipelineRuns.clientToSink("client", sink, bodies, false, 500, 1_000, 10_000);
            assertThat(plain.events()).isEqualTo(10_000);
            assertThat(plain.requests()).isEqualTo(20);
            assertThat(plain.bodyBytes()).isEqualTo(raw.bodyBytes());
            assertThat(sink.ids()).hasSize(1_000);

            Throughput gzip = PipelineRuns.clientToSink("client gzip", sink, bodies, true, 500, 1_000, 10_000);
            assertThat(gzip.events()).isEqualTo(10_000);
            assertThat(gzip.wireBytes()).isLessThan(gzip.bodyBytes());
            assertThat(gzip.bodyBytes()).isEqualTo(plain.bodyBytes());
        }
    }
}
