package dev.calllog.benchmarks;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.transport.HttpResult;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.core.metrics.ShippingMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The runs the pipeline benchmark is made of: the appender logging into a server, and the raw loader sending pre-built
 * bodies to it. Each run warms up first, then measures.
 */
public final class PipelineRuns {
    /**
     * The producer never lets more events than this wait in the appender (a quarter of the default buffer at 1 KiB an
     * event, several batches): the run measures the shipping path, never the dropping one.
     */
    static final long MAX_BACKLOG_EVENTS = 16_384;

    /**
     * How long the producer sleeps between looks at the backlog: long enough that its waiting costs next to no CPU (a
     * real node, at tens of thousands of events per second, shares the cores), short enough that the buffer never runs
     * dry (a quarter of the backlog is still queued when it wakes).
     */
    static final long WAIT_NANOS = 1_000_000;

    private PipelineRuns() {}

    /** Logs {@code events} through the framework's call-log appender into {@code sink}; verifies every one arrived. */
    public static Throughput appenderToSink(
            String what, Framework framework, Settings settings, InstantBulkSink sink, long warmup, long events) {
        try (CallLogging logging = framework.open(Variant.CALLLOG, settings)) {
            logging.enterCall();
            sink.reset();
            produce(logging, 0, warmup, sink::documents);
            awaitSink(sink, warmup, logging);
            sink.reset();

            CpuTimes before = CpuTimes.now(Thread.currentThread());
            long sinkBefore = sink.cpuNanos();
            long start = System.nanoTime();
            produce(logging, warmup, events, sink::documents);
            awaitSink(sink, events, logging);
            long end = sink.lastRequestNanos();
            CpuTimes after = CpuTimes.now(Thread.currentThread());
            Throughput t = new Throughput(
                    what,
                    sink.documents(),
                    end - start,
                    after.since(before, sink.cpuNanos() - sinkBefore),
                    sink.requests(),
                    sink.wireBytes(),
                    sink.bodyBytes());
            // Nothing more may come: every event once.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            if (sink.documents() != events) {
                throw new IllegalStateException(
                        what + ": " + sink.documents() + " documents for " + events + " events");
            }
            return t;
        }
    }

    /** Sends {@code events} documents as pre-built bodies of {@code batch} documents to {@code sink}. */
    public static Throughput rawToSink(
            String what, InstantBulkSink sink, List<byte[]> ndjson, boolean gzip, int batch, long warmup, long events)
            throws IOException {
        try (RawLoader loader = new RawLoader(sink.url())) {
            List<RawLoader.Prepared> bodies = new ArrayList<>();
            for (byte[] b : ndjson) {
                bodies.add(loader.prepare("/calllog-events/_bulk", gzip ? BulkBodies.gzip(b) : b, gzip, batch));
            }
            return timedLoad(what, sink, requests -> loader.send(bodies, requests), batch, warmup, events);
        }
    }

    /**
     * The raw loader's work done through the appender's own HTTP client ({@link OpenSearchHttpTransport}: opensearch-java
     * over Apache HttpClient 5, as the appender configures it): the same pre-built bodies, path, response filter and
     * headers the appender sends, one request at a time, checking each answer's status and {@code "errors":false}.
     * What it reaches is the ceiling of that client for these bodies, without any per-event work.
     */
    public static Throughput clientToSink(
            String what, InstantBulkSink sink, List<byte[]> ndjson, boolean gzip, int batch, long warmup, long events)
            throws Exception {
        CallLogConfig config = BulkBodies.defaults();
        config.addUrl(sink.url());
        List<byte[]> bodies = new ArrayList<>();
        for (byte[] b : ndjson) {
            bodies.add(gzip ? BulkBodies.gzip(b) : b);
        }
        Map<String, String> headers = gzip
                ? Map.of(
                        "Content-Type", "application/x-ndjson",
                        "Content-Encoding", "gzip",
                        "Accept-Encoding", "gzip")
                : Map.of("Content-Type", "application/x-ndjson");
        String path = "/calllog-events/_bulk?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason";
        try (OpenSearchHttpTransport client = OpenSearchHttpTransport.create(config)) {
            return timedLoad(
                    what,
                    sink,
                    requests -> sendAll(client, path, bodies, headers, requests, batch),
                    batch,
                    warmup,
                    events);
        }
    }

    /** Sends {@code requests} pre-built bodies in turn; returns the documents sent. */
    @FunctionalInterface
    private interface Load {
        long send(int requests) throws IOException;
    }

    /**
     * Warms {@code load} up with {@code warmup} documents, then times {@code events} documents from the first request to
     * the last one the sink received, with the CPU of this thread, the sink and the rest of the process.
     */
    private static Throughput timedLoad(
            String what, InstantBulkSink sink, Load load, int batch, long warmup, long events) throws IOException {
        sink.reset();
        load.send((int) (warmup / batch));
        sink.reset();
        CpuTimes before = CpuTimes.now(Thread.currentThread());
        long sinkBefore = sink.cpuNanos();
        long start = System.nanoTime();
        long sent = load.send((int) (events / batch));
        long end = sink.lastRequestNanos();
        CpuTimes after = CpuTimes.now(Thread.currentThread());
        if (sink.documents() != sent) {
            throw new IllegalStateException(what + ": " + sink.documents() + " documents for " + sent + " sent");
        }
        return new Throughput(
                what,
                sent,
                end - start,
                after.since(before, sink.cpuNanos() - sinkBefore),
                sink.requests(),
                sink.wireBytes(),
                sink.bodyBytes());
    }

    private static long sendAll(
            OpenSearchHttpTransport client,
            String path,
            List<byte[]> bodies,
            Map<String, String> headers,
            int requests,
            int batch)
            throws IOException {
        long documents = 0;
        for (int i = 0; i < requests; i++) {
            byte[] body = bodies.get(i % bodies.size());
            HttpResult r = client.send("POST", path, body, 0, body.length, headers);
            String start = new String(r.body(), 0, Math.min(r.body().length, 64), StandardCharsets.US_ASCII);
            if (r.status() != 200 || !start.contains("\"errors\":false")) {
                throw new IOException("bulk request answered " + r.status() + ": " + r.bodyText(300));
            }
            documents += batch;
        }
        return documents;
    }

    /**
     * Logs events {@code [from, from + n)} as fast as the appender takes them: when more than {@link
     * #MAX_BACKLOG_EVENTS} are logged and not yet {@code arrived} (counted from this call's first event), waits for
     * the backlog to shrink to a quarter.
     */
    static void produce(CallLogging logging, long from, long n, LongSupplier arrived) {
        for (long k = 0; k < n; k++) {
            logging.log(from + k);
            if ((k & 1023) == 1023 && k + 1 - arrived.getAsLong() > MAX_BACKLOG_EVENTS) {
                while (k + 1 - arrived.getAsLong() > MAX_BACKLOG_EVENTS / 4) {
                    LockSupport.parkNanos(WAIT_NANOS);
                }
            }
        }
    }

    private static void awaitSink(InstantBulkSink sink, long events, CallLogging logging) {
        if (!sink.awaitDocuments(events, 120_000)) {
            ShippingMetrics.Snapshot m = logging.metrics();
            throw new IllegalStateException("only " + sink.documents() + " of " + events + " events arrived"
                    + (m == null ? "" : " (" + m + ")"));
        }
    }
}
