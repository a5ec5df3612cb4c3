package dev.calllog.benchmarks.race;

import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The race against the peers: every {@link Contender} logs the same event on the same JVM options, each in a JVM of its
 * own, into the same sink ({@code sink}: the JDK HTTP server of {@link RaceSink}, in this process) or the same real
 * OpenSearch node ({@code node}), in interleaved rounds, warm (after as many events of warm-up) and cold (a fresh JVM's
 * first events). Appends a Markdown section with one table for all contenders to {@code --out}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.race.Race sink --rounds=3 --events=1000000
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.race.Race node --rounds=3 --events=200000
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.race.Race burst --events=200000
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.race.Race scale --events=300000
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.race.Race cluster --events=200000
 * </pre>
 *
 * {@code --jfr=true} records every contender (and the node) with JFR, for {@link JfrProfile}. {@code --contenders=} limits the race to contenders whose slug contains one of the comma-separated words.
 */
public final class Race {
    private Race() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: Race sink|node|burst|scale|cluster [--rounds=N] [--events=N] [--out=file.md]");
            System.exit(2);
        }
        Map<String, String> a = RaceDriver.options(java.util.Arrays.copyOfRange(argv, 1, argv.length));
        Path module = Forks.module();
        Path work = module.resolve("target/race/" + argv[0]);
        String section =
                switch (argv[0]) {
                    case "sink", "node" -> race(argv[0].equals("node"), a, module, work);
                    case "burst" -> RaceExtras.burst(a, module, work);
                    case "scale" -> RaceExtras.scale(a, module, work);
                    case "cluster" -> RaceExtras.cluster(a, module, work);
                    default -> throw new IllegalArgumentException("unknown mode " + argv[0]);
                };
        System.out.println(section);
        String out = a.get("out");
        if (out != null) {
            Files.writeString(Path.of(out), section + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    static List<Contender> contenders(Map<String, String> a) {
        String only = a.get("contenders");
        if (only == null || only.isBlank()) {
            return Contender.all();
        }
        List<Contender> list = new ArrayList<>();
        for (Contender c : Contender.all()) {
            for (String w : only.split(",")) {
                if (c.slug().contains(w.trim())) {
                    list.add(c);
                    break;
                }
            }
        }
        return list;
    }

    /** One contender's results over the rounds. */
    static final class Results {
        final Contender contender;
        final List<Map<String, String>> warm = new ArrayList<>();
        final List<Map<String, String>> cold = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        String sample;

        Results(Contender contender) {
            this.contender = contender;
        }

        static double median(List<Map<String, String>> runs, String key) {
            List<Double> v = new ArrayList<>();
            for (Map<String, String> r : runs) {
                v.add(Double.parseDouble(r.get(key)));
            }
            if (v.isEmpty()) {
                return Double.NaN;
            }
            v.sort(null);
            int n = v.size();
            return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        }

        static long sum(List<Map<String, String>> runs, String key) {
            long s = 0;
            for (Map<String, String> r : runs) {
                s += Long.parseLong(r.get(key));
            }
            return s;
        }

        static String each(List<Map<String, String>> runs, String key, Function<Double, String> f) {
            List<String> s = new ArrayList<>();
            for (Map<String, String> r : runs) {
                s.add(f.apply(Double.parseDouble(r.get(key))));
            }
            return String.join(" / ", s);
        }
    }

    private static String race(boolean node, Map<String, String> a, Path module, Path work) throws Exception {
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        long events = Long.parseLong(a.getOrDefault("events", node ? "200000" : "1000000"));
        long warmup = Long.parseLong(a.getOrDefault("warmup", String.valueOf(node ? events / 4 : events)));
        long coldEvents = Long.parseLong(a.getOrDefault("cold-events", String.valueOf(node ? events / 2 : events / 5)));
        List<Contender> contenders = contenders(a);
        if (node && !a.containsKey("contenders")) {
            // Into a node, the project's default buffer (a quarter of the 2 GiB heap) is large enough: its 1 GiB
            // variants would measure the same thing again.
            contenders = contenders.stream().filter(c -> c.isPeer() || !c.big()).toList();
        }
        boolean jfr = Boolean.parseBoolean(a.getOrDefault("jfr", "false"));
        Forks forks = new Forks(module, work, Forks.JVM_OPTIONS).withJfr(jfr);
        Map<Contender, Results> results = new LinkedHashMap<>();
        for (Contender c : contenders) {
            results.put(c, new Results(c));
        }
        String where;
        RaceSink sink = null;
        OpenSearchNode os = null;
        try {
            String url;
            List<Long> pids = new ArrayList<>();
            OpenSearchHttp http = null;
            if (node) {
                OpenSearchNode.Builder b = OpenSearchNode.builder();
                if (jfr) {
                    // The node runs as another user: its recording goes where every user may write.
                    b.javaOpts("-XX:StartFlightRecording=filename=/tmp/calllog-race-node-"
                            + ProcessHandle.current().pid() + ".jfr,settings=profile,dumponexit=true");
                }
                os = b.build().start();
                url = os.url();
                pids.add(os.pid().orElseThrow());
                http = os.http();
                where = "one OpenSearch " + os.version() + " node on this machine (heap "
                        + System.getProperty(OpenSearchNode.HEAP_PROPERTY, OpenSearchNode.DEFAULT_HEAP) + ")";
            } else {
                sink = RaceSink.start(4);
                sink.warmUp(Integer.parseInt(a.getOrDefault("sink-warmup", "2000")));
                url = sink.url();
                pids.add(ProcessHandle.current().pid());
                where = "the race sink (the JDK's HTTP server, 4 threads, in the runner's JVM: it reads, gunzips and"
                        + " answers every bulk request in full, see `RaceSink`)";
            }
            for (int round = 1; round <= rounds; round++) {
                // Interleaved: each round starts with a different contender.
                List<Contender> order = new ArrayList<>(contenders);
                java.util.Collections.rotate(order, -(round - 1));
                for (Contender c : order) {
                    for (boolean warm : new boolean[] {true, false}) {
                        String run = "r" + round + (warm ? "-warm" : "-cold");
                        String index = c.index(run);
                        Map<String, String> opts = new LinkedHashMap<>();
                        opts.put("warmup", String.valueOf(warm ? warmup : 0));
                        opts.put("events", String.valueOf(warm ? events : coldEvents));
                        opts.put("peer-pids", join(pids));
                        try {
                            Map<String, String> r = forks.run(c, run, url, index, node, opts);
                            (warm ? results.get(c).warm : results.get(c).cold).add(r);
                            if (sink != null && round == 1 && warm) {
                                results.get(c).sample = sink.sample(index);
                            }
                            System.err.printf(
                                    Locale.ROOT,
                                    "%s %s: %s events/s, %s CPU s/1M, lost %s%n",
                                    c.name(),
                                    run,
                                    r.get("events_per_s"),
                                    r.get("cpu_s_per_m"),
                                    r.get("lost"));
                        } catch (Exception e) {
                            results.get(c).failures.add(run + ": " + firstLine(e.getMessage()));
                            System.err.println(c.name() + " " + run + " failed: " + e.getMessage());
                        }
                        if (http != null) {
                            delete(http, c, index);
                        }
                    }
                }
            }
        } finally {
            if (sink != null) {
                sink.close();
            }
            if (os != null) {
                os.close();
            }
        }
        return RaceReport.table(node, where, rounds, events, warmup, coldEvents, results);
    }

    private static void delete(OpenSearchHttp http, Contender c, String index) {
        if (c.isPeer()) {
            http.delete("/" + index);
        } else {
            http.delete("/_data_stream/" + index);
        }
    }

    static String join(List<Long> pids) {
        return String.join(",", pids.stream().map(String::valueOf).toList());
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
