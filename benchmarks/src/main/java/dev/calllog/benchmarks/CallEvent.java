package dev.calllog.benchmarks;

/**
 * The call-log event every benchmark logs: the marker {@code agent_message_sent}, the call and agent ids in the MDC
 * (Log4j: ThreadContext), three key-values and a short message. Kept in one place so that the JMH benchmarks, the
 * pipeline runner and the raw loaders all work on the same document.
 */
public final class CallEvent {
    public static final String EVENT = "agent_message_sent";
    public static final String CALL_ID_KEY = "call_id";
    public static final String AGENT_ID_KEY = "agent_id";
    public static final String CALL_ID = "call-7f3a9c21";
    public static final String AGENT_ID = "agent-support";
    public static final String MESSAGE = "Which order number?";

    public static final String KEY_LATENCY = "latency_ms";
    public static final String KEY_TURN = "turn";
    public static final String KEY_MODEL = "model";
    public static final String MODEL = "gpt-4o-mini";

    /** The latency key-value of the i-th event: varies, as a real one does (and is boxed by the caller). */
    public static int latency(long i) {
        return 400 + (int) (i & 1023);
    }

    /** The turn key-value of the i-th event. */
    public static int turn(long i) {
        return 1 + (int) (i & 15);
    }

    private CallEvent() {}
}
