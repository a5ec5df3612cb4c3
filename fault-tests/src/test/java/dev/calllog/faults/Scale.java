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

    static String mode() {
        return FULL ? "full" : "scaled";
    }
}
