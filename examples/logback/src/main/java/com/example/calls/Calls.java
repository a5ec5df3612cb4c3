package com.example.calls;

import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Three simulated voice-agent calls, logged through the SLF4J 2 API only: the call and agent ids in the MDC, the
 * event as a marker, the context as key-values. The same program runs on Logback and on Log4j
 * ({@code log4j-slf4j2-impl}) and must give the same documents.
 */
public final class Calls {
    private static final Logger log = LoggerFactory.getLogger(Calls.class);

    private Calls() {}

    /** Logs the three calls; their call ids are {@code <prefix>-1001} to {@code <prefix>-1003}. */
    public static void simulate(String prefix) {
        orderStatus(prefix + "-1001");
        failedLookupAndTransfer(prefix + "-1002");
        webhookRetries(prefix + "-1003");
        log.info("Simulated three calls"); // no event marker: not a call-log event, never shipped
    }

    /** A call that goes well: the classic API for plain events, the fluent API for events with data. */
    private static void orderStatus(String callId) {
        MDC.put("call_id", callId);
        MDC.put("agent_id", "agent-support");
        try {
            log.info(event("recording_started"), "Recording started");
            log.atInfo()
                    .addMarker(event("user_message_received"))
                    .addKeyValue("language", "en-US")
                    .addKeyValue("confidence", 0.92)
                    .log("Where is my order?");
            log.atInfo()
                    .addMarker(event("integration_tool_invoked"))
                    .addKeyValue("tool", "order_lookup")
                    .log("Looking up the order");
            log.atInfo()
                    .addMarker(event("integration_tool_completed"))
                    .addKeyValue("tool", "order_lookup")
                    .addKeyValue("duration_ms", 212)
                    .addKeyValue("http_status", 200)
                    .log("Order found");
            log.atInfo()
                    .addMarker(event("agent_message_sent"))
                    .addKeyValue("latency_ms", 640)
                    .log("Your order ships tomorrow.");
            log.info(event("call_completed"), "Call completed after {} turns", 2);
        } finally {
            MDC.clear();
        }
    }

    /**
     * A call where a tool times out (an exception) and a transfer fails, raised to CRITICAL by one marker that carries
     * the event and CRITICAL: log4j-slf4j2-impl keeps only the last marker given to {@code addMarker}.
     */
    private static void failedLookupAndTransfer(String callId) {
        MDC.put("call_id", callId);
        MDC.put("agent_id", "agent-billing");
        try {
            log.atInfo()
                    .addMarker(event("integration_tool_invoked"))
                    .addKeyValue("tool", "crm_lookup")
                    .log("Looking up the customer");
            log.atError()
                    .addMarker(event("integration_tool_failed"))
                    .addKeyValue("tool", "crm_lookup")
                    .addKeyValue("duration_ms", 5003)
                    .setCause(new SocketTimeoutException("Read timed out"))
                    .log("CRM lookup failed");
            log.atInfo()
                    .addMarker(event("transfer_tool_invoked"))
                    .addKeyValue("destination", "billing-desk")
                    .log("Transferring to a person");
            log.atError()
                    .addMarker(event("transfer_tool_failed+CRITICAL"))
                    .addKeyValue("destination", "billing-desk")
                    .addKeyValue("attempts", 3)
                    .log("Nobody answered at the billing desk");
            log.error(event("call_failed"), "Call failed: no agent available");
        } finally {
            MDC.clear();
        }
    }

    /** A call whose end-of-call webhook needs a retry; a warning and a long number. */
    private static void webhookRetries(String callId) {
        MDC.put("call_id", callId);
        MDC.put("agent_id", "agent-support");
        try {
            log.atInfo()
                    .addMarker(event("webhook_sent"))
                    .addKeyValue("webhook", "call.ended")
                    .addKeyValue("attempt", 1)
                    .log("Webhook sent");
            log.atWarn()
                    .addMarker(event("webhook_response_failed"))
                    .addKeyValue("webhook", "call.ended")
                    .addKeyValue("http_status", 503)
                    .addKeyValue("bytes", 4_294_967_296L)
                    .log("Webhook answered 503, will retry");
            log.atInfo()
                    .addMarker(event("webhook_response_success"))
                    .addKeyValue("webhook", "call.ended")
                    .addKeyValue("attempt", 2)
                    .log("Webhook delivered");
            log.info(event("call_completed"), "Call completed");
        } finally {
            MDC.clear();
        }
    }

    private static Marker event(String code) {
        return MarkerFactory.getMarker(code);
    }
}
