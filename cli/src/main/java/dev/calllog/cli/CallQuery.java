package dev.calllog.cli;

import dev.calllog.core.catalog.Level;

/**
 * Which calls to list, as the terminal and web views ask for them.
 *
 * @param last how many calls, at most (1 to {@link #MAX_LAST})
 * @param since only calls with events in this last period ({@code 30m}, {@code 1h}, {@code 2d}; units
 *     {@code s m h d w}), or null for no limit
 * @param callId only calls whose id contains this text, ignoring case; null for any
 * @param agentId only calls of this agent; null for any
 * @param level only calls with an event of this level or worse; null for any
 */
public record CallQuery(int last, String since, String callId, String agentId, Level level) {
    /** The most calls one query lists (the size limit of a terms aggregation stays far away). */
    public static final int MAX_LAST = 10_000;

    /**
     * @throws IllegalArgumentException when {@code last} is out of range or {@code since} is not a period
     */
    public CallQuery {
        if (last < 1 || last > MAX_LAST) {
            throw new IllegalArgumentException("the number of calls must be between 1 and " + MAX_LAST);
        }
        since = blankToNull(since);
        if (since != null) {
            period(since);
        }
        callId = blankToNull(callId);
        agentId = blankToNull(agentId);
    }

    /** The latest {@code last} calls, with events in the last {@code since} when it is not null. */
    public static CallQuery recent(int last, String since) {
        return new CallQuery(last, since, null, null, null);
    }

    /**
     * The period, checked.
     *
     * @throws IllegalArgumentException when it is not a period such as {@code 30m}
     */
    static String period(String since) {
        if (!CallLogSearch.isPeriod(since)) {
            throw new IllegalArgumentException(
                    "'" + since + "' is not a period such as 30m, 1h or 2d (units: s, m, h, d, w)");
        }
        return since;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
