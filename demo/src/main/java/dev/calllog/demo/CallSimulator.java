package dev.calllog.demo;

import static dev.calllog.core.catalog.EventCodes.*;

import dev.calllog.core.catalog.EventCatalog;
import dev.calllog.core.catalog.Level;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Simulates five voice-agent calls that together produce every event of the catalogue: one that completes after an
 * integration and a webhook, one transferred to a human, one that fails, one whose transfer fails, and a short one. It
 * logs the way an application would: the call id in the MDC, the event as a marker, the context as SLF4J key-values.
 *
 * <p>Everything is deterministic apart from the run id in the call ids, and the data feeds every dashboard panel:
 * varied agent latencies, tool and webhook durations, interruptions, transfer outcomes, warnings, errors and a failed
 * call.
 */
public final class CallSimulator {
    /** The number of the call the demo shows in detail: the one that fails. */
    public static final int FAILED_CALL = 1003;

    private static final EventCatalog CATALOG = EventCatalog.builtIn();

    /**
     * One event as the simulator logged it, with the level and data its call-log document must show.
     *
     * @param callId the call
     * @param agentId the agent (MDC)
     * @param accountId the account (MDC)
     * @param turnId the conversation turn (MDC), or null
     * @param code the event code (the marker)
     * @param level the document's level: the logging call's level raised to the event's floor
     * @param message the message
     * @param data the key-values, in the order logged; a throwable appears last, under {@code error}, as the
     *     document shows it ({@code type} and {@code message})
     */
    public record LoggedEvent(
            String callId,
            String agentId,
            String accountId,
            String turnId,
            String code,
            Level level,
            String message,
            Map<String, Object> data) {}

    private final String runId;
    private final Logger log;
    private final List<LoggedEvent> logged = new ArrayList<>();
    private String callId;
    private String agentId;
    private String accountId;
    private String turnId;

    /**
     * A simulator logging to the {@code voice.agent} logger.
     *
     * @param runId makes this run's call ids unique, so runs against the same cluster do not mix
     */
    public CallSimulator(String runId) {
        this(runId, LoggerFactory.getLogger("voice.agent"));
    }

    /**
     * @param runId makes this run's call ids unique, so runs against the same cluster do not mix
     * @param log the logger the calls are logged to
     */
    public CallSimulator(String runId, Logger log) {
        this.runId = runId;
        this.log = log;
    }

    /** The id of call {@code n} (1001 to 1005) of this run. */
    public String callId(int n) {
        return "call-" + runId + "-" + n;
    }

    /** Logs every call, one after the other, on the calling thread; returns what was logged, in order. */
    public List<LoggedEvent> run() {
        integrationAndWebhook(callId(1001), "agent-sales", "acme");
        transferredToHuman(callId(1002), "agent-support", "acme");
        failedCall(callId(FAILED_CALL), "agent-support", "globex");
        failedTransfer(callId(1004), "agent-sales", "globex");
        quickCall(callId(1005), "agent-sales", "acme");
        return Collections.unmodifiableList(logged);
    }

    private void integrationAndWebhook(String id, String agent, String account) {
        begin(id, agent, account);
        opening("Hi, I'd like to check my order status.", 350);
        turn(2, "Which order number?", 640);
        user(3, "It's order 55-1234.");
        info(NODE_GENERATION_STARTED, "Generating at node lookup_order", kv("node", "lookup_order"));
        info(INTEGRATION_TOOL_INVOKED, "Integration tool invoked", kv("tool", "order_lookup", "type", "http"));
        info(APPROVAL_REQUESTED, "Asked the contact to confirm the lookup", kv("tool", "order_lookup"));
        info(APPROVAL_GRANTED, "Contact confirmed", kv("tool", "order_lookup"));
        info(
                INTEGRATION_TOOL_COMPLETED,
                "Order found",
                kv("tool", "order_lookup", "duration_ms", 412, "http_status", 200));
        info(PATH_TRANSITION, "Moved to node confirm_delivery", kv("from", "lookup_order", "to", "confirm_delivery"));
        turn(4, "Your order ships tomorrow.", 720);
        info(WEBHOOK_QUEUED, "Webhook queued", kv("webhook", "order_status", "attempt", 1));
        info(WEBHOOK_SENT, "Webhook sent", kv("webhook", "order_status", "attempt", 1));
        info(
                WEBHOOK_RESPONSE_SUCCESS,
                "Webhook delivered",
                kv("webhook", "order_status", "http_status", 200, "duration_ms", 87));
        info(HANGUP_TOOL_INVOKED, "Hangup requested", kv("reason", "conversation_finished"));
        info(HANGUP_TOOL_COMPLETED, "Call hung up", kv());
        info(CALL_COMPLETED, "Call completed", kv("duration_s", 94, "turns", 4));
        end();
    }

    private void transferredToHuman(String id, String agent, String account) {
        begin(id, agent, account);
        opening("I need help with a billing dispute.", 420);
        interruptedTurn(2, "Let me look at your last three invoices.", 980, 1300);
        user(3, "Can I talk to a person?");
        interruptedTurn(4, "Before I transfer you, may I ask what the dispute is about?", 1150, 400);
        user(5, "Just put me through, please.");
        info(REMINDER_MESSAGE_SENT, "Are you still there?", kv("silence_ms", 8000));
        info(TRANSFER_TOOL_INVOKED, "Transfer requested", kv("destination", "billing_queue"));
        info(HUMAN_PARTICIPANT_DIALING, "Dialing a billing specialist", kv("destination", "billing_queue"));
        info(HUMAN_PARTICIPANT_ANSWERED, "Specialist answered", kv("ring_ms", 6400));
        info(TRANSFER_TOOL_COMPLETED, "Transfer tool completed", kv("duration_ms", 7100));
        info(TRANSFER_COMPLETED, "Transfer completed", kv("destination", "billing_queue"));
        info(HUMAN_PARTICIPANT_DISCONNECTED, "Specialist left the call", kv("talk_s", 311));
        info(CALL_COMPLETED, "Call completed", kv("duration_s", 402, "turns", 5));
        end();
    }

    private void failedCall(String id, String agent, String account) {
        begin(id, agent, account);
        opening("Book me a table for four at 8pm.", 390);
        turn(2, "Let me check availability.", 1340);
        info(INTEGRATION_TOOL_INVOKED, "Integration tool invoked", kv("tool", "crm_lookup", "type", "mcp"));
        info(APPROVAL_REQUESTED, "Asked the contact to confirm the booking", kv("tool", "table_booking"));
        info(APPROVAL_DENIED, "The contact declined", kv("tool", "table_booking"));
        turn(3);
        logged(
                Level.ERROR,
                INTEGRATION_TOOL_FAILED,
                "crm_lookup timed out",
                kv("tool", "crm_lookup", "duration_ms", 5003),
                new SocketTimeoutException("Read timed out"));
        // Logged at INFO by a path engine that does not know better: the event's floor makes it an ERROR.
        info(PATH_ERROR, "No route from node booking_failed", kv("node", "booking_failed"));
        logged(
                Level.WARNING,
                WEBHOOK_RESPONSE_FAILED,
                "call_events answered 503, will retry",
                kv("webhook", "call_events", "http_status", 503, "attempt", 1, "duration_ms", 1200),
                null);
        logged(
                Level.ERROR,
                WEBHOOK_RETRY_EXHAUSTED,
                "call_events gave up after 5 attempts",
                kv("webhook", "call_events", "attempts", 5),
                null);
        // An error on call_failed is raised to the event's floor, CRITICAL.
        logged(
                Level.ERROR,
                CALL_FAILED,
                "Call failed: the agent could not continue",
                kv("reason", "integration_unavailable", "duration_s", 61),
                null);
        end();
    }

    private void failedTransfer(String id, String agent, String account) {
        begin(id, agent, account);
        opening("Put me through to sales.", 460);
        interruptedTurn(2, "Sure. Before I connect you, can I take your name?", 810, 700);
        user(3, "No, just connect me.");
        info(TRANSFER_TOOL_INVOKED, "Transfer requested", kv("destination", "sales_queue"));
        info(HUMAN_PARTICIPANT_DIALING, "Dialing sales", kv("destination", "sales_queue"));
        logged(
                Level.ERROR,
                TRANSFER_TOOL_FAILED,
                "Transfer to sales_queue failed: no answer",
                kv("destination", "sales_queue", "ring_ms", 30000, "duration_ms", 30250),
                null);
        turn(4, "Nobody is available; I'll have someone call you back.", 690);
        info(CALL_COMPLETED, "Call completed", kv("duration_s", 75, "turns", 4));
        end();
    }

    private void quickCall(String id, String agent, String account) {
        begin(id, agent, account);
        opening("What are your opening hours?", 310);
        turn(2, "We are open 9 to 5, Monday to Friday.", 530);
        info(CALL_COMPLETED, "Call completed", kv("duration_s", 21, "turns", 2));
        end();
    }

    private void begin(String id, String agent, String account) {
        callId = id;
        agentId = agent;
        accountId = account;
        turnId = null;
        MDC.put("call_id", id);
        MDC.put("agent_id", agent);
        MDC.put("account_id", account);
        MDC.put("trace_id", "trace-" + id.substring("call-".length()));
        info(RECORDING_STARTED, "Recording started", kv("channels", 2));
        info(AGENT_INITIALIZED, "Agent initialized", kv("model", "voice-large", "language", "en-US"));
    }

    private void opening(String userText, int greetingLatencyMs) {
        turn(1);
        info(GREETING_SENT, "Hello, thanks for calling. How can I help?", kv("latency_ms", greetingLatencyMs));
        info(AGENT_STARTED_SPEAKING, "Agent started speaking", kv("turn", 1));
        info(AGENT_ENDED_SPEAKING, "Agent ended speaking", kv("turn", 1, "spoken_ms", 2100));
        info(USER_STARTED_SPEAKING, "User started speaking", kv("turn", 1));
        info(USER_STOPPED_SPEAKING, "User stopped speaking", kv("turn", 1, "spoken_ms", 2600));
        info(USER_MESSAGE_RECEIVED, userText, kv("turn", 1, "confidence", 0.94));
    }

    private void user(int turn, String text) {
        turn(turn);
        info(USER_STARTED_SPEAKING, "User started speaking", kv("turn", turn));
        info(USER_STOPPED_SPEAKING, "User stopped speaking", kv("turn", turn));
        info(USER_MESSAGE_RECEIVED, text, kv("turn", turn, "confidence", 0.91));
    }

    private void turn(int turn, String agentText, int latencyMs) {
        turn(turn);
        info(AGENT_MESSAGE_SENT, agentText, kv("turn", turn, "latency_ms", latencyMs));
        info(AGENT_STARTED_SPEAKING, "Agent started speaking", kv("turn", turn));
        info(AGENT_ENDED_SPEAKING, "Agent ended speaking", kv("turn", turn));
    }

    /** The agent answers and the contact talks over it. */
    private void interruptedTurn(int turn, String agentText, int latencyMs, int spokenMs) {
        turn(turn);
        info(AGENT_MESSAGE_SENT, agentText, kv("turn", turn, "latency_ms", latencyMs));
        info(AGENT_STARTED_SPEAKING, "Agent started speaking", kv("turn", turn));
        info(USER_STARTED_SPEAKING, "User started speaking", kv("turn", turn));
        info(AGENT_INTERRUPTED, "The contact interrupted the agent", kv("turn", turn, "spoken_ms", spokenMs));
    }

    private void turn(int turn) {
        turnId = "turn-" + turn;
        MDC.put("turn_id", turnId);
    }

    private void end() {
        MDC.clear();
    }

    private void info(String code, String message, Map<String, Object> data) {
        logged(Level.INFO, code, message, data, null);
    }

    /** Logs one event at {@code level} (INFO, WARNING or ERROR) and notes what its document must show. */
    private void logged(Level level, String code, String message, Map<String, Object> data, Throwable cause) {
        LoggingEventBuilder builder =
                switch (level) {
                    case WARNING -> log.atWarn();
                    case ERROR -> log.atError();
                    default -> log.atInfo();
                };
        builder.addMarker(MarkerFactory.getMarker(code)).setMessage(message);
        data.forEach(builder::addKeyValue);
        Map<String, Object> shown = new LinkedHashMap<>(data);
        if (cause != null) {
            builder.setCause(cause);
            shown.put("error", kv("type", cause.getClass().getSimpleName(), "message", cause.getMessage()));
        }
        builder.log();
        logged.add(new LoggedEvent(
                callId,
                agentId,
                accountId,
                turnId,
                code,
                level.atLeast(CATALOG.find(code).floor()),
                message,
                Collections.unmodifiableMap(shown)));
    }

    private static Map<String, Object> kv(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
