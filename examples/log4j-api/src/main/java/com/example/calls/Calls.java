package com.example.calls;

import java.net.SocketTimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.StringMapMessage;

/**
 * The calls of the SLF4J program, logged through the Log4j API: the ids in the {@link ThreadContext}, the event as a
 * marker, the context as the entries of a {@link MapMessage} (its {@code message} entry is the message). They give
 * the same documents as the SLF4J program; a fourth call shows what the README's log4j2.xml adds.
 */
public final class Calls {
    private static final Logger log = LogManager.getLogger(Calls.class);

    private Calls() {}

    /** Logs four calls; their call ids are {@code <prefix>-1001} to {@code <prefix>-1004}. */
    public static void simulate(String prefix) {
        orderStatus(prefix + "-1001");
        failedLookupAndTransfer(prefix + "-1002");
        webhookRetries(prefix + "-1003");
        paymentLink(prefix + "-1004");
        log.info("Simulated four calls"); // no event marker: not a call-log event, never shipped
    }

    /** A call that goes well: plain messages for plain events, a MapMessage for events with data. */
    private static void orderStatus(String callId) {
        ThreadContext.put("call_id", callId);
        ThreadContext.put("agent_id", "agent-support");
        try {
            log.info(event("recording_started"), "Recording started");
            log.info(
                    event("user_message_received"),
                    data("Where is my order?").with("language", "en-US").with("confidence", 0.92));
            log.info(
                    event("integration_tool_invoked"),
                    new StringMapMessage().with("message", "Looking up the order").with("tool", "order_lookup"));
            log.info(
                    event("integration_tool_completed"),
                    data("Order found")
                            .with("tool", "order_lookup")
                            .with("duration_ms", 212)
                            .with("http_status", 200));
            log.info(event("agent_message_sent"), data("Your order ships tomorrow.").with("latency_ms", 640));
            log.info(event("call_completed"), "Call completed after {} turns", 2);
        } finally {
            ThreadContext.clearMap();
        }
    }

    /** A call where a tool times out (an exception) and a transfer fails (FATAL: CRITICAL). */
    private static void failedLookupAndTransfer(String callId) {
        ThreadContext.put("call_id", callId);
        ThreadContext.put("agent_id", "agent-billing");
        try {
            log.info(
                    event("integration_tool_invoked"),
                    new StringMapMessage().with("message", "Looking up the customer").with("tool", "crm_lookup"));
            log.error(
                    event("integration_tool_failed"),
                    data("CRM lookup failed").with("tool", "crm_lookup").with("duration_ms", 5003),
                    new SocketTimeoutException("Read timed out"));
            log.info(
                    event("transfer_tool_invoked"),
                    new StringMapMessage()
                            .with("message", "Transferring to a person")
                            .with("destination", "billing-desk"));
            log.fatal(
                    event("transfer_tool_failed"),
                    data("Nobody answered at the billing desk")
                            .with("destination", "billing-desk")
                            .with("attempts", 3));
            log.error(event("call_failed"), "Call failed: no agent available");
        } finally {
            ThreadContext.clearMap();
        }
    }

    /** A call whose end-of-call webhook needs a retry; a warning and a long number. */
    private static void webhookRetries(String callId) {
        ThreadContext.put("call_id", callId);
        ThreadContext.put("agent_id", "agent-support");
        try {
            log.info(event("webhook_sent"), data("Webhook sent").with("webhook", "call.ended").with("attempt", 1));
            log.warn(
                    event("webhook_response_failed"),
                    data("Webhook answered 503, will retry")
                            .with("webhook", "call.ended")
                            .with("http_status", 503)
                            .with("bytes", 4_294_967_296L));
            log.info(
                    event("webhook_response_success"),
                    data("Webhook delivered").with("webhook", "call.ended").with("attempt", 2));
            log.info(event("call_completed"), "Call completed");
        } finally {
            ThreadContext.clearMap();
        }
    }

    /**
     * What the README's log4j2.xml adds: the event {@code sms_sent} it registers, the {@code tenant} context entry it
     * copies into the data ({@code mdcDataKeys}), and its redact pattern for API keys.
     */
    private static void paymentLink(String callId) {
        ThreadContext.put("call_id", callId);
        ThreadContext.put("agent_id", "agent-sales");
        ThreadContext.put("tenant", "acme-eu");
        try {
            log.info(
                    event("sms_sent"),
                    new StringMapMessage().with("message", "Payment link sent").with("template", "payment_link"));
            log.info(
                    event("integration_tool_completed"),
                    data("Charged with key sk-live0123456789abcdefghij")
                            .with("integration", "payments")
                            .with("duration_ms", 388));
            log.info(event("call_completed"), "Call completed");
        } finally {
            ThreadContext.clearMap();
        }
    }

    /** A MapMessage whose values keep their type (numbers stay numbers). */
    private static MapMessage<?, Object> data(String message) {
        MapMessage<?, Object> data = new MapMessage<>();
        return data.with("message", message);
    }

    private static Marker event(String code) {
        return MarkerManager.getMarker(code);
    }
}
