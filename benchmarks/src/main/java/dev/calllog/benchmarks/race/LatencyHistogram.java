package dev.calllog.benchmarks.race;

/**
 * Durations of logging calls in nanoseconds: 10 ns buckets up to 100 µs, then one bucket per power of two. One per
 * thread (not thread-safe); {@link #add} merges.
 */
final class LatencyHistogram {
    private static final int LINEAR = 10_000; // 10 ns each: 0 to 100 µs
    private final long[] linear = new long[LINEAR];
    private final long[] log = new long[64];
    private long count;

    void record(long nanos) {
        count++;
        long b = nanos / 10;
        if (b < LINEAR) {
            linear[(int) Math.max(0, b)]++;
        } else {
            log[63 - Long.numberOfLeadingZeros(nanos)]++;
        }
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < LINEAR; i++) {
            linear[i] += other.linear[i];
        }
        for (int i = 0; i < log.length; i++) {
            log[i] += other.log[i];
        }
        count += other.count;
    }

    long count() {
        return count;
    }

    /** The duration at {@code quantile} (0 to 1), in nanoseconds: a bucket's upper end. */
    long quantile(double quantile) {
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * count);
        long seen = 0;
        for (int i = 0; i < LINEAR; i++) {
            seen += linear[i];
            if (seen >= rank) {
                return (i + 1) * 10L;
            }
        }
        for (int i = 0; i < log.length; i++) {
            seen += log[i];
            if (seen >= rank) {
                return 1L << (i + 1);
            }
        }
        return Long.MAX_VALUE;
    }

    /** The longest duration's bucket upper end. */
    long max() {
        for (int i = log.length - 1; i >= 0; i--) {
            if (log[i] > 0) {
                return 1L << (i + 1);
            }
        }
        for (int i = LINEAR - 1; i >= 0; i--) {
            if (linear[i] > 0) {
                return (i + 1) * 10L;
            }
        }
        return 0;
    }
}
