package dev.calllog.benchmarks;

import java.util.Locale;

/**
 * One throughput run: how many events in how long, and the CPU it took.
 *
 * @param what what ran
 * @param events events (documents) that arrived
 * @param nanos from the first logging call (or request) until the last bulk request was received
 * @param cpu the CPU used meanwhile
 * @param requests bulk requests received
 * @param wireBytes bulk bodies' bytes as sent
 * @param bodyBytes bulk bodies' bytes uncompressed
 */
public record Throughput(
        String what, long events, long nanos, CpuTimes.Usage cpu, long requests, long wireBytes, long bodyBytes) {

    public double eventsPerSecond() {
        return events * 1e9 / nanos;
    }

    /** CPU seconds per million events of a group, or of the whole process when {@code group} is null. */
    public double cpuSecondsPerMillion(CpuTimes.Group group) {
        long ns = group == null ? cpu.processNanos() : cpu.nanos(group);
        return ns / 1e9 * (1e6 / events);
    }

    /** CPU seconds per million events of the appender's own threads: the shipper and the HTTP client. */
    public double appenderCpuSecondsPerMillion() {
        return (cpu.nanos(CpuTimes.Group.SHIPPER) + cpu.nanos(CpuTimes.Group.HTTP_CLIENT)) / 1e9 * (1e6 / events);
    }

    /** Throughput the sink could sustain on one core of its own: events per second of its CPU time. */
    public double sinkCeiling() {
        long ns = cpu.nanos(CpuTimes.Group.SINK);
        return ns == 0 ? Double.NaN : events * 1e9 / ns;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The heading of {@link #row()}. */
    public static String header() {
        return "| run | events | seconds | events/s | CPU s per 1M events: process | caller thread | shipper + HTTP"
                + " client | sink | other (JIT, GC) | requests | body bytes/event | wire bytes/event |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    }

    public String row() {
        return "| " + what + " | " + fmt(events) + " | " + fmt(nanos / 1e9) + " | " + fmt(eventsPerSecond()) + " | "
                + fmt(cpuSecondsPerMillion(null)) + " | " + fmt(cpuSecondsPerMillion(CpuTimes.Group.CALLER)) + " | "
                + fmt(appenderCpuSecondsPerMillion()) + " | " + fmt(cpuSecondsPerMillion(CpuTimes.Group.SINK))
                + " | " + fmt(cpuSecondsPerMillion(CpuTimes.Group.OTHER)) + " | " + requests + " | "
                + fmt(events == 0 ? 0 : (double) bodyBytes / events) + " | "
                + fmt(events == 0 ? 0 : (double) wireBytes / events) + " |\n";
    }
}
