package dev.calllog.core.internal.config;

import java.util.Locale;

/**
 * What happens to an event that finds the buffer full (setting {@code overflowPolicy}). With a spool, the same policy
 * applies when the spool is full.
 */
public enum OverflowPolicy {
    /** The new event is dropped and counted; the caller never waits. The default. */
    DROP_NEWEST("dropNewest"),
    /** The oldest buffered event is dropped and counted to make room for the new one; the caller never waits. */
    DROP_OLDEST("dropOldest"),
    /**
     * The caller waits for room, at most {@code blockTimeoutMillis}, then the new event is dropped and counted. With a
     * spool, a full spool keeps events in memory, so that callers wait instead of events being dropped.
     */
    BLOCK("block");

    private final String setting;

    OverflowPolicy(String setting) {
        this.setting = setting;
    }

    /** The name as written in a configuration: {@code dropNewest}, {@code dropOldest}, {@code block}. */
    public String setting() {
        return setting;
    }

    /** The policy of a configured name (any case, {@code drop_newest} too), or {@code null} when there is none. */
    public static OverflowPolicy parse(String s) {
        if (s == null) {
            return null;
        }
        String key = s.trim().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        for (OverflowPolicy p : values()) {
            if (p.setting.toLowerCase(Locale.ROOT).equals(key)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return setting;
    }
}
