package dev.calllog.benchmarks.race;

import dev.calllog.testsupport.OpenSearchCluster;
import dev.calllog.testsupport.OpenSearchNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The race's other questions: a burst into a real node, how cost grows with the work, one node against three. */
final class RaceExtras {
    private RaceExtras() {}

    /** The heaps of the burst runs: modest services', so that "bounded" means something. */
    static final List<String> BURST_HEAPS = List.of("512m", "1g");

    /**
     * A burst of {@code --events} (200,000) call events logged from one thread as fast as it goes into a real single
     * node, each contender as its README configures it, in JVMs with each of {@link #BURST_HEAPS} as their maximum
     * heap: what is lost, how long until the last event is indexed, the heap's peak.
     */
    static String burst(Map<String, String> a, Path module, Path work) throws Exception {
        long events = Long.parseLong(a.getOrDefault("events", "200000"));
        List<Contender> contenders = a.containsKey("contenders")
                ? Race.contenders(a)
                : List.of(Contender.CALLLOG_LOGBACK, Contender.CALLLOG_LOG4J, Contender.AGIDO, Contender.RFOLTYNS);
        StringBuilder md = new StringBuilder("## Race: a burst into a real node\n\n");
        try (OpenSearchNode node = OpenSearchNode.builder().build().start()) {
            md.append("A burst of ")
                    .append(RaceReport.fmt(events))
                    .append(" call events logged from one thread as fast as it goes, into one OpenSearch ")
                    .append(node.version())
                    .append(" node, each contender as its README configures it, in a JVM with `-XX:+UseG1GC` and the"
                            + " maximum heap shown. Lost: events never indexed. Heap peak: the most heap in use (garbage"
                            + " included) while the burst was logged and shipped.\n\n")
                    .append(
                            "| contender | heap | lost | logging the burst took | until the last was indexed | events/s |"
                                    + " CPU s/1M | node CPU s/1M | caller median | caller p99 | longest call | heap peak |\n"
                                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String heap : BURST_HEAPS) {
                Forks forks = new Forks(module, work.resolve(heap), List.of("-Xmx" + heap, "-XX:+UseG1GC"));
                for (Contender c : contenders) {
                    Map<String, String> opts = new LinkedHashMap<>();
                    opts.put("events", String.valueOf(events));
                    opts.put("stall-millis", "30000");
                    opts.put("peer-pids", String.valueOf(node.pid().orElseThrow()));
                    String index = c.index("burst-" + heap);
                    try {
                        Map<String, String> r = forks.run(c, "burst", node.url(), index, true, opts);
                        md.append("| ")
                                .append(c.name())
                                .append(" | ")
                                .append(heap)
                                .append(" | ")
                                .append(RaceReport.fmt(RaceReport.d(r, "lost")))
                                .append(" | ")
                                .append(r.get("logging_seconds"))
                                .append(" s | ")
                                .append(r.get("seconds"))
                                .append(" s | ")
                                .append(RaceReport.fmt(RaceReport.d(r, "events_per_s")))
                                .append(" | ")
                                .append(RaceReport.dec(RaceReport.d(r, "cpu_s_per_m")))
                                .append(" | ")
                                .append(RaceReport.dec(RaceReport.d(r, "peer_cpu_s_per_m")))
                                .append(" | ")
                                .append(RaceReport.nanos(RaceReport.d(r, "median_ns")))
                                .append(" | ")
                                .append(RaceReport.nanos(RaceReport.d(r, "p99_ns")))
                                .append(" | ")
                                .append(RaceReport.nanos(RaceReport.d(r, "max_ns")))
                                .append(" | ")
                                .append(RaceReport.fmt(RaceReport.d(r, "heap_peak_mib")))
                                .append(" MiB |\n");
                    } catch (Exception e) {
                        md.append("| ")
                                .append(c.name())
                                .append(" | ")
                                .append(heap)
                                .append(" | failed: ")
                                .append(Race.firstLine(e.getMessage()).replace("|", "\\|"))
                                .append(" |||||||||\n");
                    }
                    node.http().delete(c.isPeer() ? "/" + index : "/_data_stream/" + index);
                }
            }
        }
        return md.toString();
    }

    /** One variation of the work: threads, key-values, message size. */
    private record Variation(String what, int threads, int kvs, int messageBytes, long events) {}

    /**
     * Events/s and CPU per event as the work grows (1, 2 and 4 logging threads; 1, 5 and 50 key-values; messages of 100
     * B, 1 KiB and 32 KiB), each contender with its large buffer (so that every figure is a shipping rate, never a
     * drop rate), warm, into the race sink.
     */
    static String scale(Map<String, String> a, Path module, Path work) throws Exception {
        long events = Long.parseLong(a.getOrDefault("events", "300000"));
        List<Contender> contenders = a.containsKey("contenders")
                ? Race.contenders(a)
                : List.of(
                        Contender.CALLLOG_LOGBACK_BIG,
                        Contender.CALLLOG_LOG4J_BIG,
                        Contender.AGIDO_BIG,
                        Contender.RFOLTYNS_BIG);
        List<Variation> variations = List.of(
                new Variation("1 thread (3 key-values, 19 B message)", 1, 3, 0, events),
                new Variation("2 threads", 2, 3, 0, events),
                new Variation("4 threads", 4, 3, 0, events),
                new Variation("1 key-value", 1, 1, 0, events),
                new Variation("5 key-values", 1, 5, 0, events),
                new Variation("50 key-values", 1, 50, 0, events / 4),
                new Variation("100 B message", 1, 3, 100, events),
                new Variation("1 KiB message", 1, 3, 1024, events / 2),
                new Variation("32 KiB message", 1, 3, 32768, Math.max(1000, events / 30)));
        Forks forks = new Forks(module, work, Forks.JVM_OPTIONS);
        StringBuilder md = new StringBuilder("## Race: how cost grows with the work\n\n");
        md.append(
                "Each contender with its large buffer, warm (as many events of warm-up as measured), into the race sink;"
                        + " one run per cell: events/s, then the contender's JVM CPU seconds per million events, then"
                        + " events lost.\n\n| work | events |");
        for (Contender c : contenders) {
            md.append(' ').append(c.name()).append(" |");
        }
        md.append("\n|---|---:|").append("---:|".repeat(contenders.size())).append('\n');
        try (RaceSink sink = RaceSink.start(4)) {
            sink.warmUp(Integer.parseInt(a.getOrDefault("sink-warmup", "2000")));
            int n = 0;
            for (Variation v : variations) {
                md.append("| ")
                        .append(v.what())
                        .append(" | ")
                        .append(RaceReport.fmt(v.events()))
                        .append(" |");
                for (Contender c : contenders) {
                    String run = "scale" + (++n);
                    Map<String, String> opts = new LinkedHashMap<>();
                    opts.put("warmup", String.valueOf(v.events()));
                    opts.put("events", String.valueOf(v.events()));
                    opts.put("threads", String.valueOf(v.threads()));
                    opts.put("kvs", String.valueOf(v.kvs()));
                    opts.put("message-bytes", String.valueOf(v.messageBytes()));
                    opts.put("peer-pids", String.valueOf(ProcessHandle.current().pid()));
                    try {
                        Map<String, String> r = forks.run(c, run, sink.url(), c.index(run), false, opts);
                        md.append(' ')
                                .append(RaceReport.fmt(RaceReport.d(r, "events_per_s")))
                                .append(" / ")
                                .append(RaceReport.dec(RaceReport.d(r, "cpu_s_per_m")))
                                .append(" s / ")
                                .append(RaceReport.fmt(RaceReport.d(r, "lost")))
                                .append(" |");
                    } catch (Exception e) {
                        md.append(" failed |");
                        System.err.println(c.name() + " " + v.what() + " failed: " + e.getMessage());
                    }
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /**
     * Node throughput on one node and on a local three-node cluster (the test harness starts it): the project's
     * Logback appender (all the cluster's URLs) and agido (one URL: it takes one), warm, into each.
     */
    static String cluster(Map<String, String> a, Path module, Path work) throws Exception {
        long events = Long.parseLong(a.getOrDefault("events", "200000"));
        List<Contender> contenders = a.containsKey("contenders")
                ? Race.contenders(a)
                : List.of(Contender.CALLLOG_LOGBACK, Contender.AGIDO_BIG);
        Forks forks = new Forks(module, work, Forks.JVM_OPTIONS);
        StringBuilder md = new StringBuilder("## Race: one node against a three-node cluster\n\n");
        md.append("The same machine (2 cores) runs one node, then three (the test harness's cluster, each node with the"
                        + " same heap); each contender warm (")
                .append(RaceReport.fmt(events / 4))
                .append(" events of warm-up, ")
                .append(RaceReport.fmt(events))
                .append(" measured). Node CPU: all the nodes' processes.\n\n")
                .append("| contender | nodes | events/s | CPU s/1M | nodes' CPU s/1M | lost |\n"
                        + "|---|---:|---:|---:|---:|---:|\n");
        try (OpenSearchNode node = OpenSearchNode.builder().build().start()) {
            for (Contender c : contenders) {
                clusterRow(
                        md,
                        forks,
                        c,
                        "one",
                        List.of(node.url()),
                        List.of(node.pid().orElseThrow()),
                        events,
                        1);
            }
        }
        try (OpenSearchCluster cluster =
                OpenSearchCluster.builder().size(3).build().start()) {
            List<Long> pids = new ArrayList<>();
            for (OpenSearchNode n : cluster.nodes()) {
                pids.add(n.pid().orElseThrow());
            }
            for (Contender c : contenders) {
                clusterRow(md, forks, c, "three", cluster.urls(), pids, events, 3);
            }
        }
        return md.toString();
    }

    private static void clusterRow(
            StringBuilder md,
            Forks forks,
            Contender c,
            String run,
            List<String> urls,
            List<Long> pids,
            long events,
            int nodes) {
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("warmup", String.valueOf(events / 4));
        opts.put("events", String.valueOf(events));
        opts.put("peer-pids", Race.join(pids));
        String url = c.isPeer() ? urls.get(0) : String.join(",", urls);
        // The driver looks at arrivals through the first node.
        opts.put("arrivals-url", urls.get(0));
        try {
            Map<String, String> r = forks.run(c, "cluster-" + run, url, c.index("cluster-" + run), true, opts);
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %s | %s | %s |%n",
                    c.name(),
                    nodes,
                    RaceReport.fmt(RaceReport.d(r, "events_per_s")),
                    RaceReport.dec(RaceReport.d(r, "cpu_s_per_m")),
                    RaceReport.dec(RaceReport.d(r, "peer_cpu_s_per_m")),
                    RaceReport.fmt(RaceReport.d(r, "lost"))));
        } catch (Exception e) {
            md.append("| ")
                    .append(c.name())
                    .append(" | ")
                    .append(nodes)
                    .append(" | failed: ")
                    .append(Race.firstLine(e.getMessage()).replace("|", "\\|"))
                    .append(" ||||\n");
        }
    }
}
