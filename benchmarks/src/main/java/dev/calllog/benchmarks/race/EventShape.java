package dev.calllog.benchmarks.race;

import java.util.Arrays;

/**
 * The call event every contender logs: the marker {@code agent_message_sent}, the call and agent ids in the context
 * (MDC, ThreadContext), {@code kvs} key-values and a message. With the defaults (3 key-values, no message size) it is the
 * event of the other benchmarks: {@code latency_ms} (varies), {@code turn} (varies), {@code model}, and the message
 * "Which order number?".
 *
 * @param kvs key-values per event: 1 ({@code latency_ms}), 3 (the default), 5 (adds {@code tool}, {@code attempt}) or
 *     more (adds {@code k05}, {@code k06}... with short strings)
 * @param messageBytes the message's length in (ASCII) characters; 0 for the default message
 */
public record EventShape(int kvs, int messageBytes) {
    public static final String EVENT = "agent_message_sent";
    public static final String CALL_ID_KEY = "call_id";
    public static final String AGENT_ID_KEY = "agent_id";
    public static final String CALL_ID = "call-7f3a9c21";
    public static final String AGENT_ID = "agent-support";
    public static final String DEFAULT_MESSAGE = "Which order number?";

    public static final EventShape DEFAULT = new EventShape(3, 0);

    public EventShape {
        if (kvs < 1) {
            throw new IllegalArgumentException("kvs must be at least 1: " + kvs);
        }
    }

    /** The message of every event. */
    public String message() {
        if (messageBytes <= 0) {
            return DEFAULT_MESSAGE;
        }
        String words = "The agent asked which order number the contact meant, and waited for the answer. ";
        StringBuilder sb = new StringBuilder(messageBytes);
        while (sb.length() < messageBytes) {
            sb.append(words, 0, Math.min(words.length(), messageBytes - sb.length()));
        }
        return sb.toString();
    }

    /** The keys, in order. */
    public String[] keys() {
        String[] base = {"latency_ms", "turn", "model", "tool", "attempt"};
        String[] keys = new String[kvs];
        for (int i = 0; i < kvs; i++) {
            keys[i] = i < base.length ? base[i] : String.format(java.util.Locale.ROOT, "k%02d", i);
        }
        return keys;
    }

    /**
     * The values of event {@code i}, in place into {@code values} (length {@link #kvs()}): the first two vary with
     * {@code i} (and are boxed, as a caller's would be), the others are constant.
     */
    public void values(long i, Object[] values) {
        values[0] = 400 + (int) (i & 1023);
        if (kvs > 1) {
            values[1] = 1 + (int) (i & 15);
        }
        if (kvs > 2 && values[2] == null) {
            Object[] constant = constants();
            System.arraycopy(constant, 2, values, 2, kvs - 2);
        }
    }

    private Object[] constants() {
        Object[] c = new Object[kvs];
        Arrays.fill(c, null);
        for (int k = 2; k < kvs; k++) {
            c[k] = switch (k) {
                case 2 -> "gpt-4o-mini";
                case 3 -> "crm_lookup";
                case 4 -> 1;
                default -> "value-" + k;
            };
        }
        return c;
    }
}
