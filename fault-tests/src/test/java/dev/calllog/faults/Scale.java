package dev.calllog.faults;

import java.time.Duration;

/**
 * The length of the fault tests: scaled down by default (seconds, for CI), full length with {@code
 * -Dcalllog.faults.full=true}.
 */
final class Scale {
    static final boolean FULL = Boolean.getBoolean("calllog.faults.full");

    private Scale() {}

    /** {@code scaled} in a default run, {@code full} with the flag. */
    static Duration of(Duration scaled, Duration full) {
        return FULL ? full : scaled;
    }

    /**
     * The length of an outage: {@code -Dcalllog.faults.downSeconds=N} when given (the loop script's 60 s and 5 min
     * runs), else {@code scaled} or {@code full}.
     */
    static Duration down(Duration scaled, Duration full) {
        long seconds = Long.getLong("calllog.faults.downSeconds", -1);
        return seconds > 0 ? Duration.ofSeconds(seconds) : of(scaled, full);
    }

    static String mode() {
        if (Long.getLong("calllog.faults.downSeconds", -1) > 0) {
            return "down " + Long.getLong("calllog.faults.downSeconds") + " s";
        }
        return FULL ? "full" : "scaled";
    }
}
