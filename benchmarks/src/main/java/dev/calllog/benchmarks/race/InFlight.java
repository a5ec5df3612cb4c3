package dev.calllog.benchmarks.race;

import dev.calllog.benchmarks.BulkBodies;
import dev.calllog.benchmarks.RawLoader;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.setup.TemplateInstaller;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.testsupport.OpenSearchNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How much a real node indexes with 1, 2 or 4 bulk requests in flight, and with batches of 1,000, 5,000 or 10,000
 * events: the project's documents, pre-built (so that no client work limits it), loaded into the project's data stream
 * by raw loaders, one connection each, the batches split between them. Node CPU per million events alongside.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.race.InFlight --events=200000
 * </pre>
 */
public final class InFlight {
    private static final String FILTER = "?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason";

    private InFlight() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = RaceDriver.options(argv);
        long events = Long.parseLong(a.getOrDefault("events", "200000"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "2"));
        StringBuilder md = new StringBuilder("## Requests in flight and batch size, into a real node\n\n");
        try (OpenSearchNode node = OpenSearchNode.builder().build().start()) {
            CallLogConfig config = new CallLogConfig();
            config.addUrl(node.url());
            try (OpenSearchHttpTransport transport = OpenSearchHttpTransport.create(config)) {
                new TemplateInstaller(transport, StatusSink.stderr()).install();
            }
            long pid = node.pid().orElseThrow();
            md.append("The project's documents, pre-built, loaded into its data stream on one OpenSearch ")
                    .append(node.version())
                    .append(" node by raw loaders (one connection each, each sending its share of the batches one at a"
                            + " time), ")
                    .append(RaceReport.fmt(events))
                    .append(" events per run, ")
                    .append(rounds)
                    .append(" interleaved rounds: events/s / node CPU s per 1M events, each round.\n\n")
                    .append("| batch | 1 in flight | 2 in flight | 4 in flight |\n|---:|---|---|---|\n");
            int[] batches = {1000, 5000, 10000};
            int[] inFlight = {1, 2, 4};
            String[][] cells = new String[batches.length][inFlight.length];
            int run = 0;
            load(node.url(), pid, "calllog-inflight-warmup", BulkBodies.ndjson(10, 5000), 5000, 2, 10);
            for (int r = 0; r < rounds; r++) {
                for (int b = 0; b < batches.length; b++) {
                    List<byte[]> bodies = BulkBodies.ndjson((int) (events / batches[b]), batches[b]);
                    for (int f = 0; f < inFlight.length; f++) {
                        String ds = "calllog-inflight-" + (run++);
                        double[] x = load(node.url(), pid, ds, bodies, batches[b], inFlight[f], bodies.size());
                        node.http().delete("/_data_stream/" + ds);
                        String cell = String.format(Locale.ROOT, "%s / %.1f", RaceReport.fmt(x[0]), x[1]);
                        cells[b][f] = cells[b][f] == null ? cell : cells[b][f] + "; " + cell;
                        System.err.printf(Locale.ROOT, "batch %d, %d in flight: %s%n", batches[b], inFlight[f], cell);
                    }
                }
            }
            for (int b = 0; b < batches.length; b++) {
                md.append("| ").append(RaceReport.fmt(batches[b])).append(" | ");
                md.append(String.join(" | ", cells[b])).append(" |\n");
            }
        }
        String section = md.toString();
        System.out.println(section);
        String out = a.get("out");
        if (out != null) {
            Files.writeString(Path.of(out), section + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    /** Sends {@code requests} bodies split over {@code parallel} loaders; returns events/s and node CPU s/1M. */
    private static double[] load(
            String url, long pid, String ds, List<byte[]> bodies, int batch, int parallel, int requests)
            throws Exception {
        List<List<RawLoader.Prepared>> shares = new ArrayList<>();
        List<RawLoader> loaders = new ArrayList<>();
        for (int p = 0; p < parallel; p++) {
            RawLoader l = new RawLoader(url);
            loaders.add(l);
            List<RawLoader.Prepared> share = new ArrayList<>();
            for (int i = p; i < requests; i += parallel) {
                share.add(l.prepare("/" + ds + "/_bulk" + FILTER, bodies.get(i % bodies.size()), false, batch));
            }
            shares.add(share);
        }
        // The data stream is created by the first write: before the timing.
        loaders.get(0).call("PUT", "/_data_stream/" + ds, null);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long cpu0 = RaceDriver.cpuNanos(List.of(pid));
        long t0 = System.nanoTime();
        for (int p = 0; p < parallel; p++) {
            RawLoader l = loaders.get(p);
            List<RawLoader.Prepared> share = shares.get(p);
            Thread t = new Thread(() -> {
                try {
                    l.send(share, share.size());
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long t1 = System.nanoTime();
        long cpu1 = RaceDriver.cpuNanos(List.of(pid));
        for (RawLoader l : loaders) {
            l.close();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        long events = (long) requests * batch;
        return new double[] {events * 1e9 / (t1 - t0), (cpu1 - cpu0) / 1e9 * 1e6 / events};
    }
}
