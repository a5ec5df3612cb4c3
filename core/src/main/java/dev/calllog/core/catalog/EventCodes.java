package dev.calllog.core.catalog;

/**
 * The codes of the 36 built-in events, as constants. A code is also the name of the marker that selects the
 * event: {@code MarkerFactory.getMarker(EventCodes.CALL_COMPLETED)}.
 */
public final class EventCodes {
    /** Recording Started. */
    public static final String RECORDING_STARTED = "recording_started";

    /** Call Completed. */
    public static final String CALL_COMPLETED = "call_completed";

    /** Call Failed. */
    public static final String CALL_FAILED = "call_failed";

    /** User Message Received. */
    public static final String USER_MESSAGE_RECEIVED = "user_message_received";

    /** User Started Speaking. */
    public static final String USER_STARTED_SPEAKING = "user_started_speaking";

    /** User Stopped Speaking. */
    public static final String USER_STOPPED_SPEAKING = "user_stopped_speaking";

    /** Agent Initialized. */
    public static final String AGENT_INITIALIZED = "agent_initialized";

    /** Greeting Sent. */
    public static final String GREETING_SENT = "greeting_sent";

    /** Agent Message Sent. */
    public static final String AGENT_MESSAGE_SENT = "agent_message_sent";

    /** Agent Started Speaking. */
    public static final String AGENT_STARTED_SPEAKING = "agent_started_speaking";

    /** Agent Ended Speaking. */
    public static final String AGENT_ENDED_SPEAKING = "agent_ended_speaking";

    /** Agent Interrupted. */
    public static final String AGENT_INTERRUPTED = "agent_interrupted";

    /** Reminder Message Sent. */
    public static final String REMINDER_MESSAGE_SENT = "reminder_message_sent";

    /** Transfer Tool Invoked. */
    public static final String TRANSFER_TOOL_INVOKED = "transfer_tool_invoked";

    /** Transfer Tool Completed. */
    public static final String TRANSFER_TOOL_COMPLETED = "transfer_tool_completed";

    /** Transfer Tool Failed. */
    public static final String TRANSFER_TOOL_FAILED = "transfer_tool_failed";

    /** Hangup Tool Invoked. */
    public static final String HANGUP_TOOL_INVOKED = "hangup_tool_invoked";

    /** Hangup Tool Completed. */
    public static final String HANGUP_TOOL_COMPLETED = "hangup_tool_completed";

    /** Integration Tool Invoked. */
    public static final String INTEGRATION_TOOL_INVOKED = "integration_tool_invoked";

    /** Approval Requested. */
    public static final String APPROVAL_REQUESTED = "approval_requested";

    /** Approval Granted. */
    public static final String APPROVAL_GRANTED = "approval_granted";

    /** Approval Denied. */
    public static final String APPROVAL_DENIED = "approval_denied";

    /** Integration Tool Completed. */
    public static final String INTEGRATION_TOOL_COMPLETED = "integration_tool_completed";

    /** Integration Tool Failed. */
    public static final String INTEGRATION_TOOL_FAILED = "integration_tool_failed";

    /** Path Transition. */
    public static final String PATH_TRANSITION = "path_transition";

    /** Node Generation Started. */
    public static final String NODE_GENERATION_STARTED = "node_generation_started";

    /** Path Error. */
    public static final String PATH_ERROR = "path_error";

    /** Human Participant Dialing. */
    public static final String HUMAN_PARTICIPANT_DIALING = "human_participant_dialing";

    /** Human Participant Answered. */
    public static final String HUMAN_PARTICIPANT_ANSWERED = "human_participant_answered";

    /** Human Participant Disconnected. */
    public static final String HUMAN_PARTICIPANT_DISCONNECTED = "human_participant_disconnected";

    /** Transfer Completed. */
    public static final String TRANSFER_COMPLETED = "transfer_completed";

    /** Webhook Queued. */
    public static final String WEBHOOK_QUEUED = "webhook_queued";

    /** Webhook Sent. */
    public static final String WEBHOOK_SENT = "webhook_sent";

    /** Webhook Response Success. */
    public static final String WEBHOOK_RESPONSE_SUCCESS = "webhook_response_success";

    /** Webhook Response Failed. */
    public static final String WEBHOOK_RESPONSE_FAILED = "webhook_response_failed";

    /** Webhook Retry Exhausted. */
    public static final String WEBHOOK_RETRY_EXHAUSTED = "webhook_retry_exhausted";

    /** Name of the extra marker that raises an event to {@link Level#CRITICAL}. */
    public static final String CRITICAL = "CRITICAL";

    /** What {@link #critical(String)} appends to an event code. */
    public static final String CRITICAL_SUFFIX = "+" + CRITICAL;

    /**
     * The name of one marker that carries both an event and {@link #CRITICAL}: {@code "call_failed+CRITICAL"}. It
     * selects the event and raises it to CRITICAL, like the event's marker and the {@code CRITICAL} marker together,
     * for the logging paths that keep one marker per event (the fluent API of {@code log4j-slf4j2-impl} keeps the last
     * marker added, the Log4j API takes one).
     */
    public static String critical(String code) {
        return code + CRITICAL_SUFFIX;
    }

    private EventCodes() {}
}
