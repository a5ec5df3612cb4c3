package dev.calllog.core.internal.mapping;

import java.util.Arrays;

/**
 * Estimates, on one logging thread, the heap a record mapped there keeps alive in the buffer, counting once what
 * consecutive records of the thread share: the ids of the call (the context map hands every event the same strings
 * until it changes), the message when it is a constant, and the first {@value #SLOTS} keys and short string values of
 * {@code data} (literals and constants are the same string objects from event to event). Everything else (the record,
 * its {@code data} array, numbers, other strings) is counted by every record, as {@link SizeEstimator#record} does.
 *
 * <p>An object shared with records already shipped is then held by records that did not count it: per thread and
 * position at most one string of at most {@value #MAX_SHARED_CHARS} characters, so what the buffer holds stays within
 * its bound plus a small constant per logging thread. When the buffer refuses a record, {@link #forget()} makes the next
 * record count everything again, so that no record the buffer holds relies on one it refused.
 *
 * <p>One instance per logging thread; not thread-safe.
 */
final class RunEstimate {
    /** {@code data} positions (keys and values) whose strings are remembered. */
    static final int SLOTS = SizeEstimator.SHARED_SLOTS;
    /** Longest string remembered. */
    static final int MAX_SHARED_CHARS = SizeEstimator.MAX_SHARED_CHARS;

    /** The last record's ids and message, in {@link #IDS} order. */
    private final String[] ids = new String[IDS];
    /** The last record's first keys and string values of {@code data}: key i at 2i, its value at 2i + 1. */
    private final Object[] data = new Object[2 * SLOTS];

    private static final int IDS = 8;

    /** What {@code r} keeps alive, not counting what the thread's previous record counted and {@code r} shares. */
    long estimate(CallLogRecord r) {
        Object[] entries = r.entries();
        long n = SizeEstimator.RECORD
                + id(0, r.callId())
                + id(1, r.agentId())
                + id(2, r.accountId())
                + id(3, r.traceId())
                + id(4, r.spanId())
                + id(5, r.traceFlags())
                + id(6, r.turnId())
                + id(7, r.message())
                + SizeEstimator.string(r.errorType())
                + SizeEstimator.string(r.errorMessage())
                + SizeEstimator.array(entries.length);
        for (int i = 0; i < entries.length; i++) {
            Object o = entries[i];
            if (i < data.length && o instanceof String s) {
                boolean same = s == data[i];
                data[i] = remembered(s);
                n += same ? 0 : SizeEstimator.string(s);
            } else {
                if (i < data.length) {
                    data[i] = null;
                }
                n += SizeEstimator.value(o);
            }
        }
        for (int i = entries.length; i < data.length; i++) {
            data[i] = null;
        }
        return n;
    }

    private long id(int slot, String s) {
        boolean same = s != null && s == ids[slot];
        ids[slot] = remembered(s);
        return same ? 0 : SizeEstimator.string(s);
    }

    private static String remembered(String s) {
        return SizeEstimator.shareable(s);
    }

    /** The buffer refused the last record estimated: the next one counts everything. */
    void forget() {
        Arrays.fill(ids, null);
        Arrays.fill(data, null);
    }
}
