package dev.calllog.benchmarks.race;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The race's Markdown: one table for every contender, the ratios against the best peer, each target judged per round. */
final class RaceReport {
    private RaceReport() {}

    static String table(
            boolean node,
            String where,
            int rounds,
            long events,
            long warmup,
            long coldEvents,
            Map<Contender, Race.Results> results) {
        StringBuilder md =
                new StringBuilder(node ? "## Race: into a real OpenSearch node\n\n" : "## Race: the pipeline\n\n");
        md.append("Every contender in a JVM of its own (`")
                .append(String.join(" ", Forks.JVM_OPTIONS))
                .append(
                        "`), on its own class path, logs the same event (marker `agent_message_sent`, call and agent ids"
                                + " in the MDC / ThreadContext, three key-values, the message \"Which order number?\") on one"
                                + " thread as fast as it is taken, into ")
                .append(where)
                .append(". ")
                .append(rounds)
                .append(" interleaved rounds (each starts with another contender). Warm: ")
                .append(fmt(events))
                .append(" events after ")
                .append(fmt(warmup))
                .append(" of warm-up; cold: a fresh JVM's first ")
                .append(fmt(coldEvents))
                .append(". Events/s from the first measured call until the last event arrived; CPU per million events"
                        + " arrived, of the contender's JVM (every thread) and of the ")
                .append(node ? "node" : "sink")
                .append("; caller: each logging call timed; lost: events that never arrived (summed over the rounds)."
                        + " Medians over the rounds, each round's value after it.\n\n");
        md.append("| contender | warm events/s | per round | CPU s/1M | ")
                .append(node ? "node" : "sink")
                .append(" CPU s/1M | caller median | caller p99 | lost | cold events/s | cold CPU s/1M | cold lost |"
                        + " heap peak |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Race.Results r : results.values()) {
            if (r.warm.isEmpty()) {
                md.append("| ")
                        .append(r.contender.name())
                        .append(" | failed: ")
                        .append(String.join("; ", r.failures).replace("|", "\\|"))
                        .append(" |||||||||||\n");
                continue;
            }
            md.append("| ")
                    .append(r.contender.name())
                    .append(" | ")
                    .append(fmt(Race.Results.median(r.warm, "events_per_s")))
                    .append(" | ")
                    .append(Race.Results.each(r.warm, "events_per_s", RaceReport::thousands))
                    .append(" | ")
                    .append(dec(Race.Results.median(r.warm, "cpu_s_per_m")))
                    .append(" | ")
                    .append(dec(Race.Results.median(r.warm, "peer_cpu_s_per_m")))
                    .append(" | ")
                    .append(nanos(Race.Results.median(r.warm, "median_ns")))
                    .append(" | ")
                    .append(nanos(Race.Results.median(r.warm, "p99_ns")))
                    .append(" | ")
                    .append(fmt(Race.Results.sum(r.warm, "lost")))
                    .append(" | ")
                    .append(r.cold.isEmpty() ? "-" : fmt(Race.Results.median(r.cold, "events_per_s")))
                    .append(" | ")
                    .append(r.cold.isEmpty() ? "-" : dec(Race.Results.median(r.cold, "cpu_s_per_m")))
                    .append(" | ")
                    .append(r.cold.isEmpty() ? "-" : fmt(Race.Results.sum(r.cold, "lost")))
                    .append(" | ")
                    .append(fmt(Race.Results.median(r.warm, "heap_peak_mib")))
                    .append(" MiB |\n");
            if (!r.failures.isEmpty()) {
                md.append("| ↳ failed runs | ")
                        .append(String.join("; ", r.failures).replace("|", "\\|"))
                        .append(" |||||||||||\n");
            }
        }
        md.append('\n').append(targets(node, rounds, results));
        List<String> samples = new ArrayList<>();
        for (Race.Results r : results.values()) {
            if (r.sample != null && !r.contender.big()) {
                samples.add("# " + r.contender.name() + "\n" + r.sample);
            }
        }
        if (!samples.isEmpty()) {
            md.append("\nWhat each sends, the first bulk item the sink received:\n\n```\n")
                    .append(String.join("\n", samples))
                    .append("\n```\n");
        }
        return md.toString();
    }

    /** Each of the project's contenders against the best peer, round by round. */
    private static String targets(boolean node, int rounds, Map<Contender, Race.Results> results) {
        StringBuilder md = new StringBuilder();
        Race.Results agido = results.get(Contender.AGIDO);
        for (Race.Results mine : results.values()) {
            if (mine.contender.isPeer() || mine.warm.isEmpty()) {
                continue;
            }
            int met = 0;
            int n = 0;
            List<String> perRound = new ArrayList<>();
            for (int i = 0; i < mine.warm.size(); i++) {
                Map<String, String> m = mine.warm.get(i);
                Map<String, String> best = bestPeer(results, i);
                if (best == null) {
                    continue;
                }
                n++;
                double speed = d(m, "events_per_s") / d(best, "events_per_s");
                double cpu = d(m, "cpu_s_per_m") / d(best, "cpu_s_per_m");
                boolean ok = node ? speed >= 1.2 && Long.parseLong(m.get("lost")) == 0 : speed >= 2 && cpu <= 0.5;
                if (ok) {
                    met++;
                }
                perRound.add(String.format(Locale.ROOT, "%.2fx / %.2fx CPU%s", speed, cpu, ok ? " (met)" : ""));
            }
            if (n == 0) {
                continue;
            }
            md.append("- ")
                    .append(mine.contender.name())
                    .append(" against the round's best peer (events/s, CPU per event): ")
                    .append(String.join("; ", perRound))
                    .append(". Target (")
                    .append(
                            node
                                    ? "at least 1.2x the events/s with 0 lost"
                                    : "at least 2x the events/s at most half the CPU")
                    .append("): met in ")
                    .append(met)
                    .append(" of ")
                    .append(n)
                    .append(" rounds.");
            if (agido != null && !agido.warm.isEmpty()) {
                double mineMedian = Race.Results.median(mine.warm, "median_ns");
                double agidoMedian = Race.Results.median(agido.warm, "median_ns");
                md.append(" Caller median ")
                        .append(nanos(mineMedian))
                        .append(" against agido's ")
                        .append(nanos(agidoMedian))
                        .append(" (target: no higher: ")
                        .append(mineMedian <= agidoMedian ? "met" : "not met")
                        .append(").");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The peer run with the most events/s in round {@code i} (warm), among those that lost nothing if any did. */
    private static Map<String, String> bestPeer(Map<Contender, Race.Results> results, int i) {
        Map<String, String> best = null;
        for (Race.Results r : results.values()) {
            if (!r.contender.isPeer() || r.warm.size() <= i) {
                continue;
            }
            Map<String, String> m = r.warm.get(i);
            if (best == null || d(m, "events_per_s") > d(best, "events_per_s")) {
                best = m;
            }
        }
        return best;
    }

    static double d(Map<String, String> m, String k) {
        return Double.parseDouble(m.get(k));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String dec(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String thousands(double v) {
        return String.format(Locale.ROOT, "%.0fk", v / 1000);
    }

    static String nanos(double ns) {
        if (ns >= 10_000_000) {
            return String.format(Locale.ROOT, "%.0f ms", ns / 1e6);
        }
        if (ns >= 10_000) {
            return String.format(Locale.ROOT, "%.1f µs", ns / 1000);
        }
        return String.format(Locale.ROOT, "%.0f ns", ns);
    }
}
