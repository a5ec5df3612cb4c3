package dev.calllog.benchmarks;

import dev.calllog.core.internal.config.CallLogConfig;

/**
 * The appender settings a benchmark varies; everything else keeps its default. Templates are not installed and no
 * dead-letter file is written, so that only the shipping path is measured.
 *
 * @param url where the appender ships
 * @param dataStream {@code dataStream}
 * @param gzip {@code gzip}
 * @param batchMaxEvents {@code batchMaxEvents}
 * @param bufferBytes {@code bufferBytes}
 * @param lingerMillis {@code lingerMillis}
 */
public record Settings(
        String url, String dataStream, boolean gzip, int batchMaxEvents, long bufferBytes, long lingerMillis) {

    /** The appender's defaults, shipping to {@code url}. */
    public static Settings defaults(String url) {
        return new Settings(
                url,
                CallLogConfig.DEFAULT_DATA_STREAM,
                CallLogConfig.DEFAULT_GZIP,
                CallLogConfig.DEFAULT_BATCH_MAX_EVENTS,
                CallLogConfig.DEFAULT_BUFFER_BYTES,
                CallLogConfig.DEFAULT_LINGER_MILLIS);
    }

    public Settings withDataStream(String v) {
        return new Settings(url, v, gzip, batchMaxEvents, bufferBytes, lingerMillis);
    }

    public Settings withGzip(boolean v) {
        return new Settings(url, dataStream, v, batchMaxEvents, bufferBytes, lingerMillis);
    }

    public Settings withBatchMaxEvents(int v) {
        return new Settings(url, dataStream, gzip, v, bufferBytes, lingerMillis);
    }

    public Settings withBufferBytes(long v) {
        return new Settings(url, dataStream, gzip, batchMaxEvents, v, lingerMillis);
    }
}
