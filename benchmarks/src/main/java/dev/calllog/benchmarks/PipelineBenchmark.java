package dev.calllog.benchmarks;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.setup.TemplateInstaller;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The end-to-end runner (a plain main, not JMH): {@code sink} measures the appender's own ceiling against {@link
 * InstantBulkSink}, {@code node} the sustained rate into a real local OpenSearch node, {@code memory} heap and off-heap
 * use at a steady rate and under a 10x burst. Each appends a Markdown section to {@code --out} (and prints it).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.PipelineBenchmark sink --events=1000000
 * </pre>
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: PipelineBenchmark sink|node|memory [--events=N] [--out=results.md]");
            System.exit(2);
        }
        Map<String, String> args = options(argv);
        LogbackLogging.quiet(); // before anything logs through SLF4J (the HTTP client does)
        String section =
                switch (argv[0]) {
                    case "sink" -> sink(args);
                    case "node" -> node(args);
                    case "memory" -> memory(args);
                    default -> throw new IllegalArgumentException("unknown mode " + argv[0]);
                };
        System.out.println(section);
        String out = args.get("out");
        if (out != null) {
            Files.writeString(Path.of(out), section + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(0); // the logging frameworks' non-daemon threads, if any, must not keep the JVM up
    }

    // ---- 2. pipeline throughput against the instant sink ----

    static String sink(Map<String, String> args) throws Exception {
        long events = Long.parseLong(args.getOrDefault("events", "1000000"));
        long warmup = Long.parseLong(args.getOrDefault("warmup", String.valueOf(Math.max(events / 2, 10_000))));
        int batch = CallLogConfig.DEFAULT_BATCH_MAX_EVENTS;
        StringBuilder md = new StringBuilder("## Pipeline throughput: appender into an instant sink\n\n");
        md.append("Events logged on one thread through the appender (defaults: batches of ")
                .append(batch)
                .append(", gzip level 1) into an in-process HTTP server that reads each body, gunzips it, counts its"
                        + " items and answers a valid bulk response at once; timed from the first logging call until"
                        + " the last bulk request was received. The raw loader sends the same documents, pre-built"
                        + " into bodies of the same batch size, over one keep-alive connection, writing raw bytes to a"
                        + " socket (the sink's physical limit); the client loader sends the same bodies through the"
                        + " appender's own HTTP client (opensearch-java over Apache HttpClient 5, configured as the"
                        + " appender configures it), one request at a time. ")
                .append(events)
                .append(" events per run after ")
                .append(warmup)
                .append(" to warm up.\n\n");
        List<byte[]> bodies = BulkBodies.ndjson(8, batch);
        // For profiling one path: --only=logback|log4j2 --gzip=true|false skip the other runs.
        String only = args.get("only");
        String gzip = args.get("gzip");
        List<Throughput> runs = new ArrayList<>();
        Throughput rawPlain;
        Throughput rawGzip;
        Throughput clientPlain;
        Throughput clientGzip;
        try (InstantBulkSink sink = InstantBulkSink.start()) {
            Settings settings = Settings.defaults(sink.url());
            rawPlain = PipelineRuns.rawToSink("raw loader, NDJSON", sink, bodies, false, batch, warmup, events);
            rawGzip = PipelineRuns.rawToSink("raw loader, gzip", sink, bodies, true, batch, warmup, events);
            clientPlain =
                    PipelineRuns.clientToSink("client loader, NDJSON", sink, bodies, false, batch, warmup, events);
            clientGzip = PipelineRuns.clientToSink("client loader, gzip", sink, bodies, true, batch, warmup, events);
            runs.add(rawPlain);
            runs.add(rawGzip);
            runs.add(clientPlain);
            runs.add(clientGzip);
            for (Framework f : Framework.values()) {
                if (only != null && !only.equalsIgnoreCase(f.name())) {
                    continue;
                }
                String name = f == Framework.LOGBACK ? "Logback" : "Log4j 2";
                if (gzip == null || gzip.equals("true")) {
                    runs.add(PipelineRuns.appenderToSink(
                            name + " appender, gzip (default)", f, settings, sink, warmup, events));
                }
                if (gzip == null || gzip.equals("false")) {
                    runs.add(PipelineRuns.appenderToSink(
                            name + " appender, no gzip", f, settings.withGzip(false), sink, warmup, events));
                }
            }
        }
        md.append(Throughput.header());
        for (Throughput t : runs) {
            md.append(t.row());
        }
        md.append("\nRatios to the loaders sending the same bytes (the target is 90% of the raw loader):\n\n");
        for (Throughput t : runs.subList(4, runs.size())) {
            boolean plain = t.what().contains("no gzip");
            Throughput raw = plain ? rawPlain : rawGzip;
            Throughput client = plain ? clientPlain : clientGzip;
            md.append("- ")
                    .append(t.what())
                    .append(": ")
                    .append(pct(t.eventsPerSecond() / raw.eventsPerSecond()))
                    .append(" of the ")
                    .append(raw.what())
                    .append("; ")
                    .append(pct(t.eventsPerSecond() / rawPlain.eventsPerSecond()))
                    .append(" of the raw NDJSON loader; ")
                    .append(pct(t.eventsPerSecond() / client.eventsPerSecond()))
                    .append(" of the ")
                    .append(client.what())
                    .append("\n");
        }
        for (Throughput t : runs.subList(4, runs.size())) {
            if (t.what().contains("(default)")) {
                double ratio = t.eventsPerSecond() / rawPlain.eventsPerSecond();
                double cpu = t.cpuSecondsPerMillion(null);
                md.append("- Targets, ")
                        .append(t.what())
                        .append(": ")
                        .append(pct(ratio))
                        .append(" of the raw NDJSON loader (target at least 90%: ")
                        .append(ratio >= 0.9 ? "met" : "not met")
                        .append("), ")
                        .append(Throughput.fmt(cpu))
                        .append(" CPU s per 1M events for the whole process, sink included (target at most 5: ")
                        .append(cpu <= 5 ? "met" : "not met")
                        .append(")\n");
            }
        }
        md.append("\nThe sink's own ceiling (events per second of its CPU time, one core): ")
                .append(Throughput.fmt(rawPlain.sinkCeiling()))
                .append(" for NDJSON, ")
                .append(Throughput.fmt(rawGzip.sinkCeiling()))
                .append(" gzipped.\n");
        return md.toString();
    }

    // ---- 3. end to end into a real node ----

    static String node(Map<String, String> args) throws Exception {
        long events = Long.parseLong(args.getOrDefault("events", "300000"));
        int batch = CallLogConfig.DEFAULT_BATCH_MAX_EVENTS;
        events = events / batch * batch;
        StringBuilder md = new StringBuilder("## End to end: into a real local OpenSearch node\n\n");
        try (OpenSearchNode node = OpenSearchNode.builder().build().start()) {
            md.append("One OpenSearch ")
                    .append(node.version())
                    .append(" node on this machine (heap ")
                    .append(System.getProperty(OpenSearchNode.HEAP_PROPERTY, OpenSearchNode.DEFAULT_HEAP))
                    .append(
                            "), sharing its cores with the benchmark. The raw `_bulk` loader sends pre-built NDJSON"
                                    + " bodies of the same documents (asking for the same cut-down answer as the appender, `filter_path`), ")
                    .append(batch)
                    .append(
                            " per request, one request at a time, before, between and after the appender's runs; the appender"
                                    + " (Logback, defaults: gzip, batches of ")
                    .append(batch)
                    .append(") is timed from the first logging call until the node acknowledged the last event. ")
                    .append("Each run writes ")
                    .append(events)
                    .append(" events into a data stream of its own; the counts are verified on the node.\n\n");
            installTemplates(node.url());
            OpenSearchHttp http = node.http();
            List<byte[]> bodies = BulkBodies.ndjson((int) (events / batch), batch);

            // Warm up the node and both clients.
            rawToNode(node, "calllog-bench-warmup-raw", bodies.subList(0, Math.min(20, bodies.size())), batch);
            appenderToNode(node, "calllog-bench-warmup-appender", Math.min(events, 100_000), true);

            // Raw runs before, between and after the appender's, so that a drift of the node (or of the machine)
            // shows, and the ceiling is their median.
            List<String[]> rows = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            Rate r = rawToNode(node, "calllog-bench-raw-1", bodies, batch);
            raw.add(r.perSecond());
            rows.add(row("raw `_bulk` loader, NDJSON (1)", events, r, count(http, "calllog-bench-raw-1")));
            Rate app = appenderToNode(node, "calllog-bench-appender", events, true);
            rows.add(row("Logback appender, gzip (default)", events, app, count(http, "calllog-bench-appender")));
            r = rawToNode(node, "calllog-bench-raw-2", bodies, batch);
            raw.add(r.perSecond());
            rows.add(row("raw `_bulk` loader, NDJSON (2)", events, r, count(http, "calllog-bench-raw-2")));
            Rate appPlain = appenderToNode(node, "calllog-bench-appender-plain", events, false);
            rows.add(row("Logback appender, no gzip", events, appPlain, count(http, "calllog-bench-appender-plain")));
            r = rawToNode(node, "calllog-bench-raw-3", bodies, batch);
            raw.add(r.perSecond());
            rows.add(row("raw `_bulk` loader, NDJSON (3)", events, r, count(http, "calllog-bench-raw-3")));

            md.append("| run | events | indexed (verified) | events/s | CPU s per 1M events: benchmark JVM |"
                    + " logging (or loading) thread | shipper + HTTP client | node | requests |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String[] row : rows) {
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            raw.sort(null);
            double ceiling = raw.get(1);
            md.append("\nThe node's ceiling (median of the three raw runs): ")
                    .append(Throughput.fmt(ceiling))
                    .append(" events/s. Appender / ceiling: ")
                    .append(pct(app.perSecond() / ceiling))
                    .append(" with gzip (default), ")
                    .append(pct(appPlain.perSecond() / ceiling))
                    .append(" without (target at least 90% with the defaults: ")
                    .append(app.perSecond() >= 0.9 * ceiling ? "met" : "not met")
                    .append(").\n");
        }
        return md.toString();
    }

    private static String[] row(String what, long events, Rate rate, long indexed) {
        if (indexed != events) {
            throw new IllegalStateException(what + ": " + indexed + " documents indexed for " + events);
        }
        return new String[] {
            what,
            Throughput.fmt(events),
            Throughput.fmt(indexed),
            Throughput.fmt(rate.perSecond()),
            Throughput.fmt(rate.cpuSecondsPerMillion()),
            Throughput.fmt(rate.callerCpuSecondsPerMillion()),
            Throughput.fmt(rate.appenderCpuSecondsPerMillion()),
            Throughput.fmt(rate.nodeCpuSecondsPerMillion()),
            String.valueOf(rate.requests())
        };
    }

    private static void installTemplates(String url) throws Exception {
        CallLogConfig config = new CallLogConfig();
        config.addUrl(url);
        try (OpenSearchHttpTransport transport = OpenSearchHttpTransport.create(config)) {
            new TemplateInstaller(transport, StatusSink.stderr()).install();
        }
    }

    /**
     * The raw loader asks for the same cut-down answer as the appender (every item's status, the errors), so that the
     * node does the same work for both.
     */
    static final String RESPONSE_FILTER = "?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason";

    /** Events per second, and the CPU this JVM and the node used per million events. */
    record Rate(
            double perSecond,
            double cpuSecondsPerMillion,
            double callerCpuSecondsPerMillion,
            double appenderCpuSecondsPerMillion,
            double nodeCpuSecondsPerMillion,
            long requests) {
        static Rate of(long events, long nanos, CpuTimes.Usage cpu, long nodeCpuNanos, long requests) {
            double perMillion = 1e6 / events / 1e9;
            return new Rate(
                    events * 1e9 / nanos,
                    cpu.processNanos() * perMillion,
                    cpu.nanos(CpuTimes.Group.CALLER) * perMillion,
                    (cpu.nanos(CpuTimes.Group.SHIPPER) + cpu.nanos(CpuTimes.Group.HTTP_CLIENT)) * perMillion,
                    nodeCpuNanos * perMillion,
                    requests);
        }
    }

    /** CPU time of the node's process and its descendants (the launcher may have started the JVM as a child). */
    static long nodeCpuNanos(OpenSearchNode node) {
        long pid = node.pid().orElseThrow();
        ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
        long sum = 0;
        for (ProcessHandle p :
                Stream.concat(Stream.of(root), root.descendants()).toList()) {
            sum += p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }
        return sum;
    }

    /** Sends the bodies to the data stream, one request at a time. */
    private static Rate rawToNode(OpenSearchNode node, String dataStream, List<byte[]> bodies, int batch)
            throws IOException {
        try (RawLoader loader = new RawLoader(node.url())) {
            List<RawLoader.Prepared> prepared = new ArrayList<>();
            for (byte[] b : bodies) {
                prepared.add(loader.prepare("/" + dataStream + "/_bulk" + RESPONSE_FILTER, b, false, batch));
            }
            CpuTimes before = CpuTimes.now(Thread.currentThread());
            long nodeBefore = nodeCpuNanos(node);
            long start = System.nanoTime();
            long sent = loader.send(prepared, prepared.size());
            long end = System.nanoTime();
            return Rate.of(
                    sent,
                    end - start,
                    CpuTimes.now(Thread.currentThread()).since(before, 0),
                    nodeCpuNanos(node) - nodeBefore,
                    prepared.size());
        }
    }

    /** Logs the events through the Logback appender into the data stream. */
    private static Rate appenderToNode(OpenSearchNode node, String dataStream, long events, boolean gzip) {
        Settings settings =
                Settings.defaults(node.url()).withDataStream(dataStream).withGzip(gzip);
        try (CallLogging logging = Framework.LOGBACK.open(Variant.CALLLOG, settings)) {
            logging.enterCall();
            CpuTimes before = CpuTimes.now(Thread.currentThread());
            long nodeBefore = nodeCpuNanos(node);
            long start = System.nanoTime();
            PipelineRuns.produce(logging, 0, events, () -> settled(logging.metrics()));
            if (!logging.flush(TimeUnit.MINUTES.toMillis(10))) {
                throw new IllegalStateException(dataStream + ": not delivered in time: " + logging.metrics());
            }
            long end = System.nanoTime();
            CpuTimes.Usage cpu = CpuTimes.now(Thread.currentThread()).since(before, 0);
            long nodeCpu = nodeCpuNanos(node) - nodeBefore;
            ShippingMetrics.Snapshot m = logging.metrics();
            if (m.delivered() != events || m.droppedTotal() != 0) {
                throw new IllegalStateException(dataStream + ": " + m);
            }
            return Rate.of(events, end - start, cpu, nodeCpu, m.bulkRequests());
        }
    }

    private static long settled(ShippingMetrics.Snapshot m) {
        return m.delivered() + m.duplicates() + m.deadLettered() + m.droppedTotal();
    }

    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    private static long count(OpenSearchHttp http, String dataStream) {
        http.post("/" + dataStream + "/_refresh", "");
        OpenSearchHttp.Response r = http.get("/" + dataStream + "/_count");
        Matcher m = COUNT.matcher(r.body());
        if (!r.ok() || !m.find()) {
            throw new IllegalStateException("cannot count " + dataStream + ": " + r);
        }
        return Long.parseLong(m.group(1));
    }

    // ---- 4. memory ----

    static String memory(Map<String, String> args) throws Exception {
        int steady = Integer.parseInt(args.getOrDefault("rate", "10000"));
        int burstFactor = 10;
        long bufferBytes = CallLogConfig.DEFAULT_BUFFER_BYTES;
        StringBuilder md = new StringBuilder("## Memory: steady rate and a 10x burst\n\n");
        MemorySampler sampler = new MemorySampler();
        try (InstantBulkSink sink = InstantBulkSink.start()) {
            MemorySampler.Sample idle = sampler.sampleAfterGc();
            Map<String, MemorySampler.Phase> phases = new LinkedHashMap<>();
            ShippingMetrics.Snapshot end;
            try (CallLogging logging = Framework.LOGBACK.open(Variant.CALLLOG, Settings.defaults(sink.url()))) {
                logging.enterCall();
                sampler.bind(() -> logging.metrics().bufferedBytes());
                long i = 0;
                i = atRate(logging, i, steady, 5, null); // warm-up, not reported
                i = atRate(logging, i, steady, 10, sampler.phase(phases, "steady, " + steady + " events/s"));
                i = atRate(
                        logging,
                        i,
                        steady * burstFactor,
                        5,
                        sampler.phase(phases, "burst, " + steady * burstFactor + " events/s for 5 s"));
                i = atRate(logging, i, steady, 10, sampler.phase(phases, "after the burst, " + steady + " events/s"));
                flatOut(logging, i, 5, sampler.phase(phases, "overload: one thread logging flat out for 5 s"));
                logging.flush(60_000);
                end = logging.metrics();
            }
            md.append("The Logback appender with its defaults (`bufferBytes` = ")
                    .append(bufferBytes / (1024 * 1024))
                    .append(" MiB) shipping into the instant sink; the JVM runs with ")
                    .append(MemorySampler.heapFlags())
                    .append(". Sampled every 20 ms; \"heap live\" is the heap in use after the last collection. Before"
                            + " the appender started: heap live ")
                    .append(MemorySampler.mib(idle.heapLive()))
                    .append(", NIO buffers ")
                    .append(MemorySampler.mib(idle.nio()))
                    .append(", RSS ")
                    .append(MemorySampler.mib(idle.rss()))
                    .append(".\n\n");
            md.append(MemorySampler.header());
            for (Map.Entry<String, MemorySampler.Phase> e : phases.entrySet()) {
                md.append(e.getValue().row(e.getKey()));
            }
            md.append("\nThe appender's counters at the end: ")
                    .append(end)
                    .append(
                            ". Flat out, one thread logs faster than the pipeline ships: the buffer fills to `bufferBytes` and"
                                    + " the events beyond it are dropped and counted (`BUFFER_FULL`), while memory stays bounded.\n");
            md.append(
                            "\nWhat a full buffer really holds: with the cluster unreachable, one thread logs until the buffer is"
                                    + " full (`bufferBytes` = ")
                    .append(bufferBytes / (1024 * 1024))
                    .append(" MiB, estimated), then a full collection; \"heap held\" is the live heap above the idle"
                            + " reading.\n\n")
                    .append("| framework | events buffered | buffer (estimated) | heap held | heap per event |"
                            + " estimate per event |\n|---|---:|---:|---:|---:|---:|\n");
            for (Framework f : Framework.values()) {
                md.append(fullBuffer(f, sampler, idle));
            }
        }
        return md.toString();
    }

    /** One row: the buffer of {@code framework}'s appender filled while no cluster answers, and what it holds. */
    private static String fullBuffer(Framework framework, MemorySampler sampler, MemorySampler.Sample idle) {
        // Nothing listens on port 1: every request is refused at once, and the records stay in the buffer.
        try (CallLogging logging = framework.open(Variant.CALLLOG, Settings.defaults("http://127.0.0.1:1"))) {
            logging.enterCall();
            long i = 0;
            while (logging.metrics().droppedTotal() == 0 && i < 50_000_000L) {
                for (int k = 0; k < 1000; k++) {
                    logging.log(i++);
                }
            }
            ShippingMetrics.Snapshot m = logging.metrics();
            MemorySampler.Sample full = sampler.sampleAfterGc();
            long held = full.heapLive() - idle.heapLive();
            long events = m.bufferedEvents();
            return "| " + (framework == Framework.LOGBACK ? "Logback" : "Log4j 2") + " | "
                    + Throughput.fmt(events) + " | " + MemorySampler.mib(m.bufferedBytes()) + " | "
                    + MemorySampler.mib(held) + " | " + (events == 0 ? "-" : held / events + " B") + " | "
                    + (events == 0 ? "-" : m.bufferedBytes() / events + " B") + " |\n";
        }
    }

    /** Logs as fast as this thread can for {@code seconds}, sampling into {@code phase}. */
    private static long flatOut(CallLogging logging, long from, int seconds, MemorySampler.Phase phase) {
        long i = from;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (long now = System.nanoTime(); now - end < 0; now = System.nanoTime()) {
            for (int k = 0; k < 1000; k++) {
                logging.log(i++);
            }
            phase.maybeSample(now);
        }
        return i;
    }

    /** Logs at {@code rate} events per second for {@code seconds}, sampling into {@code phase} when given. */
    private static long atRate(CallLogging logging, long from, int rate, int seconds, MemorySampler.Phase phase) {
        long i = from;
        long start = System.nanoTime();
        long tick = TimeUnit.MILLISECONDS.toNanos(1);
        int perTick = Math.max(1, rate / 1000);
        long ticks = seconds * 1000L;
        for (long t = 0; t < ticks; t++) {
            for (int k = 0; k < perTick; k++) {
                logging.log(i++);
            }
            long next = start + (t + 1) * tick;
            if (phase != null) {
                phase.maybeSample(next);
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return i;
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    private static Map<String, String> options(String[] argv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + a);
            }
            m.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return m;
    }
}
