package dev.calllog.logback;

import dev.calllog.core.catalog.EventCodes;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * SLF4J markers for the 36 built-in call-log events, plus {@link #CRITICAL}. Equivalent to
 * {@code MarkerFactory.getMarker("call_completed")}; usable with any SLF4J binding.
 */
public final class CallLogMarkers {
    /** Recording Started. */
    public static final Marker RECORDING_STARTED = MarkerFactory.getMarker(EventCodes.RECORDING_STARTED);

    /** Call Completed. */
    public static final Marker CALL_COMPLETED = MarkerFactory.getMarker(EventCodes.CALL_COMPLETED);

    /** Call Failed. */
    public static final Marker CALL_FAILED = MarkerFactory.getMarker(EventCodes.CALL_FAILED);

    /** User Message Received. */
    public static final Marker USER_MESSAGE_RECEIVED = MarkerFactory.getMarker(EventCodes.USER_MESSAGE_RECEIVED);

    /** User Started Speaking. */
    public static final Marker USER_STARTED_SPEAKING = MarkerFactory.getMarker(EventCodes.USER_STARTED_SPEAKING);

    /** User Stopped Speaking. */
    public static final Marker USER_STOPPED_SPEAKING = MarkerFactory.getMarker(EventCodes.USER_STOPPED_SPEAKING);

    /** Agent Initialized. */
    public static final Marker AGENT_INITIALIZED = MarkerFactory.getMarker(EventCodes.AGENT_INITIALIZED);

    /** Greeting Sent. */
    public static final Marker GREETING_SENT = MarkerFactory.getMarker(EventCodes.GREETING_SENT);

    /** Agent Message Sent. */
    public static final Marker AGENT_MESSAGE_SENT = MarkerFactory.getMarker(EventCodes.AGENT_MESSAGE_SENT);

    /** Agent Started Speaking. */
    public static final Marker AGENT_STARTED_SPEAKING = MarkerFactory.getMarker(EventCodes.AGENT_STARTED_SPEAKING);

    /** Agent Ended Speaking. */
    public static final Marker AGENT_ENDED_SPEAKING = MarkerFactory.getMarker(EventCodes.AGENT_ENDED_SPEAKING);

    /** Agent Interrupted. */
    public static final Marker AGENT_INTERRUPTED = MarkerFactory.getMarker(EventCodes.AGENT_INTERRUPTED);

    /** Reminder Message Sent. */
    public static final Marker REMINDER_MESSAGE_SENT = MarkerFactory.getMarker(EventCodes.REMINDER_MESSAGE_SENT);

    /** Transfer Tool Invoked. */
    public static final Marker TRANSFER_TOOL_INVOKED = MarkerFactory.getMarker(EventCodes.TRANSFER_TOOL_INVOKED);

    /** Transfer Tool Completed. */
    public static final Marker TRANSFER_TOOL_COMPLETED = MarkerFactory.getMarker(EventCodes.TRANSFER_TOOL_COMPLETED);

    /** Transfer Tool Failed. */
    public static final Marker TRANSFER_TOOL_FAILED = MarkerFactory.getMarker(EventCodes.TRANSFER_TOOL_FAILED);

    /** Hangup Tool Invoked. */
    public static final Marker HANGUP_TOOL_INVOKED = MarkerFactory.getMarker(EventCodes.HANGUP_TOOL_INVOKED);

    /** Hangup Tool Completed. */
    public static final Marker HANGUP_TOOL_COMPLETED = MarkerFactory.getMarker(EventCodes.HANGUP_TOOL_COMPLETED);

    /** Integration Tool Invoked. */
    public static final Marker INTEGRATION_TOOL_INVOKED = MarkerFactory.getMarker(EventCodes.INTEGRATION_TOOL_INVOKED);

    /** Approval Requested. */
    public static final Marker APPROVAL_REQUESTED = MarkerFactory.getMarker(EventCodes.APPROVAL_REQUESTED);

    /** Approval Granted. */
    public static final Marker APPROVAL_GRANTED = MarkerFactory.getMarker(EventCodes.APPROVAL_GRANTED);

    /** Approval Denied. */
    public static final Marker APPROVAL_DENIED = MarkerFactory.getMarker(EventCodes.APPROVAL_DENIED);

    /** Integration Tool Completed. */
    public static final Marker INTEGRATION_TOOL_COMPLETED =
            MarkerFactory.getMarker(EventCodes.INTEGRATION_TOOL_COMPLETED);

    /** Integration Tool Failed. */
    public static final Marker INTEGRATION_TOOL_FAILED = MarkerFactory.getMarker(EventCodes.INTEGRATION_TOOL_FAILED);

    /** Path Transition. */
    public static final Marker PATH_TRANSITION = MarkerFactory.getMarker(EventCodes.PATH_TRANSITION);

    /** Node Generation Started. */
    public static final Marker NODE_GENERATION_STARTED = MarkerFactory.getMarker(EventCodes.NODE_GENERATION_STARTED);

    /** Path Error. */
    public static final Marker PATH_ERROR = MarkerFactory.getMarker(EventCodes.PATH_ERROR);

    /** Human Participant Dialing. */
    public static final Marker HUMAN_PARTICIPANT_DIALING =
            MarkerFactory.getMarker(EventCodes.HUMAN_PARTICIPANT_DIALING);

    /** Human Participant Answered. */
    public static final Marker HUMAN_PARTICIPANT_ANSWERED =
            MarkerFactory.getMarker(EventCodes.HUMAN_PARTICIPANT_ANSWERED);

    /** Human Participant Disconnected. */
    public static final Marker HUMAN_PARTICIPANT_DISCONNECTED =
            MarkerFactory.getMarker(EventCodes.HUMAN_PARTICIPANT_DISCONNECTED);

    /** Transfer Completed. */
    public static final Marker TRANSFER_COMPLETED = MarkerFactory.getMarker(EventCodes.TRANSFER_COMPLETED);

    /** Webhook Queued. */
    public static final Marker WEBHOOK_QUEUED = MarkerFactory.getMarker(EventCodes.WEBHOOK_QUEUED);

    /** Webhook Sent. */
    public static final Marker WEBHOOK_SENT = MarkerFactory.getMarker(EventCodes.WEBHOOK_SENT);

    /** Webhook Response Success. */
    public static final Marker WEBHOOK_RESPONSE_SUCCESS = MarkerFactory.getMarker(EventCodes.WEBHOOK_RESPONSE_SUCCESS);

    /** Webhook Response Failed. */
    public static final Marker WEBHOOK_RESPONSE_FAILED = MarkerFactory.getMarker(EventCodes.WEBHOOK_RESPONSE_FAILED);

    /** Webhook Retry Exhausted. */
    public static final Marker WEBHOOK_RETRY_EXHAUSTED = MarkerFactory.getMarker(EventCodes.WEBHOOK_RETRY_EXHAUSTED);

    /** The extra marker that raises any call-log event to CRITICAL. */
    public static final Marker CRITICAL = MarkerFactory.getMarker(EventCodes.CRITICAL);

    private CallLogMarkers() {}
}
