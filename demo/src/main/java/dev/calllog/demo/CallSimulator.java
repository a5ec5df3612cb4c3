package dev.calllog.demo;

import static dev.calllog.core.catalog.EventCodes.*;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Simulates a handful of voice-agent calls that together produce every event of the catalogue: calls that complete,
 * one transferred to a human, one whose transfer fails, and one that fails. It logs the way an application would: the
 * call id in the MDC, the event as a marker, the context as SLF4J key-values.
 */
public final class CallSimulator {
    private static final Logger log = LoggerFactory.getLogger("voice.agent");

    private final String runId;
    private final Map<String, List<String>> logged = new java.util.LinkedHashMap<>();
    private String currentCall;

    /** @param runId makes this run's call ids unique, so runs against the same cluster do not mix */
    public CallSimulator(String runId) {
        this.runId = runId;
    }

    /** The id of the call the demo shows in detail: the one that fails. */
    public String failedCallId() {
        return callId(1003);
    }

    /** Logs every call; returns, per call id, the codes of the events logged, in order. */
    public Map<String, List<String>> run() {
        happyPathWithIntegration(callId(1001), "agent-sales", "acme");
        transferredToHuman(callId(1002), "agent-support", "acme");
        failedCall(callId(1003), "agent-support", "globex");
        failedTransfer(callId(1004), "agent-sales", "globex");
        quickCall(callId(1005), "agent-sales", "acme");
        return logged;
    }

    private String callId(int n) {
        return "call-" + runId + "-" + n;
    }

    private void happyPathWithIntegration(String callId, String agentId, String accountId) {
        begin(callId, agentId, accountId);
        opening(callId, "Hi, I'd like to check my order status.");
        turn(2, "Which order number?", 640);
        user(3, "It's order 55-1234.");
        event(NODE_GENERATION_STARTED, "Generating at node lookup_order", Map.of("node", "lookup_order"));
        event(INTEGRATION_TOOL_INVOKED, "Integration tool invoked", Map.of("tool", "order_lookup", "type", "http"));
        event(APPROVAL_REQUESTED, "Asked the contact to confirm the lookup", Map.of("tool", "order_lookup"));
        event(APPROVAL_GRANTED, "Contact confirmed", Map.of("tool", "order_lookup"));
        event(
                INTEGRATION_TOOL_COMPLETED,
                "Order found",
                Map.of("tool", "order_lookup", "duration_ms", 412, "http_status", 200));
        event(
                PATH_TRANSITION,
                "Moved to node confirm_delivery",
                Map.of("from", "lookup_order", "to", "confirm_delivery"));
        turn(4, "Your order ships tomorrow.", 720);
        event(WEBHOOK_QUEUED, "Webhook queued", Map.of("webhook", "order_status", "attempt", 1));
        event(WEBHOOK_SENT, "Webhook sent", Map.of("webhook", "order_status", "attempt", 1));
        event(
                WEBHOOK_RESPONSE_SUCCESS,
                "Webhook delivered",
                Map.of("webhook", "order_status", "http_status", 200, "duration_ms", 87));
        event(HANGUP_TOOL_INVOKED, "Hangup requested", Map.of("reason", "conversation_finished"));
        event(HANGUP_TOOL_COMPLETED, "Call hung up", Map.of());
        event(CALL_COMPLETED, "Call completed", Map.of("duration_s", 94, "turns", 4));
        end();
    }

    private void transferredToHuman(String callId, String agentId, String accountId) {
        begin(callId, agentId, accountId);
        opening(callId, "I need help with a billing dispute.");
        event(AGENT_STARTED_SPEAKING, "Agent started speaking", Map.of("turn", 2));
        event(USER_STARTED_SPEAKING, "User started speaking", Map.of("turn", 2));
        event(AGENT_INTERRUPTED, "The contact interrupted the agent", Map.of("turn", 2, "spoken_ms", 1300));
        user(3, "Can I talk to a person?");
        event(REMINDER_MESSAGE_SENT, "Are you still there?", Map.of("silence_ms", 8000));
        event(TRANSFER_TOOL_INVOKED, "Transfer requested", Map.of("destination", "billing_queue"));
        event(HUMAN_PARTICIPANT_DIALING, "Dialing a billing specialist", Map.of("destination", "billing_queue"));
        event(HUMAN_PARTICIPANT_ANSWERED, "Specialist answered", Map.of("ring_ms", 6400));
        event(TRANSFER_TOOL_COMPLETED, "Transfer tool completed", Map.of("duration_ms", 7100));
        event(TRANSFER_COMPLETED, "Transfer completed", Map.of("destination", "billing_queue"));
        event(HUMAN_PARTICIPANT_DISCONNECTED, "Specialist left the call", Map.of("talk_s", 311));
        event(CALL_COMPLETED, "Call completed", Map.of("duration_s", 402, "turns", 3));
        end();
    }

    private void failedCall(String callId, String agentId, String accountId) {
        begin(callId, agentId, accountId);
        opening(callId, "Book me a table for four at 8pm.");
        event(INTEGRATION_TOOL_INVOKED, "Integration tool invoked", Map.of("tool", "crm_lookup", "type", "mcp"));
        event(APPROVAL_REQUESTED, "Asked the contact to confirm the booking", Map.of("tool", "table_booking"));
        event(APPROVAL_DENIED, "The contact declined", Map.of("tool", "table_booking"));
        MDC.put("turn_id", "turn-3");
        at(log.atError(), INTEGRATION_TOOL_FAILED)
                .setMessage("CRM lookup failed")
                .addKeyValue("tool", "crm_lookup")
                .addKeyValue("duration_ms", 5003)
                .setCause(new SocketTimeoutException("Read timed out"))
                .log();
        note(INTEGRATION_TOOL_FAILED);
        event(PATH_ERROR, "No route from node booking_failed", Map.of("node", "booking_failed"));
        at(log.atWarn(), WEBHOOK_RESPONSE_FAILED)
                .setMessage("Webhook answered 503, will retry")
                .addKeyValue("webhook", "call_events")
                .addKeyValue("http_status", 503)
                .addKeyValue("attempt", 1)
                .addKeyValue("duration_ms", 1200)
                .log();
        note(WEBHOOK_RESPONSE_FAILED);
        at(log.atError(), WEBHOOK_RETRY_EXHAUSTED)
                .setMessage("Webhook gave up after 5 attempts")
                .addKeyValue("webhook", "call_events")
                .addKeyValue("attempts", 5)
                .log();
        note(WEBHOOK_RETRY_EXHAUSTED);
        // An error on call_failed is raised to the event's floor, CRITICAL.
        at(log.atError(), CALL_FAILED)
                .setMessage("Call failed: the agent could not continue")
                .addKeyValue("reason", "integration_unavailable")
                .addKeyValue("duration_s", 61)
                .log();
        note(CALL_FAILED);
        end();
    }

    private void failedTransfer(String callId, String agentId, String accountId) {
        begin(callId, agentId, accountId);
        opening(callId, "Put me through to sales.");
        event(TRANSFER_TOOL_INVOKED, "Transfer requested", Map.of("destination", "sales_queue"));
        event(HUMAN_PARTICIPANT_DIALING, "Dialing sales", Map.of("destination", "sales_queue"));
        at(log.atError(), TRANSFER_TOOL_FAILED)
                .setMessage("Transfer failed: no answer")
                .addKeyValue("destination", "sales_queue")
                .addKeyValue("ring_ms", 30000)
                .addKeyValue("duration_ms", 30250)
                .log();
        note(TRANSFER_TOOL_FAILED);
        turn(3, "Nobody is available; I'll have someone call you back.", 810);
        event(CALL_COMPLETED, "Call completed", Map.of("duration_s", 75, "turns", 3));
        end();
    }

    private void quickCall(String callId, String agentId, String accountId) {
        begin(callId, agentId, accountId);
        opening(callId, "What are your opening hours?");
        turn(2, "We are open 9 to 5, Monday to Friday.", 530);
        event(CALL_COMPLETED, "Call completed", Map.of("duration_s", 21, "turns", 2));
        end();
    }

    private void begin(String callId, String agentId, String accountId) {
        currentCall = callId;
        MDC.put("call_id", callId);
        MDC.put("agent_id", agentId);
        MDC.put("account_id", accountId);
        MDC.put("trace_id", "trace-" + callId.substring(5));
        event(RECORDING_STARTED, "Recording started", Map.of("channels", 2));
        event(AGENT_INITIALIZED, "Agent initialized", Map.of("model", "voice-large", "language", "en-US"));
    }

    private void opening(String callId, String userText) {
        MDC.put("turn_id", "turn-1");
        event(GREETING_SENT, "Hello, thanks for calling. How can I help?", Map.of("latency_ms", 350));
        event(AGENT_STARTED_SPEAKING, "Agent started speaking", Map.of("turn", 1));
        event(AGENT_ENDED_SPEAKING, "Agent ended speaking", Map.of("turn", 1, "spoken_ms", 2100));
        event(USER_STARTED_SPEAKING, "User started speaking", Map.of("turn", 1));
        event(USER_STOPPED_SPEAKING, "User stopped speaking", Map.of("turn", 1, "spoken_ms", 2600));
        event(USER_MESSAGE_RECEIVED, userText, Map.of("turn", 1, "confidence", 0.94));
    }

    private void user(int turn, String text) {
        MDC.put("turn_id", "turn-" + turn);
        event(USER_STARTED_SPEAKING, "User started speaking", Map.of("turn", turn));
        event(USER_STOPPED_SPEAKING, "User stopped speaking", Map.of("turn", turn));
        event(USER_MESSAGE_RECEIVED, text, Map.of("turn", turn, "confidence", 0.91));
    }

    private void turn(int turn, String agentText, int latencyMs) {
        MDC.put("turn_id", "turn-" + turn);
        event(AGENT_MESSAGE_SENT, agentText, Map.of("turn", turn, "latency_ms", latencyMs));
        event(AGENT_STARTED_SPEAKING, "Agent started speaking", Map.of("turn", turn));
        event(AGENT_ENDED_SPEAKING, "Agent ended speaking", Map.of("turn", turn));
    }

    private void end() {
        MDC.clear();
    }

    private void event(String code, String message, Map<String, ?> data) {
        LoggingEventBuilder b = at(log.atInfo(), code).setMessage(message);
        // Sorted, so that each run logs the key-values in the same order.
        new java.util.TreeMap<>(data).forEach(b::addKeyValue);
        b.log();
        note(code);
    }

    private static LoggingEventBuilder at(LoggingEventBuilder b, String code) {
        return b.addMarker(MarkerFactory.getMarker(code));
    }

    private void note(String code) {
        logged.computeIfAbsent(currentCall, k -> new ArrayList<>()).add(code);
    }
}
